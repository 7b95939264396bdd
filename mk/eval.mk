# `make eval`: verdicts and risks on ../shared/images, the trade-off curve of every signal that
# could decide "recognised" (issue 18), and the targets for the bundle's own rule (fails when one
# is missed). The photos run twice, the second time mirrored left-right (`classify --mirror`),
# for the flip-agreement signal.
EVAL_DIRS := $(addprefix ../shared/images/,snakes other wild mozsnake/train mozsnake/test)
EVAL_OUT := .cache/eval
.PHONY: eval
eval: release
	@mkdir -p $(EVAL_OUT)
	$(RELEASE_BIN) classify $(EVAL_DIRS) --top 10 --format jsonl > $(EVAL_OUT)/plain.jsonl
	$(RELEASE_BIN) classify $(EVAL_DIRS) --top 10 --format jsonl --mirror > $(EVAL_OUT)/mirrored.jsonl
	python3 scripts/eval.py $(MODEL_DIR)/model.json $(EVAL_OUT)/plain.jsonl $(EVAL_OUT)/mirrored.jsonl
