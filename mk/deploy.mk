# Beyond one machine (docs/deploy.md): the Open Inference Protocol through its real client, the
# Kubernetes manifests checked offline, and a zero-loss rolling restart behind nginx.
#   make kserve-client       tritonclient[http] against a live `snakeid serve` (scripts/kserve-client.sh)
#   make deploy-check        deploy/'s manifests, offline (scripts/check_manifests.py)
#   make rolling-restart     nginx + 3 replicas, restarted under load (scripts/rolling_restart.py)
#   DEPLOY_BIN=.build/release/snakeid make kserve-client rolling-restart    another binary
# All three are part of `make test` (about 10 s, 5 s and 35 s on a 2-core machine).
# The tools come from PyPI, pinned, in one venv, .cache/deploy/venv, reused while the pins match.
DEPLOY_VENV := .cache/deploy/venv
DEPLOY_PINS := tritonclient[http]==2.73.0 kubernetes-validate==1.37.0
DEPLOY_BIN ?= .build/debug/snakeid
.PHONY: deploy-venv kserve-client
test: kserve-client

deploy-venv: conformance-python
	@want="$$(python3 -c 'import sys; print(sys.version.split()[0])') $(DEPLOY_PINS)"; \
	if [ "$$(cat $(DEPLOY_VENV)/.snakeid-pins 2>/dev/null)" != "$$want" ]; then \
		echo "creating $(DEPLOY_VENV) ($(DEPLOY_PINS))"; rm -rf $(DEPLOY_VENV); \
		python3 -m venv $(DEPLOY_VENV) && \
		PIP_NO_INPUT=1 $(DEPLOY_VENV)/bin/pip install --quiet --disable-pip-version-check $(foreach p,$(DEPLOY_PINS),'$(p)') \
			|| { rm -rf $(DEPLOY_VENV); echo "pip could not install $(DEPLOY_PINS)" >&2; exit 1; }; \
		echo "$$want" >$(DEPLOY_VENV)/.snakeid-pins; \
	fi

kserve-client: deps model deploy-venv
	@if [ "$(DEPLOY_BIN)" = .build/debug/snakeid ]; then swift build; fi
	KSERVE_BIN=$(DEPLOY_BIN) KSERVE_MODEL=$(MODEL_DIR) KSERVE_PYTHON=$(DEPLOY_VENV)/bin/python scripts/kserve-client.sh

# `make deploy-check`: deploy/'s manifests offline (scripts/check_manifests.py says how each kind
# is checked). The kserve wheel (PyPI, pinned, not installed: only its generated API types are
# read) is downloaded once into .cache/deploy/.
KSERVE_WHEEL_VERSION := 0.21.0
KSERVE_WHEEL := .cache/deploy/kserve-$(KSERVE_WHEEL_VERSION)-py3-none-any.whl
.PHONY: deploy-check
test: deploy-check

$(KSERVE_WHEEL): | deploy-venv
	$(DEPLOY_VENV)/bin/pip download --quiet --disable-pip-version-check --no-deps \
		kserve==$(KSERVE_WHEEL_VERSION) -d .cache/deploy

deploy-check: deploy-venv $(KSERVE_WHEEL)
	$(DEPLOY_VENV)/bin/python scripts/check_manifests.py $(KSERVE_WHEEL)

# `make rolling-restart`: nginx (Debian's package, in TEST_APT_PACKAGES) in front of 3 replicas
# with the real model; a rolling restart under load must lose no request; kill -9's losses are
# reported (scripts/rolling_restart.py, at most 60 s; the figures land in .cache/deploy/).
.PHONY: rolling-restart
# The rollout waits, after each new replica is ready, until nginx answers from it again: moving on
# within nginx's fail_timeout once left no live upstream ("no live upstreams", 502s).
test: rolling-restart

rolling-restart: deps model test-deps
	@if [ "$(DEPLOY_BIN)" = .build/debug/snakeid ]; then swift build; fi
	@mkdir -p .cache/deploy
	python3 scripts/rolling_restart.py $(DEPLOY_BIN) $(MODEL_DIR) \
		../shared/images/snakes/n01748264_Indian_cobra.JPEG .cache/deploy/rolling-restart.json
