# OpenVINO, SnakeID's second engine (`--engine openvino`): its runtime comes from the PyPI
# wheel, downloaded with pip (never installed) and unpacked into .cache/openvino (never
# committed): the C API's headers in include/, its licence and third-party notices in
# licenses/ (shipped with the slim image), and in libs/ the part of the wheel SnakeID
# loads: the C API, the core, the CPU plugin, the ONNX frontend and TBB (89 of the wheel's
# 170 MB of libraries). `make test`, `make build` and `make release` get it first.
#
# SnakeID does not link OpenVINO: Sources/COpenVINOBridge declares the few C functions it
# calls and loads libopenvino_c with dlopen at run time (from $SNAKEID_OPENVINO, beside the
# executable, or this folder in the checkout the executable was built in). After unpacking,
# the shim is compiled once against the wheel's headers, which fails if a declaration differs.

OPENVINO_VERSION := 2026.4.1
# The wheel (any Python tag holds the same libraries; cp311 is Debian 12's).
OPENVINO_WHEEL_PLATFORM := manylinux_2_28_x86_64
OPENVINO_WHEEL_SHA256 := 2d22b1da03f7caf74df30e9f6417d0ab2f637e4a38e08e1dcd294d2c37407aaf
OPENVINO_DIR := .cache/openvino
OPENVINO_LIBS := libopenvino_c.so.* libopenvino.so.* libopenvino_intel_cpu_plugin.so \
	libopenvino_onnx_frontend.so.* libtbb.so.* libtbbbind_2_5.so.* libtbbmalloc.so.* libhwloc.so.*
# The stamp's last number changes when what is unpacked does (2: the licences too).
OPENVINO_UNPACKED := $(OPENVINO_DIR)/.unpacked-$(OPENVINO_VERSION)-2
OPENVINO_CHECKED := $(OPENVINO_DIR)/.api-checked
OPENVINO_SHIM := Sources/COpenVINOBridge
OPENVINO_CC = $(shell command -v cc || command -v clang)
# Debian's python3 may lack pip; any pip can download a wheel for another interpreter.
OPENVINO_PIP = $(shell for pip in "/usr/bin/python3 -m pip" "python3 -m pip" pip3; do \
	$$pip --version >/dev/null 2>&1 && { echo "$$pip"; break; }; done)

APT_PACKAGES += unzip

.PHONY: openvino-runtime
openvino-runtime: $(OPENVINO_CHECKED)

test build release: openvino-runtime

# A new OPENVINO_VERSION unpacks afresh (the stamp names the version).
$(OPENVINO_UNPACKED): | deps
	@[ "$$(uname -m)" = x86_64 ] || { echo "OpenVINO: only the x86_64 wheel is pinned"; exit 1; }
	@[ -n "$(OPENVINO_PIP)" ] || { echo "OpenVINO: no pip (apt-get install python3-pip)"; exit 1; }
	rm -rf $(OPENVINO_DIR) && mkdir -p $(OPENVINO_DIR)/wheel
	$(OPENVINO_PIP) download --quiet --no-deps --only-binary=:all: --implementation cp \
		--python-version 3.11 --platform $(OPENVINO_WHEEL_PLATFORM) -d $(OPENVINO_DIR)/wheel \
		openvino==$(OPENVINO_VERSION)
	echo "$(OPENVINO_WHEEL_SHA256)  $$(ls $(OPENVINO_DIR)/wheel/*.whl)" | sha256sum --check --quiet
	unzip -q $(OPENVINO_DIR)/wheel/*.whl 'openvino/include/openvino/c/*' \
		$(foreach lib,$(OPENVINO_LIBS),'openvino/libs/$(lib)') 'openvino-*.dist-info/licenses/*' \
		-d $(OPENVINO_DIR)/wheel
	mv $(OPENVINO_DIR)/wheel/openvino/include $(OPENVINO_DIR)/wheel/openvino/libs $(OPENVINO_DIR)/
	mv $(OPENVINO_DIR)/wheel/openvino-*.dist-info/licenses $(OPENVINO_DIR)/licenses
	rm -rf $(OPENVINO_DIR)/wheel
	touch $@

# The shim's own declarations of the OpenVINO C API against the real headers.
$(OPENVINO_CHECKED): $(OPENVINO_UNPACKED) $(wildcard $(OPENVINO_SHIM)/*.c $(OPENVINO_SHIM)/*.h)
	for source in $(OPENVINO_SHIM)/*.c; do \
		$(OPENVINO_CC) -std=c11 -D_GNU_SOURCE -DSNK_OV_REAL_HEADERS -fsyntax-only -I$(OPENVINO_DIR)/include \
			-I$(OPENVINO_SHIM)/include $$source || exit 1; \
	done
	touch $@
