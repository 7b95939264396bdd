"""A zero-loss rolling restart on loopback, with real parts: nginx (Debian's package) in front of
3 `snakeid serve` replicas with the real model, steady POST /v1/classify load from several
clients, then each replica restarted in turn (SIGTERM, start the new one, wait for /readyz),
then one replica killed with SIGKILL. docs/deploy.md explains the figures.

    python3 scripts/rolling_restart.py SNAKEID_BIN MODEL_DIR IMAGE [REPORT.json]

Fails (exit 1) when a request fails during the rolling restart, when the load did not really
run (fewer than 5 requests while a replica restarted, too few before or after), or
when anything takes longer than its deadline; the whole run is bounded by DEADLINE seconds.
The kill -9 phase's failures are counted and reported, not failed on: see docs/deploy.md.
Everything listens on 127.0.0.1 only.
"""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

DEADLINE = 60  # seconds, the whole run
CLIENTS = 4
REPLICAS = 3
# For the comparisons in docs/deploy.md (make test uses the defaults): the replicas' drain, and
# `non_idempotent` in proxy_next_upstream on the classify routes (ROLLING_NON_IDEMPOTENT=0 leaves
# it out, as a config for APIs whose POSTs change state must).
DRAIN_SECONDS = float(os.environ.get("ROLLING_DRAIN_SECONDS", "1"))
NON_IDEMPOTENT = os.environ.get("ROLLING_NON_IDEMPOTENT", "1") == "1"

started = time.monotonic()
binary, model, image_path = sys.argv[1:4]
report_path = sys.argv[4] if len(sys.argv) > 4 else None
image = open(image_path, "rb").read()
work = tempfile.mkdtemp(prefix="snakeid-rolling-")
os.chmod(work, 0o755)


def remaining():
    return DEADLINE - (time.monotonic() - started)


def fail(message):
    print(f"rolling-restart: FAIL: {message}", file=sys.stderr)
    for log in sorted(os.listdir(work)):
        if log.endswith(".log"):
            with open(os.path.join(work, log), errors="replace") as f:
                tail = f.readlines()[-8:]
            print(f"--- {log}\n" + "".join(tail), file=sys.stderr)
    cleanup()
    sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, seconds, what):
    deadline = time.monotonic() + min(seconds, remaining())
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)  # polling interval of a bounded wait
    fail(f"{what}: not within {seconds:.0f} s (or the run's {DEADLINE} s)")


def get_status(port, path):
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", path)
        status = connection.getresponse().status
        connection.close()
        return status
    except OSError:
        return None


processes = {}  # port -> Popen
nginx = None


def start_replica(port, generation):
    log = open(os.path.join(work, f"replica-{port}-{generation}.log"), "w")
    processes[port] = subprocess.Popen(
        [binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--model", model,
         "--drain-seconds", str(DRAIN_SECONDS), "--threads", "1", "--lanes", "1"],
        stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)


def cleanup():
    for process in list(processes.values()) + ([nginx] if nginx else []):
        if process.poll() is None:
            process.kill()
            process.wait()


ports = [free_port() for _ in range(REPLICAS)]
nginx_port = free_port()
for port in ports:
    start_replica(port, 0)
for port in ports:
    wait_until(lambda: get_status(port, "/readyz") == 200, 40, f"replica {port} ready")

# nginx as production sets it: passive health checks (max_fails/fail_timeout), retries on errors
# and 502/503/504 (proxy_next_upstream), keep-alive connections to the upstreams. Classifying
# changes nothing on the server, so its POSTs may be retried even once sent (non_idempotent): a
# request sent on a keep-alive connection just as a stopping replica closes it is then answered by
# another replica instead of a 502. The reload route, which does change state, is not retried so.
servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in ports)
for folder in ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]:
    os.makedirs(os.path.join(work, folder), mode=0o777, exist_ok=True)
    os.chmod(os.path.join(work, folder), 0o777)
with open(os.path.join(work, "nginx.conf"), "w") as f:
    f.write(f"""
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
  log_format upstreams '$status $request_method $uri upstreams=$upstream_addr statuses=$upstream_status';
  access_log {work}/nginx-access.log upstreams;
  client_body_temp_path {work}/client_body;
  proxy_temp_path {work}/proxy;
  fastcgi_temp_path {work}/fastcgi;
  uwsgi_temp_path {work}/uwsgi;
  scgi_temp_path {work}/scgi;
  upstream snakeid {{
{servers}
    keepalive 16;
  }}
  server {{
    listen 127.0.0.1:{nginx_port};
    client_max_body_size 10m;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_next_upstream_tries 3;
    proxy_next_upstream_timeout 10s;
    proxy_connect_timeout 1s;
    proxy_read_timeout 30s;
    location / {{
      proxy_pass http://snakeid;
      proxy_next_upstream error timeout http_502 http_503 http_504{" non_idempotent" if NON_IDEMPOTENT else ""};
    }}
    location ~ ^/v1/(models/[^/]+/)?model/reload$|^/v1/models/[^/]+/reload$ {{
      proxy_pass http://snakeid;
      proxy_next_upstream error timeout http_502 http_503 http_504;
    }}
  }}
}}
""")
nginx = subprocess.Popen(
    [shutil.which("nginx") or "/usr/sbin/nginx", "-e", f"{work}/nginx-error.log", "-p", work,
     "-c", f"{work}/nginx.conf", "-g", "daemon off;"],
    stdin=subprocess.DEVNULL, stdout=open(os.path.join(work, "nginx.log"), "w"), stderr=subprocess.STDOUT)
wait_until(lambda: get_status(nginx_port, "/healthz") == 200, 10, "nginx answering")

lock = threading.Lock()
requests = []  # (start, end, failure or None), monotonic seconds
stop_load = threading.Event()


def client(number):
    connection = None
    while not stop_load.is_set():
        begun = time.monotonic()
        outcome = None
        try:
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", nginx_port, timeout=30)
            connection.request("POST", "/v1/classify?top=1", body=image, headers={"Content-Type": "image/jpeg"})
            response = connection.getresponse()
            body = response.read()
            if response.status != 200 or b'"verdict"' not in body:
                outcome = f"{response.status} {body[:120]!r}"
        except (OSError, http.client.HTTPException) as error:
            outcome = f"{type(error).__name__}: {error}"
            connection = None
        with lock:
            requests.append((begun, time.monotonic(), outcome))


threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
for thread in threads:
    thread.start()


def window(start, end=float("inf")):
    """The requests in flight at some time between start and end: (count, failures)."""
    with lock:
        inside = [r for r in requests if r[1] > start and r[0] < end]
    return len(inside), [r[2] for r in inside if r[2]]


def finished_after(instant):
    with lock:
        return sum(1 for r in requests if r[0] > instant)


wait_until(lambda: finished_after(started) >= 10, 20, "10 requests through nginx")

def access_lines():
    with open(os.path.join(work, "nginx-access.log")) as f:
        return len(f.read().splitlines())


def answered_by(port, after_line):
    """Whether nginx logged a 200 from the replica on `port` after line `after_line`."""
    with open(os.path.join(work, "nginx-access.log")) as f:
        lines = f.read().splitlines()[after_line:]
    for line in lines:
        upstreams = line.split("upstreams=")[1].split(" statuses=")[0].split(", ")
        statuses = line.split("statuses=")[1].split(", ")
        if upstreams[-1] == f"127.0.0.1:{port}" and statuses[-1] == "200":
            return True
    return False


# The rolling restart: each replica in turn.
restarts = []
rolling_start = time.monotonic()
for index, port in enumerate(ports):
    before = time.monotonic()
    processes[port].send_signal(signal.SIGTERM)
    wait_until(lambda: processes[port].poll() is not None, 20, f"replica {port} exits after SIGTERM")
    exit_status = processes[port].returncode
    start_replica(port, index + 1)
    wait_until(lambda: get_status(port, "/readyz") == 200, 40, f"new replica {port} ready")
    # Ready is not yet in rotation: nginx marked the replica failed while it was down
    # (max_fails=1) and sends it nothing until fail_timeout has passed. A rollout that moves on
    # before the load balancer takes the new replica back can leave no live upstream, as
    # Kubernetes' minReadySeconds guards against; so wait until nginx answers from it again.
    ready_at = access_lines()
    wait_until(lambda: answered_by(port, ready_at), 15, f"nginx sends requests to the new replica {port}")
    restarts.append({
        "port": port, "exit_status": exit_status, "seconds": round(time.monotonic() - before, 2),
        "requests_while_down": window(before, time.monotonic())[0],
    })
    if exit_status != 0:
        fail(f"replica {port} exited {exit_status} after SIGTERM (expected 0)")
rolling_end = time.monotonic()
wait_until(lambda: finished_after(rolling_end) >= 10, 20, "10 requests after the restarts")

# kill -9: no drain; the requests in flight on that replica are cut.
kill_start = time.monotonic()
victim = ports[0]
processes[victim].kill()
processes[victim].wait()
wait_until(lambda: finished_after(kill_start) >= 40, 20, "40 requests after kill -9")
kill_end = time.monotonic()
stop_load.set()
for thread in threads:
    thread.join(timeout=max(1, remaining()))

with open(os.path.join(work, "nginx-access.log")) as f:
    access = f.read().splitlines()
retried = [line for line in access if "," in line.split("upstreams=")[1].split(" ")[0]]
with open(os.path.join(work, "nginx-error.log")) as f:
    errors = [line for line in f.read().splitlines() if "[error]" in line]
kinds = {}
for line in errors:
    # "2026/12/02 18:34:12 [error] 123#123: *7 connect() failed (...) while connecting ..."
    reason = line.split("[error] ", 1)[1].split(" while ")[0]
    reason = reason.split(": ", 1)[1] if ": " in reason else reason
    reason = reason.split(" ", 1)[1] if reason.startswith("*") else reason
    kinds[reason] = kinds.get(reason, 0) + 1
rolling_requests, rolling_failed = window(rolling_start, rolling_end)
with lock:  # those that ended before the kill (the ones it cut belong to the kill)
    between = [r for r in requests if rolling_end < r[1] < kill_start]
between_requests, between_failed = len(between), [r[2] for r in between if r[2]]
kill_requests, kill_failed = window(kill_start, kill_end)
summary = {
    "clients": CLIENTS,
    "replicas": REPLICAS,
    "drain_seconds": DRAIN_SECONDS,
    "non_idempotent": NON_IDEMPOTENT,
    "requests": len(requests),
    "rolling_restart": {"requests": rolling_requests, "failed": len(rolling_failed), "restarts": restarts,
                        "seconds": round(rolling_end - rolling_start, 1)},
    "between": {"requests": between_requests, "failed": len(between_failed)},
    "kill_9": {"requests": kill_requests, "failed": len(kill_failed), "failures": kill_failed[:5]},
    "retried_by_nginx": len(retried),
    "nginx_errors": kinds,
    "rolling_failures": rolling_failed[:5],
    "seconds": round(time.monotonic() - started, 1),
}
print(json.dumps(summary, indent=2))
if report_path:
    with open(report_path, "w") as f:
        json.dump(summary, f, indent=2)
cleanup()
shutil.rmtree(work, ignore_errors=True)
problems = []
if rolling_failed:
    problems.append(f"{len(rolling_failed)} of {rolling_requests} requests failed during the rolling restart")
if between_failed:
    problems.append(f"{len(between_failed)} requests failed between the restarts and the kill")
for restart in restarts:
    if restart["requests_while_down"] < 5:
        problems.append(f"fewer than 5 requests while {restart['port']} restarted: the load did not run through it")
if problems:
    print("rolling-restart: FAIL: " + "; ".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"rolling-restart: OK: {rolling_requests} requests, 0 failed during 3 restarts; "
      f"kill -9: {len(kill_failed)} of {kill_requests} failed")
