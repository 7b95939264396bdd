"""The Open Inference Protocol (KServe v2) on a live `snakeid serve`, through the real client,
tritonclient[http]: live, ready, server and model metadata, and inference with both inputs
(encoded images as BYTES, binary and base64-in-JSON; preprocessed FP32 pixels), plus errors.

    python scripts/kserve_client_check.py URL MODEL IMAGE...   (e.g. 127.0.0.1:8008)

Prints one line per check and `N passed, N failed`; exits 1 on any failure.
"""

import base64
import json
import sys
import urllib.request

import numpy as np
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException

url, model, images = sys.argv[1], sys.argv[2], sys.argv[3:]
passed = failed = 0


def text(element):
    """A BYTES element: bytes from binary data, str from JSON."""
    return element.decode() if isinstance(element, bytes) else element


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok    {name}")
    else:
        failed += 1
        print(f"FAIL  {name} {detail}")


client = httpclient.InferenceServerClient(url=url, connection_timeout=30, network_timeout=120)
check("server live", client.is_server_live())
check("server ready", client.is_server_ready())
check("model ready", client.is_model_ready(model))
server = client.get_server_metadata()
check("server metadata names snakeid", server.get("name") == "snakeid", server)
check("binary tensor data extension listed", "binary_tensor_data" in server.get("extensions", []), server)
metadata = client.get_model_metadata(model)
inputs = {i["name"]: i for i in metadata["inputs"]}
outputs = {o["name"]: o for o in metadata["outputs"]}
check("metadata: image input is BYTES", inputs.get("image", {}).get("datatype") == "BYTES", metadata)
check("metadata: pixels input is FP32 [-1,3,H,W]", inputs.get("pixels", {}).get("shape", [])[:2] == [-1, 3], metadata)
for name in ["probabilities", "labels", "snake_probability", "verdict", "risk"]:
    check(f"metadata: output {name}", name in outputs, metadata)
labels = outputs["probabilities"]["shape"][1]
height, width = inputs["pixels"]["shape"][2:]

photos = [open(path, "rb").read() for path in images]
batch = np.array(photos, dtype=np.object_)


def infer_bytes(binary_data, requested=None):
    tensor = httpclient.InferInput("image", [len(photos)], "BYTES")
    if binary_data:
        tensor.set_data_from_numpy(batch, binary_data=True)
    else:
        # JSON BYTES carry base64 (a JSON string cannot hold an image's bytes).
        encoded = np.array([base64.b64encode(p).decode() for p in photos], dtype=np.object_)
        tensor.set_data_from_numpy(encoded, binary_data=False)
    return client.infer(model, [tensor], outputs=requested)


for binary in (True, False):
    kind = "binary" if binary else "JSON base64"
    requested = None if binary else [httpclient.InferRequestedOutput(n, binary_data=False) for n in outputs]
    result = infer_bytes(binary, requested)
    probabilities = result.as_numpy("probabilities")
    check(f"BYTES ({kind}): probabilities [N, L]", probabilities is not None and probabilities.shape == (len(photos), labels),
          None if probabilities is None else probabilities.shape)
    check(f"BYTES ({kind}): each row sums to 1", probabilities is not None and np.allclose(probabilities.sum(axis=1), 1, atol=1e-3))
    verdicts = result.as_numpy("verdict")
    check(f"BYTES ({kind}): a verdict per image", verdicts is not None and verdicts.shape == (len(photos),), verdicts)
    snake = result.as_numpy("snake_probability")
    check(f"BYTES ({kind}): snake_probability per image", snake is not None and snake.shape == (len(photos),))
    risk = result.as_numpy("risk")
    check(f"BYTES ({kind}): risk per image", risk is not None and all(text(r) in {"dangerous", "possible", "low", "unknown"} for r in risk), risk)
    top_labels = result.as_numpy("labels")
    check(f"BYTES ({kind}): labels [N, K]", top_labels is not None and top_labels.shape[0] == len(photos))
    if binary:
        first = (verdicts, snake, probabilities.argmax(axis=1))

# The first image is a snake photo, the last one not (the caller's order).
check("the snake photo's verdict is snake", text(first[0][0]) == "snake", first[0])
check("the other photo's verdict is not_snake", text(first[0][-1]) == "not_snake", first[0])

# FP32: a client that preprocesses sends the tensor itself; here a flat grey image.
pixels = np.zeros((2, 3, height, width), dtype=np.float32)
tensor = httpclient.InferInput("pixels", list(pixels.shape), "FP32")
tensor.set_data_from_numpy(pixels, binary_data=True)
result = client.infer(model, [tensor])
probabilities = result.as_numpy("probabilities")
check("FP32 (binary): probabilities [2, L]", probabilities is not None and probabilities.shape == (2, labels))
check("FP32: the same input gives the same answer", probabilities is not None and np.allclose(probabilities[0], probabilities[1], atol=1e-5))
small = np.zeros((1, 3, height, width), dtype=np.float32)
tensor = httpclient.InferInput("pixels", list(small.shape), "FP32")
tensor.set_data_from_numpy(small, binary_data=False)
result = client.infer(model, [tensor], outputs=[httpclient.InferRequestedOutput("verdict", binary_data=False)])
check("FP32 (JSON): only the output asked for", result.as_numpy("verdict") is not None and result.as_numpy("probabilities") is None)

# Errors: a wrong shape, an unknown model, a body that is not an image.
# The errors carry SnakeID's usual body, {"error": {"code", "message"}}: tritonclient raises
# with that object as the message.
def refused(name, call, code):
    try:
        call()
        check(name, False, "no error")
    except InferenceServerException as error:
        check(name, code in str(error), str(error))


wrong = httpclient.InferInput("pixels", [1, 3, 8, 8], "FP32")
wrong.set_data_from_numpy(np.zeros((1, 3, 8, 8), dtype=np.float32))
refused("wrong FP32 shape: invalid_parameter", lambda: client.infer(model, [wrong]), "invalid_parameter")
refused("unknown model: unknown_model", lambda: client.get_model_metadata("no-such-model"), "unknown_model")
junk = httpclient.InferInput("image", [1], "BYTES")
junk.set_data_from_numpy(np.array([b"not an image"], dtype=np.object_), binary_data=True)
refused("bytes that are no image: unsupported_format", lambda: client.infer(model, [junk]), "unsupported_format")

# The server's metrics saw the v2 routes.
with urllib.request.urlopen(f"http://{url}/metrics", timeout=30) as response:
    metrics = response.read().decode()
check("metrics count the infer route", 'route="/v2/models/{name}/infer"' in metrics or "/v2/models/:name/infer" in metrics)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
