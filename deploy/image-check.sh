#!/usr/bin/env bash
# `make image-check`: proves the production images' runtime roots without a Docker engine: the
# default image (libtorch, on a Debian base) and the slim one (OpenVINO, FROM scratch).
#
# Builds the runtime root the way the Dockerfile's runtime stage does — deploy/runtime-root.sh
# `stage` here (this machine is the build stage), `install` inside a Debian bookworm minbase made
# with debootstrap (debian:bookworm-slim is that, slimmed) — then, inside it with chroot and as
# the unprivileged user `snakeid`:
#   1. every library of the binary, libTorchBridge.so and curl resolves there (ldd, in install),
#   2. `snakeid classify --format jsonl` on a shared photo of an Indian cobra says so, and no
#      library is loaded at run time from outside the ldd closure (LD_DEBUG=libs),
#   3. `snakeid serve` (port from $PORT, as the image's CMD) answers /readyz, the HEALTHCHECK
#      command, POST /upload and POST /v1/classify; curl runs outside the chroot on 127.0.0.1,
#   4. it stops on SIGTERM with status 0,
# and prints the sizes. The slim root (deploy/runtime-root.sh slim: the binary, OpenVINO, the
# ONNX model, curl and their closure, glibc included, and nothing else) goes through the same
# checks with the OpenVINO engine, and must be at most SLIM_LIMIT_MB (200) MB. Steps 2-4 run on a read-only view of the root with a tmpfs /tmp, as
# the image runs under compose (read_only) and Kubernetes (readOnlyRootFilesystem), with /proc
# a /dev with null, zero and (u)random, and a read-only /sys mounted for the run and unmounted after (and by the EXIT trap). Needs root, debootstrap, and Debian's package registry (for the first
# debootstrap; the result and the .debs are cached in .cache/image-check/).
#
# Inputs (environment): BIN_DIR (.build/release), MODEL_DIR (models/efficientnet-lite0),
# OPENVINO_DIR (.cache/openvino), SLIM_LIMIT_MB (200),
# PHOTO (../shared/images/snakes/n01748264_Indian_cobra.JPEG), DEBIAN_MIRROR (default: the
# bookworm source of this machine's apt configuration), CACHE (.cache/image-check).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN_DIR=${BIN_DIR:-.build/release}
MODEL_DIR=${MODEL_DIR:-models/efficientnet-lite0}
OPENVINO_DIR=${OPENVINO_DIR:-.cache/openvino}
SLIM_LIMIT_MB=${SLIM_LIMIT_MB:-200}
PHOTO=${PHOTO:-../shared/images/snakes/n01748264_Indian_cobra.JPEG}
# Debian's package registry as apt is set up on this machine (bookworm, main), unless given.
apt_mirror() {
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk 'BEGIN { RS = "" } /(^|\n)Suites:[^\n]*[ \t]bookworm([ \t]|\n|$)/ && /(^|\n)Components:[^\n]*[ \t]main/ {
                if (match($0, /(^|\n)URIs:[ \t]*[^ \t\n]+/)) { u = substr($0, RSTART, RLENGTH); sub(/.*URIs:[ \t]*/, "", u); print u; exit } }' "$f"
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) while ($i !~ /\]$/) i++; if ($2 ~ /^\[/) i++;
            if ($(i + 1) == "bookworm") { print $i; exit } }' "$f"
    done
    return 0
}
mirrors=$(apt_mirror)
DEBIAN_MIRROR=${DEBIAN_MIRROR:-${mirrors%%$'\n'*}}
[ -n "$DEBIAN_MIRROR" ] || { echo "image-check: no Debian bookworm source in apt's configuration; set DEBIAN_MIRROR" >&2; exit 1; }
CACHE=$(realpath -m "${CACHE:-.cache/image-check}")
MINBASE=$CACHE/minbase
ROOT=$CACHE/root
SLIM_ROOT=$CACHE/slim-root
LD_LOG_DIR=/tmp/snakeid-image-check-ld
STAGE=$CACHE/stage
RUNTIME_UID=10001
EXPECTED_LABEL="Indian cobra"

results=()
failed=0
pass() { results+=("PASS  $*"); echo "image-check: PASS  $*"; }
fail() { results+=("FAIL  $*"); echo "image-check: FAIL  $*" >&2; failed=1; }
die() { echo "image-check: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, mount)"
for tool in debootstrap patchelf nm curl python3; do
    command -v "$tool" >/dev/null || die "$tool is not installed (make image-check installs debootstrap, patchelf, binutils, curl)"
done
[ -f "$PHOTO" ] || die "missing test photo $PHOTO"

server_pid=
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    for m in "$CACHE/ro/sys" "$CACHE/ro/dev" "$CACHE/ro/proc" "$CACHE/ro/tmp" "$CACHE/ro" "$ROOT/stage"; do
        if mountpoint -q "$m" 2>/dev/null; then umount "$m" || umount -l "$m" || true; fi
    done
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cleanup  # mounts left by an interrupted run, before anything under $CACHE is removed

# 1. A minimal Debian bookworm, made once and kept (with the downloaded .debs) in the cache.
if [ ! -f "$MINBASE/.complete" ]; then
    echo "image-check: debootstrap --variant=minbase bookworm (cached in $CACHE)"
    mkdir -p "$CACHE/debs"
    rm -rf --one-file-system "$MINBASE.tmp"
    debootstrap --variant=minbase --cache-dir="$CACHE/debs" bookworm "$MINBASE.tmp" "$DEBIAN_MIRROR" \
        >"$CACHE/debootstrap.log" 2>&1 || { tail -20 "$CACHE/debootstrap.log" >&2; die "debootstrap failed"; }
    rm -rf "$MINBASE"
    mv "$MINBASE.tmp" "$MINBASE"
    touch "$MINBASE/.complete"
fi

# 2. The build stage's half: stage the binary, bridge, model and the library closure.
deploy/runtime-root.sh stage "$STAGE" "$BIN_DIR" "$MODEL_DIR"

# 3. The runtime stage's half, in a fresh copy of the minbase root: the stage is bind-mounted
#    read-only, as the Dockerfile's RUN --mount=type=bind does.
rm -rf --one-file-system "$ROOT"
cp -a "$MINBASE" "$ROOT"
rm -f "$ROOT/.complete"
mkdir -p "$ROOT/stage"
mount --bind "$STAGE" "$ROOT/stage"
mount -o remount,bind,ro "$ROOT/stage"
if chroot "$ROOT" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    /bin/sh /stage/runtime-root.sh install /stage; then
    pass "runtime root assembled; ldd -r inside it resolves every library and symbol of snakeid, libTorchBridge.so, curl"
else
    fail "runtime root: install or its ldd check failed (a library is missing)"
fi
umount "$ROOT/stage"
rmdir "$ROOT/stage"
[ "$failed" = 0 ] || die "stopping: the runtime root is incomplete"

echo
deploy/runtime-root.sh sizes "$ROOT"
echo

# 4. The slim root, written whole by the build stage's half (no base, no install step).
if deploy/runtime-root.sh slim "$SLIM_ROOT" "$BIN_DIR" "$MODEL_DIR" "$OPENVINO_DIR"; then
    pass "slim root assembled; its own loader resolves every library and symbol of snakeid, curl and OpenVINO"
else
    fail "slim root: assembling it or its loader check failed"
fi
[ "$failed" = 0 ] || die "stopping: the slim root is incomplete"
echo
deploy/runtime-root.sh slim-sizes "$SLIM_ROOT"
echo
slim_bytes=$(du -sb "$SLIM_ROOT/" | cut -f1)
if [ "$slim_bytes" -le $((SLIM_LIMIT_MB * 1000000)) ]; then
    pass "slim root: $((slim_bytes / 1000000)) MB, within $SLIM_LIMIT_MB MB (full root: $(($(du -sb "$ROOT/" | cut -f1) / 1000000)) MB)"
else
    fail "slim root: $((slim_bytes / 1000000)) MB, over the $SLIM_LIMIT_MB MB limit"
fi
if [ -z "$(find "$SLIM_ROOT" -name 'libtorch*' -o -name 'model.pt' -o -name sh -o -name bash -o -name dpkg | head -n 1)" ]; then
    pass "slim root: no libtorch, no model.pt, no shell, no dpkg"
else
    fail "slim root holds what it should not: $(find "$SLIM_ROOT" -name 'libtorch*' -o -name 'model.pt' -o -name sh -o -name bash -o -name dpkg | head -n 3)"
fi

# Both roots, inside, as the unprivileged user (uid 10001, by number: the slim root has no tools
# to look names up), with a clean environment, on a read-only view of the root with a tmpfs /tmp
# and /proc: as the image runs under compose (read_only) and Kubernetes (readOnlyRootFilesystem,
# an emptyDir on /tmp).
#   check_root NAME ROOT ENGINE_LIBRARY HEALTH_COMMAND... -- ENV...
# ENGINE_LIBRARY: a library the engine's run must load; HEALTH_COMMAND: the image's HEALTHCHECK.
check_root() {
    name=$1 root=$2 engine_library=$3
    shift 3
    health=()
    while [ "$1" != -- ]; do health+=("$1"); shift; done
    shift
    image_env=("$@")
    RUN_ROOT=$CACHE/ro
    mkdir -p "$RUN_ROOT"
    mount --bind "$root" "$RUN_ROOT"
    mount -o remount,bind,ro "$RUN_ROOT"
    mount -t tmpfs -o size=64m,mode=1777 tmpfs "$RUN_ROOT/tmp"
    mount -t proc proc "$RUN_ROOT/proc"
    # /dev as a container runtime provides it (the slim root has an empty /dev).
    mount -t tmpfs -o size=64k,mode=755 tmpfs "$RUN_ROOT/dev"
    mknod -m 666 "$RUN_ROOT/dev/null" c 1 3
    mknod -m 666 "$RUN_ROOT/dev/zero" c 1 5
    mknod -m 666 "$RUN_ROOT/dev/random" c 1 8
    mknod -m 666 "$RUN_ROOT/dev/urandom" c 1 9
    # Read-only /sys as a container has it (libtorch's cpuinfo reads the CPU topology there).
    mount --bind /sys "$RUN_ROOT/sys"
    mount -o remount,bind,ro "$RUN_ROOT/sys"
    mkdir -p "$RUN_ROOT/tmp/check"
    cp "$PHOTO" "$RUN_ROOT/tmp/check/"
    chmod -R a+rX "$RUN_ROOT/tmp/check"
    photo_in_root=/tmp/check/$(basename "$PHOTO")
    run_in_root() {
        env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/nonexistent "${image_env[@]}" "$@"
    }
    as_user=("$(command -v chroot)" --userspec="$RUNTIME_UID:$RUNTIME_UID" "$RUN_ROOT")

    # HTTPS URL fetching: the CA bundle compiled into libcurl (snakeid's and curl's) as its
    # default CAfile must be in the root.
    libcurl=$(awk -F'\t' '$3 ~ /\/libcurl\.so\.4$/ { print $3; exit }' "$RUN_ROOT/usr/local/share/snakeid/runtime-closure.tsv")
    cafile=$(grep -aoE '/etc/ssl/certs/[A-Za-z0-9._-]+\.(crt|pem)' "$RUN_ROOT$libcurl" 2>/dev/null | head -n 1 || true)
    if [ -n "$cafile" ] && [ -s "$RUN_ROOT$cafile" ] && grep -q "BEGIN CERTIFICATE" "$RUN_ROOT$cafile"; then
        pass "$name: CA certificates for https URLs: libcurl's default CAfile $cafile is in the root ($(grep -c "BEGIN CERTIFICATE" "$RUN_ROOT$cafile") certificates)"
    else
        fail "$name: CA certificates: libcurl's default CAfile '${cafile:-?}' is missing from the root"
    fi

    # classify, with the loader's log of every library opened. The log's folder has the same path
    # outside the root: chroot itself starts with LD_DEBUG set too, and logs there.
    mkdir -p "$LD_LOG_DIR" "$RUN_ROOT$LD_LOG_DIR"
    chmod 1777 "$RUN_ROOT$LD_LOG_DIR"
    json=$CACHE/$name-classify.jsonl
    if run_in_root LD_DEBUG=libs LD_DEBUG_OUTPUT="$LD_LOG_DIR/ld" "${as_user[@]}" /usr/local/bin/snakeid classify \
        "$photo_in_root" --format jsonl >"$json" 2>"$CACHE/$name-classify.err"; then
        verdict=$(python3 -c 'import json,sys; o=json.loads(open(sys.argv[1]).readline()); print(o["verdict"], "|", o["top"][0]["label"], "|", o["species"][0]["label"], "|", round(o["snake_probability"],3))' "$json" 2>&1) || verdict="unparsable: $(head -c 300 "$json")"
        if [[ $verdict == "snake | $EXPECTED_LABEL | $EXPECTED_LABEL |"* ]]; then
            pass "$name: snakeid classify as uid $RUNTIME_UID: verdict snake, top label $EXPECTED_LABEL (verdict | top | species | p(snake) = $verdict)"
        else
            fail "$name: snakeid classify: expected snake / $EXPECTED_LABEL, got: $verdict"
        fi
    else
        fail "$name: snakeid classify exited $?: $(tail -5 "$CACHE/$name-classify.err")"
    fi
    # Libraries the process opened (initialised) at run time, from the loader's own log.
    loaded=$(cat "$RUN_ROOT$LD_LOG_DIR"/ld.* 2>/dev/null | sed -n 's/.*calling init: //p' | sort -u)
    # Compared by file name: the roots store every library of the closure under its soname.
    closure_names=" $(awk -F'\t' '{ n = split($3, p, "/"); printf "%s ", p[n] }' "$RUN_ROOT/usr/local/share/snakeid/runtime-closure.tsv")"
    beyond=()
    while read -r lib; do
        [ -n "$lib" ] || continue
        base=$(basename "$lib")
        case $base in snakeid | libTorchBridge.so | ld-linux*) continue ;; esac
        [[ $closure_names == *" $base "* ]] || beyond+=("$lib")
    done <<<"$loaded"
    nloaded=$(grep -c . <<<"$loaded" || true)
    failed_opens=$(cat "$RUN_ROOT$LD_LOG_DIR"/ld.* 2>/dev/null | grep -i "cannot open" || true)
    if [ -n "$failed_opens" ]; then
        fail "$name: the loader reported errors while classifying: $(head -3 <<<"$failed_opens")"
    elif ! grep -q "/$engine_library" <<<"$loaded"; then
        fail "$name: $engine_library was not loaded while classifying ($nloaded libraries were)"
    else
        pass "$name: run-time loads: $nloaded libraries initialised while classifying, $engine_library among them, ${#beyond[@]} beyond the closure${beyond[*]:+ (${beyond[*]}, from the Debian base)}"
    fi
    rm -rf "$RUN_ROOT$LD_LOG_DIR" "$LD_LOG_DIR"

    # serve: the port comes from $PORT, as in the image's CMD; bound to 127.0.0.1 here.
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    # env and chroot exec the server: $! is the server's own PID, which gets the SIGTERM.
    # (Not through run_in_root: a function run in the background is a subshell, whose PID $! is.)
    env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/nonexistent "${image_env[@]}" PORT="$port" SNAKEID_LOG_LEVEL=warning \
        "${as_user[@]}" /usr/local/bin/snakeid serve --host 127.0.0.1 >"$CACHE/$name-serve.out" 2>"$CACHE/$name-serve.err" &
    server_pid=$!
    ready=
    for _ in $(seq 1 120); do
        if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
        if body=$(curl -fsS --max-time 5 "http://127.0.0.1:$port/readyz" 2>/dev/null); then ready=$body; break; fi
        sleep 0.5
    done
    if [ -n "$ready" ]; then
        pass "$name: snakeid serve on 127.0.0.1:$port (from \$PORT): GET /readyz -> 200 $(head -c 120 <<<"$ready")"
    else
        fail "$name: snakeid serve: /readyz never answered 200: $(tail -5 "$CACHE/$name-serve.err")"
    fi
    server_uid=$(awk '/^Uid:/ { print $2 }' "/proc/$server_pid/status" 2>/dev/null || true)
    if [ "$server_uid" = "$RUNTIME_UID" ]; then
        pass "$name: the server runs as uid $server_uid, not root, on the root mounted read-only (tmpfs /tmp)"
    else
        fail "$name: the server's uid is '${server_uid:-?}', not $RUNTIME_UID"
    fi
    # The image's HEALTHCHECK command, word for word, inside the root as the runtime user.
    if run_in_root PORT="$port" "${as_user[@]}" "${health[@]//@PORT@/$port}"; then
        pass "$name: HEALTHCHECK command (${health[*]//@PORT@/\$PORT}) inside the root, as uid $RUNTIME_UID -> 200"
    else
        fail "$name: HEALTHCHECK command failed inside the root"
    fi
    upload=$(curl -sS --max-time 60 -H 'Accept: application/json' -F "file=@$PHOTO" \
        -w '\n%{http_code}' "http://127.0.0.1:$port/upload" 2>&1 || true)
    code=$(tail -n1 <<<"$upload")
    top=$(head -n -1 <<<"$upload" | python3 -c 'import json,sys; print(json.load(sys.stdin)["predictions"][0][0])' 2>/dev/null || true)
    if [ "$code" = 200 ] && [ "$top" = "$EXPECTED_LABEL" ]; then
        pass "$name: POST /upload (multipart field file) -> 200, top prediction $top"
    else
        fail "$name: POST /upload -> $code: $(head -c 300 <<<"$upload")"
    fi
    v1=$(curl -sS --max-time 60 -H 'Content-Type: image/jpeg' --data-binary "@$PHOTO" \
        -w '\n%{http_code}' "http://127.0.0.1:$port/v1/classify" 2>&1 || true)
    code=$(tail -n1 <<<"$v1")
    verdict=$(head -n -1 <<<"$v1" | python3 -c 'import json,sys; o=json.load(sys.stdin); print(o["verdict"], "|", o["top"][0]["label"])' 2>/dev/null || true)
    if [ "$code" = 200 ] && [ "$verdict" = "snake | $EXPECTED_LABEL" ]; then
        pass "$name: POST /v1/classify (raw body) -> 200, verdict snake, $EXPECTED_LABEL"
    else
        fail "$name: POST /v1/classify -> $code: $(head -c 300 <<<"$v1")"
    fi
    rss=$(awk '/^VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$server_pid/status" 2>/dev/null || true)
    echo "image-check: info  $name: the server's peak resident memory after these requests: ${rss:-unknown}"
    kill -TERM "$server_pid" 2>/dev/null || true
    status=0
    wait "$server_pid" || status=$?
    server_pid=
    if [ "$status" = 0 ]; then
        pass "$name: snakeid serve stopped on SIGTERM with status 0"
    else
        fail "$name: snakeid serve exited $status on SIGTERM: $(tail -3 "$CACHE/$name-serve.err")"
    fi
    for m in "$RUN_ROOT/sys" "$RUN_ROOT/dev" "$RUN_ROOT/proc" "$RUN_ROOT/tmp" "$RUN_ROOT"; do
        if mountpoint -q "$m"; then umount "$m"; fi
    done
}

# The default image: its HEALTHCHECK is shell form ($PORT expanded by the root's shell).
# shellcheck disable=SC2016
check_root full "$ROOT" libtorch_cpu.so /bin/sh -c 'curl -fsS -o /dev/null "http://127.0.0.1:${PORT:-8008}/healthz" || exit 1' --
# The slim image: exec form (no shell); the check puts the test's port where the image has 8008.
check_root slim "$SLIM_ROOT" libopenvino_intel_cpu_plugin.so \
    /usr/local/bin/curl -fsS -o /dev/null "http://127.0.0.1:@PORT@/healthz" -- SNAKEID_ENGINE=openvino

echo
echo "image-check summary:"
printf '  %s\n' "${results[@]}"
if [ "$failed" = 0 ]; then
    echo "image-check: all checks passed"
else
    die "some checks failed"
fi
