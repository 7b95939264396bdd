#!/usr/bin/env python3
"""`make eval`: verdict and risk counts on the shared photos, the figures in the README.

Reads `snakeid classify --format jsonl` output on stdin; a photo's true class is the label in
its file name (n01753488_horned_viper.JPEG -> "horned viper"), its danger from model.json.
"""
import json
import sys

model = json.load(open(sys.argv[1]))
danger = {s["common_name"].lower(): s["danger"] for s in model["snakes"]}
rows = [json.loads(line) for line in sys.stdin if line.strip()]
if not rows:
    sys.exit("eval: no predictions on stdin")


def true_label(source):
    name = source.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return name.split("_", 1)[1].replace("_", " ").lower() if "_" in name else name.lower()


groups = {"dangerous species": [], "mildly venomous species": [], "harmless or constrictor species": [],
          "not snakes": []}
for row in rows:
    if "error" in row:
        sys.exit(f"eval: {row['source']}: {row['error']}")
    kind = danger.get(true_label(row["source"]))
    key = ("not snakes" if kind is None else "dangerous species" if kind == "dangerous"
           else "mildly venomous species" if kind == "mildly_venomous" else "harmless or constrictor species")
    groups[key].append(row)

print(f"{'photos':34s} {'n':>3s}  {'snake':>5s} {'unsure':>6s} {'not':>4s}   {'danger':>6s} {'possible':>8s} {'low':>4s}")
for name, items in groups.items():
    verdicts = [sum(r["verdict"] == v for r in items) for v in ("snake", "unsure", "not_snake")]
    risks = [sum(r["risk"] == v for r in items) for v in ("dangerous", "possible", "low")]
    print(f"{name:34s} {len(items):3d}  {verdicts[0]:5d} {verdicts[1]:6d} {verdicts[2]:4d}   "
          f"{risks[0]:6d} {risks[1]:8d} {risks[2]:4d}")
print()
print("dangerous probability per snake photo (risk thresholds:",
      f"possible >= {model['risk']['possible_at_least']}, dangerous >= {model['risk']['dangerous_at_least']}):")
for name in ("dangerous species", "mildly venomous species", "harmless or constrictor species"):
    for r in sorted(groups[name], key=lambda r: r["dangerous_probability"]):
        print(f"  {true_label(r['source']):22s} {name.split()[0]:9s} {r['dangerous_probability']:.3f}  "
              f"{r['risk']:9s} (verdict {r['verdict']}, snake {r['snake_probability']:.3f})")
missed = [r for r in groups["dangerous species"] if r["risk"] == "low"]
if missed:
    sys.exit(f"eval: {len(missed)} dangerous-species photo(s) have low risk")
