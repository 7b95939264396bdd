# `make conformance`: schemathesis (PyPI, pinned, installed once in .cache/conformance/venv)
# against a live `snakeid serve` on 127.0.0.1, every check against the server's own
# /openapi.json, a fixed seed and a time budget (scripts/conformance.sh says what fails it).
#   make conformance CONFORMANCE_SECONDS=30             a shorter run
#   make conformance CONFORMANCE_BIN=.build/release/snakeid
# The default binary is the debug build `make test` uses, brought up to date here.
CONFORMANCE_BIN ?= .build/debug/snakeid
CONFORMANCE_SECONDS ?= 120
CONFORMANCE_EXAMPLES ?= 50
CONFORMANCE_SEED ?= 20240611
CONFORMANCE_PYTHON ?= python3
.PHONY: conformance conformance-python
# Part of `make test` (CI): about 2.5 minutes with the default budget.
test: conformance

conformance: deps model conformance-python
	@# The default binary is (re)built with everything it loads (libTorchBridge.so): `swift build`
	@# builds all products and is quick when they are up to date.
	@if [ "$(CONFORMANCE_BIN)" = .build/debug/snakeid ]; then swift build; \
	elif [ ! -x "$(CONFORMANCE_BIN)" ]; then echo "conformance: no executable $(CONFORMANCE_BIN)" >&2; exit 1; fi
	CONFORMANCE_BIN=$(CONFORMANCE_BIN) CONFORMANCE_MODEL=$(MODEL_DIR) \
	CONFORMANCE_SECONDS=$(CONFORMANCE_SECONDS) CONFORMANCE_EXAMPLES=$(CONFORMANCE_EXAMPLES) \
	CONFORMANCE_SEED=$(CONFORMANCE_SEED) CONFORMANCE_PYTHON=$(CONFORMANCE_PYTHON) \
		scripts/conformance.sh

# A Python that can make a venv with pip (Debian's own python3 needs python3-venv for that).
conformance-python:
	@if ! $(CONFORMANCE_PYTHON) -c 'import venv, ensurepip' 2>/dev/null; then \
		echo "installing: python3-venv"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends python3-venv >/dev/null; \
	fi
