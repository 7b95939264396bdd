#!/usr/bin/python3
"""The Python reference of `snakeid train` for `snakeid-bench train`: the same method in PyTorch.

Features from the same backbone (the bundle's TorchScript model.pt, whose second output is the
pooled features), the same views (centre crop; training photos also mirrored), then
multinomial logistic regression with torch's L-BFGS on standardised features, classes
balanced, the weight decay chosen on a seeded 20% of train/, refitted on train + validation.

    /usr/bin/python3 scripts/train_probe.py MODEL_DIR DATA_DIR [THREADS]

DATA_DIR holds train/ and test/ of class folders. Prints one JSON line: top-1 on test/,
features_seconds, fit_seconds. Needs Debian's python3-torch and python3-pil.
"""
import json
import os
import random
import sys
import time

import torch
from PIL import Image

DECAYS = [1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001, 0.0003]


def photos(folder):
    classes = sorted(d for d in os.listdir(folder) if os.path.isdir(os.path.join(folder, d)))
    return classes, [(os.path.join(folder, c, f), i) for i, c in enumerate(classes)
                     for f in sorted(os.listdir(os.path.join(folder, c))) if not f.startswith(".")]


def tensor(path, model_json):
    size, shorter = model_json["input"]["width"], model_json["input"]["resize_shorter_side"]
    image = Image.open(path).convert("RGB")
    w, h = image.size
    scale = shorter / min(w, h)
    image = image.resize((max(shorter, round(w * scale)), max(shorter, round(h * scale))), Image.BILINEAR)
    w, h = image.size
    left, top = (w - size) // 2, (h - size) // 2
    image = image.crop((left, top, left + size, top + size))
    x = torch.frombuffer(bytearray(image.tobytes()), dtype=torch.uint8).view(size, size, 3).permute(2, 0, 1).float()
    mean = torch.tensor(model_json["input"]["mean"]).view(3, 1, 1)
    std = torch.tensor(model_json["input"]["std"]).view(3, 1, 1)
    return (x - mean) / std


def features(model, model_json, items, flip):
    rows, labels = [], []
    with torch.inference_mode():
        for start in range(0, len(items), 16):
            batch = torch.stack([tensor(p, model_json) for p, _ in items[start:start + 16]])
            views = [batch, batch.flip(3)] if flip else [batch]
            for view in views:
                rows.append(model(view)[1])
                labels += [label for _, label in items[start:start + 16]]
    return torch.cat(rows), torch.tensor(labels)


def fit(x, y, classes, decay, start=None):
    counts = torch.bincount(y, minlength=classes).float()
    weights = (1 / (classes * counts))[y]
    w = torch.zeros(classes, x.shape[1]) if start is None else start[0].clone()
    b = torch.zeros(classes) if start is None else start[1].clone()
    w.requires_grad_(True)
    b.requires_grad_(True)
    optimiser = torch.optim.LBFGS([w, b], max_iter=300, history_size=10, line_search_fn="strong_wolfe",
                                  tolerance_grad=1e-5)

    def closure():
        optimiser.zero_grad()
        losses = torch.nn.functional.cross_entropy(x @ w.T + b, y, reduction="none")
        loss = (losses * weights).sum() + decay / 2 * (w * w).sum()
        loss.backward()
        return loss

    optimiser.step(closure)
    return w.detach(), b.detach()


def main():
    model_dir, data_dir = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 3:
        torch.set_num_threads(int(sys.argv[3]))
    model_json = json.load(open(os.path.join(model_dir, "model.json")))
    model = torch.jit.load(os.path.join(model_dir, "model.pt")).eval()
    started = time.perf_counter()
    classes, train = photos(os.path.join(data_dir, "train"))
    _, test = photos(os.path.join(data_dir, "test"))
    random.Random(42).shuffle(train)
    by_class = {}
    for item in train:
        by_class.setdefault(item[1], []).append(item)
    validation = [item for items in by_class.values() for item in items[:round(len(items) * 0.2)]]
    held = set(p for p, _ in validation)
    fit_train = [item for item in train if item[0] not in held]
    xt, yt = features(model, model_json, fit_train, flip=True)
    xv, yv = features(model, model_json, validation, flip=False)
    xs, ys = features(model, model_json, test, flip=False)
    features_seconds = time.perf_counter() - started

    started = time.perf_counter()
    mean, std = xt.mean(0), xt.std(0, unbiased=False) + 1e-3
    norm = lambda x: (x - mean) / std
    best, parameters = None, None
    for decay in DECAYS:
        parameters = fit(norm(xt), yt, len(classes), decay, parameters)
        logits = norm(xv) @ parameters[0].T + parameters[1]
        accuracy = (logits.argmax(1) == yv).float().mean().item()
        loss = torch.nn.functional.cross_entropy(logits, yv).item()
        if best is None or (accuracy, -loss) > (best[0], -best[1]):
            best = (accuracy, loss, decay, parameters)
    final = fit(norm(torch.cat([xt, xv])), torch.cat([yt, yv]), len(classes), best[2], best[3])
    fit_seconds = time.perf_counter() - started
    top1 = ((norm(xs) @ final[0].T + final[1]).argmax(1) == ys).float().mean().item()
    print(json.dumps({"top1": top1, "decay": best[2], "features_seconds": features_seconds,
                      "fit_seconds": fit_seconds, "test": len(test), "train": len(train)}))


if __name__ == "__main__":
    main()
