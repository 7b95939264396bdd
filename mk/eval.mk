# `make eval`: verdict and risk counts on ../shared/images (the README's calibration figures).
.PHONY: eval
eval: release
	$(RELEASE_BIN) classify ../shared/images/snakes ../shared/images/other --format jsonl \
		| python3 scripts/eval.py $(MODEL_DIR)/model.json
