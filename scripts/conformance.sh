#!/usr/bin/env bash
# API conformance: schemathesis against a live `snakeid serve` on 127.0.0.1, twice: as started
# by default (one model, no API key), then with API keys, two models and CORS on (schemathesis
# sends the key; its ignored_auth check sends none and expects 401). The budget is split between
# the two runs.
#
# Every schemathesis check (no server error, status codes, content types, headers and response
# schemas as documented in the server's own GET /openapi.json, negative data rejected, positive
# data accepted, ...), a fixed seed, a time budget. Fails when schemathesis finds anything, when
# the server dies during the run (a crash is a failure even if schemathesis missed it), or when
# it does not exit 0 on SIGTERM. Schemathesis' warnings are printed and do not fail the run.
# Where a check cannot apply as written it is widened for the operations concerned, never turned
# off (write_config says which and why; CONFORMANCE_STRICT=1 runs without).
#
# The run (server and schemathesis) happens in a private network namespace with only loopback
# when `unshare` allows it: /classify-url makes the server fetch the URLs schemathesis generates,
# and nothing should leave the machine. Without it those fetches go wherever the generated URL
# points (the server still refuses private addresses).
#
# Environment (defaults in brackets):
#   CONFORMANCE_BIN       the snakeid binary [.build/debug/snakeid]
#   CONFORMANCE_MODEL     the model bundle [models/efficientnet-lite0]
#   CONFORMANCE_SECONDS   schemathesis' time budget [120]
#   CONFORMANCE_EXAMPLES  test cases per operation and phase, before the budget repeats fuzzing [50]
#   CONFORMANCE_SEED      the generation seed [20240611]
#   CONFORMANCE_WORKERS   schemathesis workers [2]
#   CONFORMANCE_ISOLATE   auto | 1 (require the private network namespace) | 0 (never) [auto]
#   CONFORMANCE_STRICT    1: no per-operation allowances (see write_config) [0]
#   CONFORMANCE_PYTHON    the Python that creates the venv [python3]
# The venv (schemathesis, pinned) is .cache/conformance/venv, reused while the pins match; the
# server log and a JUnit report are left in .cache/conformance/.
set -euo pipefail

SCHEMATHESIS_VERSION=4.32.5
HYPOTHESIS_VERSION=6.170.17 # the generator: the same seed gives the same cases only with the same version

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SELF=$ROOT/scripts/conformance.sh
cd "$ROOT"
BIN=${CONFORMANCE_BIN:-.build/debug/snakeid}
MODEL=${CONFORMANCE_MODEL:-models/efficientnet-lite0}
SECONDS_BUDGET=${CONFORMANCE_SECONDS:-120}
EXAMPLES=${CONFORMANCE_EXAMPLES:-50}
SEED=${CONFORMANCE_SEED:-20240611}
WORKERS=${CONFORMANCE_WORKERS:-2}
ISOLATE=${CONFORMANCE_ISOLATE:-auto}
STRICT=${CONFORMANCE_STRICT:-0}
PYTHON=${CONFORMANCE_PYTHON:-python3}
CACHE=$ROOT/.cache/conformance
VENV=$CACHE/venv
PINS="schemathesis==$SCHEMATHESIS_VERSION hypothesis==$HYPOTHESIS_VERSION"

say() { printf 'conformance: %s\n' "$*" >&2; }
die() { say "FAIL: $*"; exit 1; }

# The venv with schemathesis, created once and reused while the Python and the pins are the same.
ensure_venv() {
    mkdir -p "$CACHE"
    local want have=""
    want="$("$PYTHON" -c 'import sys; print(sys.version.split()[0])' 2>/dev/null) $PINS" \
        || die "no Python at '$PYTHON' (set CONFORMANCE_PYTHON)"
    [ -f "$VENV/.snakeid-pins" ] && have=$(cat "$VENV/.snakeid-pins")
    if [ "$have" = "$want" ] && [ -x "$VENV/bin/st" ]; then return; fi
    say "creating $VENV ($PINS)"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV" \
        || die "'$PYTHON -m venv' failed (on Debian: apt-get install python3-venv)"
    if ! PIP_NO_INPUT=1 "$VENV/bin/pip" install --quiet --disable-pip-version-check $PINS; then
        rm -rf "$VENV"
        die "pip could not install $PINS"
    fi
    echo "$want" >"$VENV/.snakeid-pins"
}

# Brings loopback up in a fresh network namespace (with `ip` when installed, else an ioctl).
loopback_up() {
    if command -v ip >/dev/null 2>&1; then
        ip link set lo up
    else
        "$VENV/bin/python" - <<'EOF'
import fcntl, socket, struct
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_UP = 0x8913, 0x8914, 0x1
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
    flags = struct.unpack("16sH", fcntl.ioctl(s, SIOCGIFFLAGS, struct.pack("16sH", b"lo", 0))[:18])[1]
    fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH", b"lo", flags | IFF_UP))
EOF
    fi
}

# Where a check cannot apply as written, widen what it expects for the operations concerned, with
# the reason; no check is turned off. CONFORMANCE_STRICT=1 runs without this file.
write_config() {
    cat >"$CACHE/schemathesis.toml" <<'EOF'
# Written by scripts/conformance.sh; edit it there.
# positive_data_acceptance expects 2xx for every schema-valid request (defaults below, plus).

# An image field is `format: binary`: a schema cannot say "a JPEG or PNG that decodes". Valid
# bytes that are not such an image get the documented 415 (not an image, or GIF/BMP/WebP/...)
# or 422 (corrupt). (A multipart `encoding.contentType` does not steer what schemathesis sends.)
[[operations]]
include-operation-id = ["upload", "classify", "explain", "classifyWithModel", "explainWithModel"]
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx", "415", "422"]

# A reload's `path` is any string to a schema, not "a folder holding a model bundle": a load that
# fails is the documented 422 (the previous model keeps serving); two at once, the second 409.
[[operations]]
include-operation-id = ["reloadModel"]
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx", "422"]

# The run has no network but loopback, and a schema cannot say "a URL that resolves to a public
# address serving an image": a fetch ends in the documented 400 (unresolvable host, refused
# private address), 502 or 504, or 415/422 for what comes back.
[[operations]]
include-operation-id = ["classifyURLCompatible", "classifyURL"]
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx", "400", "415", "422"]

# An Open Inference Protocol request's schema cannot tie `data`'s element count to `shape`, the
# input's name to its datatype, nor say "base64 of a JPEG or PNG": those get the documented 400
# (invalid_parameter, malformed_body for a binary body without its header), 415 or 422.
[[operations]]
include-operation-id = ["v2Infer"]
checks.positive_data_acceptance.expected-statuses = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx", "400", "415", "422"]
EOF
}

SERVER_PID=""
cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
}

# Both runs: the default server, then keys, two models and CORS; each gets half the budget.
run_tests() {
    local first=$((SECONDS_BUDGET / 2)) key
    run_once open "$first" "" --model "$MODEL"
    key=$("$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(16))')
    printf '# conformance run\n%s\n' "$key" >"$CACHE/api-keys"
    run_once keys $((SECONDS_BUDGET - first)) "$key" --api-keys-file "$CACHE/api-keys" \
        --model "main=$MODEL" --model "spare=$MODEL" --cors-origin http://127.0.0.1:9
}

# One run: server + schemathesis (inside the namespace when isolated).
#   run_once NAME SECONDS KEY SERVER_ARGS...   (KEY empty: no Authorization header)
run_once() {
    local name=$1 budget=$2 key=$3
    shift 3
    local log=$CACHE/server-$name.log report=$CACHE/report-$name port="" status=0 st_status=0 failed=0 i
    local auth=()
    [ -n "$key" ] && auth=(--header "Authorization: Bearer $key")
    rm -rf "$report"
    : >"$log" # now, not in the server's fork: the banner below must be this run's
    # Loopback only: no proxy for the readiness probe, schemathesis or the server's fetches.
    unset http_proxy https_proxy all_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY
    trap cleanup EXIT
    # Port 0: the kernel picks a free port and the banner names it.
    SNAKEID_LOG_LEVEL=${SNAKEID_LOG_LEVEL:-warning} \
        "$BIN" serve --host 127.0.0.1 --port 0 "$@" </dev/null >"$log" 2>&1 &
    SERVER_PID=$!
    for ((i = 0; i < 600; i++)); do
        port=$(sed -n 's|^snakeid: serving .* on http://127\.0\.0\.1:\([0-9][0-9]*\) .*|\1|p' "$log" | head -n 1)
        [ -n "$port" ] && break
        kill -0 "$SERVER_PID" 2>/dev/null || { cat "$log" >&2; die "the server exited before listening"; }
        sleep 0.1
    done
    [ -n "$port" ] || { cat "$log" >&2; die "the server printed no 'serving … on http://127.0.0.1:PORT' line in 60 s"; }
    local base=http://127.0.0.1:$port
    "$VENV/bin/python" - "$base/readyz" <<'EOF' || { cat "$log" >&2; die "$base/readyz did not answer 200 in 60 s"; }
import sys, time, urllib.request
deadline = time.monotonic() + 60
while True:
    try:
        with urllib.request.urlopen(sys.argv[1], timeout=5) as response:
            if response.status == 200:
                sys.exit(0)
    except Exception:
        pass
    if time.monotonic() > deadline:
        sys.exit(1)
    time.sleep(0.2)
EOF
    say "run '$name': server pid $SERVER_PID ready on $base ($*); schemathesis $SCHEMATHESIS_VERSION," \
        "all checks, seed $SEED, $EXAMPLES examples, ${budget}s budget, $WORKERS workers"

    # From the cache folder: no schemathesis.toml or .hypothesis/ of anyone else's is read or written.
    # `timeout` is the backstop if the budget overruns (a hung request, a stuck shrink).
    local config=()
    if [ "$STRICT" != 1 ]; then write_config; config=(--config-file "$CACHE/schemathesis.toml"); fi
    (cd "$CACHE" && timeout --kill-after=15 $((budget + 120)) \
        "$VENV/bin/st" "${config[@]}" run "$base/openapi.json" --url "$base" "${auth[@]}" \
        --checks all \
        --mode all \
        --seed "$SEED" \
        --max-examples "$EXAMPLES" \
        --max-time "$budget" \
        --workers "$WORKERS" \
        --request-timeout 20 \
        --generation-database none \
        --report junit --report-dir "$report") || st_status=$?

    # The Swift runtime's crash report, whatever became of the process (a crash handler that
    # returns leaves it running; SIGTERM may then even end it with 0).
    local crash='^(\*\*\* Program crashed|\*\*\* Signal [0-9]+|.*Fatal error:)'
    if grep -q -E "$crash" "$log"; then
        say "the server's crash report:"
        grep -m 1 -A 40 -E "$crash" "$log" >&2 || true
        say "FAIL: the server crashed during the run (full report: $log)"
        failed=1
    fi
    # Alive means answering too.
    if kill -0 "$SERVER_PID" 2>/dev/null && ! "$VENV/bin/python" -c '
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=10) as response:
    sys.exit(0 if response.status == 200 else 1)' "$base/healthz" >/dev/null 2>&1; then
        say "FAIL: the server no longer answers $base/healthz"
        failed=1
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        wait "$SERVER_PID" || status=$?
        SERVER_PID=""
        say "the server's last log lines:"
        tail -n 40 "$log" >&2
        say "FAIL: the server died during the run (exit status $status)"
        failed=1
    else
        kill -TERM "$SERVER_PID"
        for ((i = 0; i < 300; i++)); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        if kill -0 "$SERVER_PID" 2>/dev/null; then
            kill -KILL "$SERVER_PID"
            say "FAIL: the server did not exit within 30 s of SIGTERM"
            failed=1
        fi
        wait "$SERVER_PID" || status=$?
        SERVER_PID=""
        if [ "$status" -ne 0 ]; then
            tail -n 40 "$log" >&2
            say "FAIL: the server exited $status after SIGTERM (expected 0)"
            failed=1
        fi
    fi
    case $st_status in
        0) ;;
        124 | 137) say "FAIL: schemathesis overran its ${budget}s budget by 2 minutes"; failed=1 ;;
        *) say "FAIL: schemathesis found problems (exit status $st_status; JUnit report in $report)"; failed=1 ;;
    esac
    [ "$failed" = 0 ] || exit 1
    say "run '$name' OK (server log: $log)"
}

if [ "${1:-}" = --inside-namespace ]; then
    loopback_up
    run_tests
    exit 0
fi

[ -x "$BIN" ] || die "no executable $BIN (build it first: swift build)"
[ -f "$MODEL/model.pt" ] || die "no $MODEL/model.pt (make model)"
ensure_venv

case $ISOLATE in
    0) run_tests ;;
    1 | auto)
        for flags in -n -rn; do
            if unshare "$flags" true 2>/dev/null; then
                exec unshare "$flags" -- "$SELF" --inside-namespace
            fi
        done
        [ "$ISOLATE" = auto ] || die "unshare cannot make a network namespace here (CONFORMANCE_ISOLATE=1)"
        say "warning: no private network namespace (unshare refused): /classify-url fetches of generated" \
            "URLs may leave this machine"
        run_tests
        ;;
    *) die "CONFORMANCE_ISOLATE must be auto, 1 or 0" ;;
esac
