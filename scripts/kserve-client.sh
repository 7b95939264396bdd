#!/usr/bin/env bash
# The Open Inference Protocol (KServe v2) with the real client: tritonclient[http] (PyPI,
# pinned, in the venv of mk/deploy.mk) against a live `snakeid serve` on 127.0.0.1, through
# scripts/kserve_client_check.py (live, ready, metadata, infer with BYTES and FP32 inputs).
#
# Environment: KSERVE_BIN [.build/debug/snakeid], KSERVE_MODEL [models/efficientnet-lite0],
# KSERVE_PYTHON [.cache/deploy/venv/bin/python]. The server's log: .cache/deploy/kserve-server.log.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BIN=${KSERVE_BIN:-.build/debug/snakeid}
MODEL=${KSERVE_MODEL:-models/efficientnet-lite0}
PYTHON=${KSERVE_PYTHON:-.cache/deploy/venv/bin/python}
LOG=.cache/deploy/kserve-server.log
mkdir -p .cache/deploy
say() { printf 'kserve-client: %s\n' "$*" >&2; }
die() { say "FAIL: $*"; [ -f "$LOG" ] && tail -n 20 "$LOG" >&2; exit 1; }

export NO_PROXY='*' no_proxy='*'
"$BIN" serve --host 127.0.0.1 --port 0 --model "$(basename "$MODEL")=$MODEL" </dev/null >"$LOG" 2>&1 &
PID=$!
trap 'kill "$PID" 2>/dev/null || true' EXIT
port=""
for _ in $(seq 1 600); do # 60 s
    port=$(sed -n 's|^snakeid: serving .* on http://127\.0\.0\.1:\([0-9][0-9]*\) .*|\1|p' "$LOG" | head -n 1)
    [ -n "$port" ] && break
    kill -0 "$PID" 2>/dev/null || die "the server exited before listening"
    sleep 0.1
done
[ -n "$port" ] || die "no 'serving … on http://127.0.0.1:PORT' line in 60 s"
"$PYTHON" - "http://127.0.0.1:$port/readyz" <<'PY' || die "/readyz did not answer 200 in 60 s"
import sys, time, urllib.request
deadline = time.monotonic() + 60
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(sys.argv[1], timeout=10) as r:
            if r.status == 200: sys.exit(0)
    except Exception:
        time.sleep(0.2)
sys.exit(1)
PY
status=0
"$PYTHON" scripts/kserve_client_check.py "127.0.0.1:$port" "$(basename "$MODEL")" \
    ../shared/images/snakes/n01748264_Indian_cobra.JPEG ../shared/images/other/n07753592_banana.JPEG || status=$?
kill -TERM "$PID"
wait "$PID" || die "the server exited $? after SIGTERM (expected 0)"
trap - EXIT
[ "$status" = 0 ] || die "tritonclient checks failed"
say "OK"
