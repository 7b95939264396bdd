# `make bench-peers` / `make profile`: SnakeID beside the Python peers of ../shared/peers (same
# model file, photos and POST /upload), in one run. The peers' Python (PyPI, pinned, as
# ../shared/peers/README.md names the packages) is made once in .cache/peers/venv.
PEERS_VENV := .cache/peers/venv
PEERS_PYTHON ?= python3
PEERS_PACKAGES := openvino==2026.4.1 onnxruntime==1.32.0 pillow==13.0.0 numpy==2.4.6 \
	starlette==1.10.0 uvicorn==0.55.0 python-multipart==0.0.34
.PHONY: bench-peers profile peers-venv

bench-peers: release peers-venv
	SNAKEID_PEER_PYTHON=$(PEERS_VENV)/bin/python $(BENCH_BIN) bench-peers

profile: release peers-venv
	SNAKEID_PEER_PYTHON=$(PEERS_VENV)/bin/python $(BENCH_BIN) profile --engine openvino

peers-venv: $(PEERS_VENV)/.installed

$(PEERS_VENV)/.installed: mk/peers.mk | conformance-python
	$(PEERS_PYTHON) -m venv $(PEERS_VENV)
	$(PEERS_VENV)/bin/pip install -q $(PEERS_PACKAGES)
	touch $@
