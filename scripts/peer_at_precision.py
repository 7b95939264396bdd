#!/usr/bin/env python3
"""Runs one of ../shared/peers' OpenVINO scripts with OpenVINO's inference precision pinned, so
`snakeid-bench bench-peers` can compare SnakeID with the peer at the same precision.

    peer_at_precision.py PRECISION PEER_SCRIPT ARGUMENT…

The peers leave INFERENCE_PRECISION_HINT at OpenVINO's default, which is bf16 on a CPU with
AVX-512 BF16 or AMX and f32 elsewhere; SnakeID asks for f32 (parity with libtorch). This adds the
hint to every `Core.compile_model` the script makes, then runs it unchanged as `__main__`.
"""
import runpy
import sys

import openvino as ov

precision, script = sys.argv[1], sys.argv[2]
compile_model = ov.Core.compile_model


def compile_model_at_precision(self, model, device_name=None, config=None, **options):
    config = dict(config or {})
    config["INFERENCE_PRECISION_HINT"] = precision
    compiled = compile_model(self, model, device_name, config, **options)
    granted = compiled.get_property("INFERENCE_PRECISION_HINT").get_type_name()
    if granted != precision:
        sys.exit(f"peer_at_precision: asked OpenVINO for {precision}, it compiled {granted}")
    print(f"peer_at_precision: {script} compiled at {granted}", file=sys.stderr)
    return compiled


ov.Core.compile_model = compile_model_at_precision
sys.argv = [script] + sys.argv[3:]
runpy.run_path(script, run_name="__main__")
