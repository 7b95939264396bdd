#!/usr/bin/env bash
# `make image-check`: proves the production image's runtime root without a Docker engine.
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
# and prints the sizes. Steps 2-4 run on a read-only view of the root with a tmpfs /tmp, as
# the image runs under compose (read_only) and Kubernetes (readOnlyRootFilesystem), with /proc
# and a read-only /sys mounted for the run and unmounted after (and by the EXIT trap). Needs root, debootstrap, and Debian's package registry (for the first
# debootstrap; the result and the .debs are cached in .cache/image-check/).
#
# Inputs (environment): BIN_DIR (.build/release), MODEL_DIR (models/efficientnet-lite0),
# PHOTO (../shared/images/snakes/n01748264_Indian_cobra.JPEG), DEBIAN_MIRROR (default: the
# bookworm source of this machine's apt configuration), CACHE (.cache/image-check).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN_DIR=${BIN_DIR:-.build/release}
MODEL_DIR=${MODEL_DIR:-models/efficientnet-lite0}
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
STAGE=$CACHE/stage
RUNTIME_USER=snakeid
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
    for m in "$CACHE/ro/sys" "$CACHE/ro/proc" "$CACHE/ro/tmp" "$CACHE/ro" "$ROOT/stage"; do
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

# Everything below runs inside the root as the unprivileged user, with a clean environment,
# on a read-only view of the root with a tmpfs /tmp and /proc: as the image runs under
# compose (read_only) and Kubernetes (readOnlyRootFilesystem, an emptyDir on /tmp).
RUN_ROOT=$CACHE/ro
mkdir -p "$RUN_ROOT"
mount --bind "$ROOT" "$RUN_ROOT"
mount -o remount,bind,ro "$RUN_ROOT"
mount -t tmpfs -o size=64m,mode=1777 tmpfs "$RUN_ROOT/tmp"
mount -t proc proc "$RUN_ROOT/proc"
# Read-only /sys as a container has it (libtorch's cpuinfo reads the CPU topology there).
mount --bind /sys "$RUN_ROOT/sys"
mount -o remount,bind,ro "$RUN_ROOT/sys"
mkdir -p "$RUN_ROOT/tmp/check"
cp "$PHOTO" "$RUN_ROOT/tmp/check/"
chmod -R a+rX "$RUN_ROOT/tmp/check"
chmod 1777 "$RUN_ROOT/tmp/check"  # the loader's log (LD_DEBUG_OUTPUT) is written there
photo_in_root=/tmp/check/$(basename "$PHOTO")
run_in_root() {
    chroot --userspec="$RUNTIME_USER:$RUNTIME_USER" "$RUN_ROOT" /usr/bin/env -i \
        PATH=/usr/local/bin:/usr/bin:/bin HOME=/nonexistent "$@"
}

if [ "$(run_in_root /usr/bin/id -u)" != 0 ]; then
    pass "runs as $(run_in_root /usr/bin/id -un) (uid $(run_in_root /usr/bin/id -u)), not root, on the root mounted read-only (tmpfs /tmp)"
else
    fail "the runtime user is root"
fi

# HTTPS URL fetching: the CA bundle compiled into libcurl (snakeid's and curl's) as its
# default CAfile must be in the root.
libcurl=$(chroot "$RUN_ROOT" readlink -f "$(chroot "$RUN_ROOT" ldconfig -p | awk '$1 == "libcurl.so.4" { print $NF; exit }')")
cafile=$(grep -aoE '/etc/ssl/certs/[A-Za-z0-9._-]+\.(crt|pem)' "$RUN_ROOT$libcurl" | head -n 1 || true)
if [ -n "$cafile" ] && [ -s "$RUN_ROOT$cafile" ] && grep -q "BEGIN CERTIFICATE" "$RUN_ROOT$cafile"; then
    pass "CA certificates for https URLs: libcurl's default CAfile $cafile is in the root ($(grep -c "BEGIN CERTIFICATE" "$RUN_ROOT$cafile") certificates)"
else
    fail "CA certificates: libcurl's default CAfile '${cafile:-?}' is missing from the root"
fi

# 4. classify, with the loader's log of every library opened.
json=$CACHE/classify.jsonl
if run_in_root LD_DEBUG=libs LD_DEBUG_OUTPUT=/tmp/check/ld snakeid classify "$photo_in_root" --format jsonl \
    >"$json" 2>"$CACHE/classify.err"; then
    verdict=$(python3 -c 'import json,sys; o=json.loads(open(sys.argv[1]).readline()); print(o["verdict"], "|", o["top"][0]["label"], "|", o["species"][0]["label"], "|", round(o["snake_probability"],3))' "$json" 2>&1) || verdict="unparsable: $(head -c 300 "$json")"
    if [[ $verdict == "snake | $EXPECTED_LABEL | $EXPECTED_LABEL |"* ]]; then
        pass "snakeid classify: verdict snake, top label $EXPECTED_LABEL (verdict | top | species | p(snake) = $verdict)"
    else
        fail "snakeid classify: expected snake / $EXPECTED_LABEL, got: $verdict"
    fi
else
    fail "snakeid classify exited $?: $(tail -5 "$CACHE/classify.err")"
fi
# Libraries the process opened (initialised) at run time, from the loader's own log.
loaded=$(cat "$RUN_ROOT"/tmp/check/ld.* 2>/dev/null | sed -n 's/.*calling init: //p' | sort -u)
# Compared by file name: install stores every library of the closure under its soname.
closure_names=" $(awk -F'\t' '{ n = split($3, p, "/"); printf "%s ", p[n] }' "$RUN_ROOT/usr/local/share/snakeid/runtime-closure.tsv")"
beyond=()
while read -r lib; do
    [ -n "$lib" ] || continue
    name=$(basename "$lib")
    case $name in snakeid | libTorchBridge.so | ld-linux*) continue ;; esac
    [[ $closure_names == *" $name "* ]] || beyond+=("$lib")
done <<<"$loaded"
nloaded=$(grep -c . <<<"$loaded" || true)
failed_opens=$(cat "$RUN_ROOT"/tmp/check/ld.* 2>/dev/null | grep -i "cannot open" || true)
if [ -n "$failed_opens" ]; then
    fail "the loader reported errors while classifying: $(head -3 <<<"$failed_opens")"
elif [ "$nloaded" -lt 10 ]; then
    fail "LD_DEBUG recorded only $nloaded libraries; libtorch was not loaded?"
else
    pass "run-time loads: $nloaded libraries initialised while classifying, ${#beyond[@]} beyond the ldd closure${beyond[*]:+ (${beyond[*]}, from the Debian base)}"
fi
rm -f "$RUN_ROOT"/tmp/check/ld.*

# 5. serve: the port comes from $PORT, as in the image's CMD; bound to 127.0.0.1 here.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# chroot and env exec the server: $! is the server's own PID, which gets the SIGTERM.
chroot --userspec="$RUNTIME_USER:$RUNTIME_USER" "$RUN_ROOT" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin \
    HOME=/nonexistent PORT="$port" SNAKEID_LOG_LEVEL=warning snakeid serve --host 127.0.0.1 \
    >"$CACHE/serve.out" 2>"$CACHE/serve.err" &
server_pid=$!
ready=
for _ in $(seq 1 120); do
    if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
    if body=$(curl -fsS --max-time 5 "http://127.0.0.1:$port/readyz" 2>/dev/null); then ready=$body; break; fi
    sleep 0.5
done
if [ -n "$ready" ]; then
    pass "snakeid serve on 127.0.0.1:$port (from \$PORT): GET /readyz -> 200 $(head -c 120 <<<"$ready")"
else
    fail "snakeid serve: /readyz never answered 200: $(tail -5 "$CACHE/serve.err")"
fi
# The Dockerfile's HEALTHCHECK command, word for word ($PORT expanded by the root's shell).
# shellcheck disable=SC2016
if run_in_root PORT="$port" /bin/sh -c 'curl -fsS -o /dev/null "http://127.0.0.1:${PORT:-8008}/healthz" || exit 1'; then
    pass "HEALTHCHECK command (curl inside the root, as $RUNTIME_USER): GET /healthz -> 200"
else
    fail "HEALTHCHECK command failed inside the root"
fi
upload=$(curl -sS --max-time 60 -H 'Accept: application/json' -F "file=@$PHOTO" \
    -w '\n%{http_code}' "http://127.0.0.1:$port/upload" 2>&1 || true)
code=$(tail -n1 <<<"$upload")
top=$(head -n -1 <<<"$upload" | python3 -c 'import json,sys; print(json.load(sys.stdin)["predictions"][0][0])' 2>/dev/null || true)
if [ "$code" = 200 ] && [ "$top" = "$EXPECTED_LABEL" ]; then
    pass "POST /upload (multipart field file) -> 200, top prediction $top"
else
    fail "POST /upload -> $code: $(head -c 300 <<<"$upload")"
fi
v1=$(curl -sS --max-time 60 -H 'Content-Type: image/jpeg' --data-binary "@$PHOTO" \
    -w '\n%{http_code}' "http://127.0.0.1:$port/v1/classify" 2>&1 || true)
code=$(tail -n1 <<<"$v1")
verdict=$(head -n -1 <<<"$v1" | python3 -c 'import json,sys; o=json.load(sys.stdin); print(o["verdict"], "|", o["top"][0]["label"])' 2>/dev/null || true)
if [ "$code" = 200 ] && [ "$verdict" = "snake | $EXPECTED_LABEL" ]; then
    pass "POST /v1/classify (raw body) -> 200, verdict snake, $EXPECTED_LABEL"
else
    fail "POST /v1/classify -> $code: $(head -c 300 <<<"$v1")"
fi
rss=$(awk '/^VmHWM/ { printf "%.0f MB", $2 / 1024 }' "/proc/$server_pid/status" 2>/dev/null || true)
echo "image-check: info  the server's peak resident memory after these requests: ${rss:-unknown}"
kill -TERM "$server_pid" 2>/dev/null || true
status=0
wait "$server_pid" || status=$?
server_pid=
if [ "$status" = 0 ]; then
    pass "snakeid serve stopped on SIGTERM with status 0"
else
    fail "snakeid serve exited $status on SIGTERM: $(tail -3 "$CACHE/serve.err")"
fi
umount "$RUN_ROOT/sys" "$RUN_ROOT/proc" "$RUN_ROOT/tmp" "$RUN_ROOT"

echo
echo "image-check summary:"
printf '  %s\n' "${results[@]}"
if [ "$failed" = 0 ]; then
    echo "image-check: all checks passed"
else
    die "some checks failed"
fi
