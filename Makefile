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
# Building: libchafa-dev and libglib2.0-dev for the UI's preview, libssl-dev for SHA-256 (the
# weights hash, API keys). Testing adds tmux (the UI tests), chromium (the browser of the CORS
# test) and nginx (the load balancer of the rolling-restart test, mk/deploy.mk); the
# Dockerfile's toolchain installs the first list and tmux.
APT_PACKAGES := libtorch-dev python3-torch libjpeg-dev libpng-dev libcurl4-openssl-dev \
	libncursesw5-dev libchafa-dev libglib2.0-dev libssl-dev
TEST_APT_PACKAGES := tmux chromium nginx
# `make bench-train`'s Python reference decodes photos with Pillow.
BENCH_APT_PACKAGES := python3-pil
RELEASE_BIN := .build/release/snakeid
# The benchmarks: a program of their own beside snakeid (whose whole processes they time).
BENCH_BIN := .build/release/snakeid-bench
ARGS ?=

.PHONY: run test deps test-deps model build release bench bench-server bench-train format lint clean

run: release
	$(RELEASE_BIN) $(ARGS)

test: deps test-deps model
	swift build --build-tests
	swift test --skip-build
	@# snakeid loads libTorchBridge.so from beside itself: `--product snakeid` alone leaves it out.
	swift build -c release --product snakeid
	swift build -c release --product TorchBridge
	SNAKEID_TEST_BINARY_DIR=$(CURDIR)/.build/release swift test --skip-build --filter '$(PROCESS_SUITES)'

# The suites that run the real snakeid (the CLI, serve, the UI in tmux and a pty): `make test`
# runs them once more against the release build, where the optimiser's bugs would show.
PROCESS_SUITES := SnakeIDTests\.|TUITests\.(TerminalSessions|CommandTests|PtyPreviewTests)|ServerTests\.(ServeReloadTests|ShutdownTests|MemoryBoundTests)

# Installs the Debian packages of $(1) that are missing.
define apt_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

deps:
	$(call apt_install,$(APT_PACKAGES))

test-deps:
	$(call apt_install,$(TEST_APT_PACKAGES))

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

# snakeid train on mozsnake against the same method in PyTorch (scripts/train_probe.py).
bench-train: release
	$(call apt_install,$(BENCH_APT_PACKAGES))
	$(BENCH_BIN) train --images ../shared/images/mozsnake

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
	$(call apt_install,debootstrap patchelf binutils curl)

image-check: release-static image-check-deps
	$(SUDO) env BIN_DIR=$(STATIC_BUILD)/release deploy/image-check.sh

# Further targets, one file per concern (fuzzing, conformance, engines).
-include mk/*.mk
