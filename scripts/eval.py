#!/usr/bin/env python3
"""`make eval`: verdict and risk on the shared photos, the trade-off curve of the signals that
could decide "recognised", and the issue-18 targets for the bundle's own rule.

    eval.py MODEL_JSON PLAIN_JSONL [MIRRORED_JSONL]

PLAIN_JSONL is `snakeid classify --format jsonl --top 10` on the shared folders; MIRRORED_JSONL
the same with `--mirror` (every photo flipped left-right), for the flip-agreement signal.

A photo's truth comes from its path: images/snakes/n…_horned_viper.JPEG → the danger model.json
gives that class; images/other → not a snake; images/wild/venomous_… → dangerous,
images/wild/harmless_… → harmless; everything in images/mozsnake → dangerous.

Exit status 1 when the risks in PLAIN_JSONL (the bundle's rule, as SnakeID applies it) miss a
target.
"""
import json
import sys

model = json.load(open(sys.argv[1]))
danger_of = {s["common_name"].lower(): s["danger"] for s in model["snakes"]}
snake_indices = {s["index"] for s in model["snakes"]}
risk_cfg = model.get("risk", {})
possible_at_least = risk_cfg.get("possible_at_least", 0.05)


def load(path):
    rows = [json.loads(line) for line in open(path) if line.strip()]
    if not rows:
        sys.exit(f"eval: no predictions in {path}")
    for row in rows:
        if "error" in row:
            sys.exit(f"eval: {row['source']}: {row['error']}")
    return rows


def key(source):
    """The path from `images/` on, shared by a photo and its mirrored run."""
    return source[source.index("images/"):] if "images/" in source else source


rows = load(sys.argv[2])
mirrored = {key(r["source"]): r for r in load(sys.argv[3])} if len(sys.argv) > 3 else {}

GROUPS = ["imagenet dangerous", "imagenet harmless", "not snakes", "wild venomous", "wild harmless", "mozsnake"]


def group(source):
    path = key(source)
    name = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    if path.startswith("images/mozsnake/"):
        return "mozsnake"
    if path.startswith("images/wild/"):
        return "wild venomous" if name.startswith("venomous_") else "wild harmless"
    if path.startswith("images/other/"):
        return "not snakes"
    if path.startswith("images/snakes/"):
        label = name.split("_", 1)[1].replace("_", " ").lower()
        return "imagenet dangerous" if danger_of[label] == "dangerous" else "imagenet harmless"
    return None


by_group = {g: [] for g in GROUPS}
for row in rows:
    g = group(row["source"])
    if g:
        by_group[g].append(row)


def top_share(row):
    return row["species"][0]["probability"] if row["species"] else 0.0


def signals(row):
    """Every candidate "recognised" score of a photo; higher means more recognised."""
    share = top_share(row)
    top5 = row["top"][:5]
    out = {
        "top species share (among snakes)": share,
        "top species probability (of image)": share * row["snake_probability"],
        "snake labels in top 5": sum(t["index"] in snake_indices for t in top5) / max(len(top5), 1),
        "max logit": row["max_logit"],
        "-energy (logsumexp)": -row["energy"],
    }
    other = mirrored.get(key(row["source"]))
    if other is not None:
        same = bool(row["species"]) and bool(other["species"]) and \
            row["species"][0]["label"] == other["species"][0]["label"]
        out["flip: same top species (0/1)"] = 1.0 if same else 0.0
        out["flip: min top share if same species"] = min(share, top_share(other)) if same else 0.0
    return out


look_alikes = set(model.get("recognition", {}).get("look_alikes", []))
own_thresholds = model.get("recognition", {}).get("recognised_at_least_for", {})


def simulated_risk(row, signal, threshold, with_look_alikes=False, own=None):
    """The issue-18 rule: not_snake stays low; dangerous/possible as before; else low only when
    recognised (and, with_look_alikes, the top species is not one of model.json's look-alikes).
    `own` maps species to thresholds of their own (`recognised_at_least_for`)."""
    if row["verdict"] == "not_snake":
        return "low"
    if row["dangerous_probability"] >= possible_at_least:
        return "dangerous/possible"
    top = row["species"][0]["label"]
    if with_look_alikes and top in look_alikes:
        return "unknown"
    return "low" if signals(row)[signal] >= (own or {}).get(top, threshold) else "unknown"


def figures(risk_of):
    """The target figures for a risk function over rows."""
    def missed(items):  # a venomous photo answered low or not_snake
        return sum(r["verdict"] == "not_snake" or risk_of(r) == "low" for r in items)
    return {
        "wild_venomous_missed": missed(by_group["wild venomous"]),
        "mozsnake_missed": missed(by_group["mozsnake"]),
        "imagenet_dangerous_missed": missed(by_group["imagenet dangerous"]),
        "imagenet_harmless_low": sum(risk_of(r) == "low" and r["verdict"] != "not_snake"
                                     for r in by_group["imagenet harmless"]),
        "not_snakes_kept": sum(r["verdict"] == "not_snake" for r in by_group["not snakes"]),
        "wild_harmless_warned": sum(r["verdict"] != "not_snake" and risk_of(r) != "low"
                                    for r in by_group["wild harmless"]),
    }


n = {g: len(items) for g, items in by_group.items()}


def meets(f):
    return (f["wild_venomous_missed"] <= 1 and f["mozsnake_missed"] <= 0.02 * n["mozsnake"]
            and f["imagenet_harmless_low"] >= 7 and f["not_snakes_kept"] == n["not snakes"]
            and f["imagenet_dangerous_missed"] == 0)


def line(label, f):
    moz = n["mozsnake"] or 1
    return (f"{label:>10s}  {f['wild_venomous_missed']:3d}/{n['wild venomous']:<3d} "
            f"{f['mozsnake_missed']:4d}/{n['mozsnake']:<4d} ({100 * f['mozsnake_missed'] / moz:4.1f}%)  "
            f"{f['imagenet_dangerous_missed']:2d}/{n['imagenet dangerous']:<2d}  "
            f"{f['imagenet_harmless_low']:3d}/{n['imagenet harmless']:<3d}  "
            f"{f['not_snakes_kept']:3d}/{n['not snakes']:<3d}  "
            f"{f['wild_harmless_warned']:3d}/{n['wild harmless']:<3d}  {'meets targets' if meets(f) else ''}")


HEADER = (f"{'threshold':>10s}  {'wild ven':>7s} {'mozsnake missed':>16s}  {'IN dng':>5s}  "
          f"{'IN harm':>7s}  {'not sn':>6s}  {'wild harm':>7s}\n"
          f"{'':>10s}  {'missed':>7s} {'(low/not_snake)':>16s}  {'missed':>5s}  {'low':>7s}  "
          f"{'kept':>6s}  {'warned':>7s}")

print("photos per group:", ", ".join(f"{g} {n[g]}" for g in GROUPS))
print("verdicts:", ", ".join(
    f"{g} {sum(r['verdict'] == 'snake' for r in by_group[g])}/{sum(r['verdict'] == 'unsure' for r in by_group[g])}/"
    f"{sum(r['verdict'] == 'not_snake' for r in by_group[g])}" for g in GROUPS), "(snake/unsure/not_snake)")
print()
print("Before issue 18 (low unless a dangerous species is plausible):")
print(HEADER)
print(line("old rule", figures(lambda r: "low" if r["verdict"] == "not_snake" or
                                r["dangerous_probability"] < possible_at_least else "warned")))

# The trade-off curve: each signal, each threshold; rows sorted by the recognised score.
snakeish = [r for g in GROUPS if g != "not snakes" for r in by_group[g]]
names = [(name, False) for name in signals(rows[0])]
chosen = {"top_species_share": "top species share (among snakes)",
          "top_species_probability": "top species probability (of image)", "max_logit": "max logit",
          "negative_energy": "-energy (logsumexp)"}.get(model.get("recognition", {}).get("signal"))
if look_alikes and chosen:
    names.append((chosen, True))
for name, with_look_alikes in names:
    values = sorted({round(signals(r)[name], 3) for r in snakeish})
    grid = sorted({values[int(i * (len(values) - 1) / 15)] for i in range(16)}) if len(values) > 16 else values
    print()
    extra = f", and never for a look-alike ({', '.join(sorted(look_alikes))})" if with_look_alikes else ""
    print(f"Signal: {name} — low only when it is at least the threshold{extra}")
    print(HEADER)
    for t in grid:
        print(line(f"{t:.3f}", figures(lambda r: simulated_risk(r, name, t, with_look_alikes))))

# Each species with a threshold of its own: the curve of that threshold, the rest of the
# bundle's rule as it is.
bundle_threshold = model.get("recognition", {}).get("recognised_at_least")
for species in sorted(own_thresholds):
    if not chosen or bundle_threshold is None:
        break
    readings = sorted({round(signals(r)[chosen], 3) for r in snakeish if r["species"] and
                       r["species"][0]["label"] == species})
    print()
    print(f"Signal: {chosen} ≥ {bundle_threshold}, look-alikes as the bundle's; {species} "
          f"only when it reaches its own threshold ({len(readings)} photos read as {species})")
    print(HEADER)
    for t in sorted(set(readings) | {bundle_threshold, own_thresholds[species]}):
        print(line(f"{t:.3f}", figures(lambda r: simulated_risk(
            r, chosen, bundle_threshold, True, {**own_thresholds, species: t}))))

# The bundle's own rule as SnakeID applied it (the `risk` key), and the targets.
actual = figures(lambda r: r["risk"])
rule = model.get("recognition", {})
print()
print(f"This bundle's rule (model.json recognition: {json.dumps(rule) if rule else 'defaults'}), "
      "as snakeid answered:")
print(HEADER)
print(line("bundle", actual))
print()
print("risk per group (dangerous/possible/unknown/low):")
for g in GROUPS:
    counts = [sum(r["risk"] == v for r in by_group[g]) for v in ("dangerous", "possible", "unknown", "low")]
    print(f"  {g:20s} {n[g]:4d}  " + "/".join(map(str, counts)))
wild_harmless_warned = [key(r["source"]) for r in by_group["wild harmless"]
                        if r["verdict"] != "not_snake" and r["risk"] != "low"]
print(f"harmless wild/ photos warned: {len(wild_harmless_warned)} of {n['wild harmless']}")
missed = [key(r["source"]) for g in ("wild venomous", "mozsnake", "imagenet dangerous") for r in by_group[g]
          if r["verdict"] == "not_snake" or r["risk"] == "low"]
if missed:
    print("venomous photos answered low or not_snake:", ", ".join(missed[:12]), "…" if len(missed) > 12 else "")
problems = []
if n["wild venomous"] and actual["wild_venomous_missed"] > 1:
    problems.append(f"{actual['wild_venomous_missed']} of {n['wild venomous']} venomous wild/ photos missed (target ≤ 1)")
if n["mozsnake"] and actual["mozsnake_missed"] > 0.02 * n["mozsnake"]:
    problems.append(f"{actual['mozsnake_missed']} of {n['mozsnake']} mozsnake photos missed (target ≤ 2%)")
if actual["imagenet_dangerous_missed"]:
    problems.append(f"{actual['imagenet_dangerous_missed']} dangerous ImageNet snake photo(s) missed")
if n["imagenet harmless"] and actual["imagenet_harmless_low"] < 7:
    problems.append(f"only {actual['imagenet_harmless_low']} of {n['imagenet harmless']} harmless ImageNet snakes low (target ≥ 7)")
if actual["not_snakes_kept"] != n["not snakes"]:
    problems.append(f"{n['not snakes'] - actual['not_snakes_kept']} non-snake photo(s) lost not_snake")
if problems:
    sys.exit("eval: " + "; ".join(problems))
print("eval: every target met")
