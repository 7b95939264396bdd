# SnakeID: two commands on a fresh Debian 12 machine.
#   make run    build and open SnakeID (ARGS="classify DIR" runs a command instead)
#   make test   build and run every test
# Both install what is missing first: Debian packages (with sudo when not root) and the
# default model bundle.

SHELL := /bin/bash
MODEL_DIR := models/efficientnet-lite0
MODEL := $(MODEL_DIR)/model.pt
MODEL_ONNX := $(MODEL_DIR)/model.onnx
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# libchafa-dev, libglib2.0-dev: the UI's preview; libssl-dev: SHA-256 (weights hash, API keys);
# chromium: the headless browser of the CORS test.
APT_PACKAGES := libtorch-dev python3-torch libjpeg-dev libpng-dev libcurl4-openssl-dev \
	libncursesw5-dev tmux libchafa-dev libglib2.0-dev libssl-dev chromium
RELEASE_BIN := .build/release/snakeid
# The benchmarks: a program of their own beside snakeid (whose whole processes they time).
BENCH_BIN := .build/release/snakeid-bench
ARGS ?=

.PHONY: run test deps model build release bench bench-server format lint clean

run: release
	$(RELEASE_BIN) $(ARGS)

test: deps model
	swift build --build-tests
	swift test --skip-build

deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

model: $(MODEL) $(MODEL_ONNX)

$(MODEL) $(MODEL_ONNX) &: models/export_default.py | deps
	/usr/bin/python3 models/export_default.py $(MODEL_DIR)

build: deps
	swift build

release: deps model
	swift build -c release

bench: release
	$(BENCH_BIN) bench --images ../shared/images

bench-server: release
	$(BENCH_BIN) bench-server --images ../shared/images/snakes,../shared/images/other

format:
	swift format -i -r Sources Tests Package.swift

lint:
	swift format lint -r Sources Tests

clean:
	rm -rf .build

# `make image-check`: the production image's runtime root, built and checked without a Docker
# engine (deploy/image-check.sh; root, debootstrap, Debian's package registry the first time).
# The static-stdlib release build has its own scratch folder: sharing .build with `make release`
# would recompile every module each time one follows the other.
STATIC_BUILD := .build-static
.PHONY: image-check image-check-deps release-static

release-static: deps model
	swift build -c release --static-swift-stdlib --scratch-path $(STATIC_BUILD)

image-check-deps:
	@missing=$$(for p in debootstrap patchelf binutils curl; do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

image-check: release-static image-check-deps
	$(SUDO) env BIN_DIR=$(STATIC_BUILD)/release deploy/image-check.sh

# Further targets, one file per concern (fuzzing, conformance, engines).
-include mk/*.mk
