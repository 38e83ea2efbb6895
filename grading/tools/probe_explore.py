#!/usr/bin/env python3
"""Explore head settings on features written by FeatureDump (experiment tool, numpy only).

Re-implements ProbeCommand's head (class-balanced softmax regression on standardised features over
the ten grades, full-batch Adam with a cosine rate, L2 on the weights) and its two evaluations:
grouped 5-fold cross-validation over all 86 tomatoes (folds from samples.tsv, as ProbeCommand folds=5)
and the card's specimen split (train on the 59 training tomatoes' train-folder photos, temperature and
review threshold on the 10 validation tomatoes, figures on the 17 held-out ones).

usage: probe_explore.py <dump dir> <config> [<config> ...]
config: taps:pools@l2[/views][+labels]  e.g.  conv1,b13:mean@0.03   conv1,b13:mean,max@0.03/2
"""
import json
import math
import sys

import numpy as np

TAPS = {"conv1": "MobilenetV2/Conv_1/Relu6", "b16": "MobilenetV2/expanded_conv_16/expand/Relu6",
        "b13": "MobilenetV2/expanded_conv_13/expand/Relu6", "b10": "MobilenetV2/expanded_conv_10/expand/Relu6",
        "b6": "MobilenetV2/expanded_conv_6/expand/Relu6"}
UNIT_LABEL = np.array([0, 0, 0, 1, 1, 1, 1, 2, 2, 2])


def load(dump):
    rows = [line.rstrip("\n").split("\t") for line in open(f"{dump}/samples.tsv")][1:]
    meta = {"label": np.array([int(r[3]) for r in rows]), "unit": np.array([int(r[4]) for r in rows]),
            "role": np.array([r[6] for r in rows]), "fold": np.array([int(r[7]) for r in rows]),
            "split": np.array([r[2] for r in rows])}
    layout = {}
    for line in list(open(f"{dump}/layout.tsv"))[1:]:
        tap, pool, a, b = line.rstrip("\n").split("\t")
        layout[(tap, pool)] = (int(a), int(b))
    dim = int(open(f"{dump}/dimension.txt").read())
    return meta, layout, dim


class Views:
    def __init__(self, dump, n, dim):
        self.dump, self.n, self.dim, self.cache = dump, n, dim, {}

    def get(self, v):
        if v not in self.cache:
            self.cache[v] = np.memmap(f"{self.dump}/view-{v}.f32", dtype="<f4", mode="r", shape=(self.n, self.dim))
        return self.cache[v]


def columns(layout, taps, pools):
    cols = []
    for t in taps:
        for p in pools:
            a, b = layout[(TAPS[t], p)]
            cols.append(np.arange(a, b))
    return np.concatenate(cols)


def fit(x, target, weight, l2, iterations=300):
    x = x.astype(np.float32)
    n, d = x.shape
    k = target.shape[1]
    mean = x.mean(0)
    scale = 1 / np.sqrt(((x - mean) ** 2).mean(0) + 1e-6)
    z = ((x - mean) * scale).astype(np.float32)
    ew = (weight / weight.sum()).astype(np.float32)[:, None]
    w = np.zeros((d, k), np.float32)
    b = np.zeros(k, np.float32)
    mw, vw, mb, vb = np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b)
    for it in range(1, iterations + 1):
        s = z @ w + b
        s -= s.max(1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(1, keepdims=True)
        g = (p - target) * ew
        gw = z.T @ g + l2 * w
        gb = g.sum(0)
        c1 = 1 - 0.9 ** it
        c2 = 1 - 0.999 ** it
        rate = 0.01 * (0.5 + 0.5 * math.cos(math.pi * it / iterations)) + 1e-4
        mw = 0.9 * mw + 0.1 * gw
        vw = 0.999 * vw + 0.001 * gw * gw
        w -= rate * (mw / c1) / (np.sqrt(vw / c2) + 1e-8)
        mb = 0.9 * mb + 0.1 * gb
        vb = 0.999 * vb + 0.001 * gb * gb
        b -= rate * (mb / c1) / (np.sqrt(vb / c2) + 1e-8)
    return mean, scale, w, b


def label_probs(model, x_views, temperature, units):
    mean, scale, w, b = model
    out = 0
    for x in x_views:
        s = (((x - mean) * scale) @ w + b) / temperature
        s -= s.max(1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(1, keepdims=True)
        if units == "grades":
            q = np.zeros((len(x), 3))
            for u in range(10):
                q[:, UNIT_LABEL[u]] += p[:, u]
            p = q
        out = out + p / len(x_views)
    return out


def metrics(truth, p):
    pred = p.argmax(1)
    acc = (pred == truth).mean()
    ext = (truth == 0) | (truth == 2)
    fr = (((truth == 0) & (pred == 2)) | ((truth == 2) & (pred == 0))).sum() / max(1, ext.sum())
    nll = -np.log(np.maximum(1e-12, p[np.arange(len(truth)), truth])).mean()
    return acc, fr, nll


def selective_at(truth, p, t):
    pred = p.argmax(1)
    conf = p.max(1)
    d = conf >= t
    fr = int((((truth == 0) & (pred == 2)) | ((truth == 2) & (pred == 0)))[d].sum())
    return d.mean(), (pred[d] == truth[d]).mean() if d.any() else 1.0, fr


def choose(truth, p, target=0.90, min_decided=20):
    conf = p.max(1)
    pred = p.argmax(1)
    order = sorted(range(len(truth)), key=lambda i: (-conf[i], i))
    correct = extreme = 0
    best = None
    for k, i in enumerate(order):
        correct += pred[i] == truth[i]
        extreme += (truth[i] == 0 and pred[i] == 2) or (truth[i] == 2 and pred[i] == 0)
        tie = k + 1 < len(order) and conf[order[k + 1]] == conf[i]
        if not tie and k + 1 >= min_decided and extreme == 0 and correct / (k + 1) >= target:
            best = conf[i]
    return best


def at_coverage(truth, p, coverage):
    conf = np.sort(p.max(1))
    k = int(math.floor((1 - coverage) * len(conf)))
    return selective_at(truth, p, conf[min(k, len(conf) - 1)])


def design(views, idx, cols, train_views, meta, units):
    xs = [np.asarray(views.get(v)[idx][:, cols]) for v in range(train_views)]
    x = np.concatenate(xs)
    lab = np.tile(meta["label"][idx], train_views)
    if units == "grades":
        t = np.eye(10, dtype=np.float32)[np.tile(meta["unit"][idx], train_views)]
    else:
        t = np.eye(3, dtype=np.float32)[lab]
    counts = np.bincount(meta["label"][idx], minlength=3)
    weight = len(idx) / (3 * counts[lab])
    return x, t, weight


def run(views, meta, layout, config, tta=2):
    spec, _, rest = config.partition("@")
    taps, _, pools = spec.partition(":")
    units = "labels" if rest.endswith("+labels") else "grades"
    rest = rest.replace("+labels", "")
    l2, _, tv = rest.partition("/")
    l2 = float(l2)
    train_views = int(tv) if tv else 2
    cols = columns(layout, taps.split(","), pools.split(","))
    truth_all = meta["label"]
    # grouped cross-validation
    probs = np.zeros((len(truth_all), 3))
    for k in range(5):
        test = np.where(meta["fold"] == k)[0]
        train = np.where(meta["fold"] != k)[0]
        model = fit(*design(views, train, cols, train_views, meta, units), l2)
        probs[test] = label_probs(model, [np.asarray(views.get(v)[test][:, cols]) for v in range(tta)], 1.0, units)
    cv_acc, cv_fr, _ = metrics(truth_all, probs)
    cv40 = at_coverage(truth_all, probs, 0.4)
    # the card's split
    tr = np.where((meta["role"] == "train"))[0]
    va = np.where(meta["role"] == "validation")[0]
    ho = np.where(meta["role"] == "heldOut")[0]
    model = fit(*design(views, tr, cols, train_views, meta, units), l2)
    vx = [np.asarray(views.get(v)[va][:, cols]) for v in range(tta)]
    best_t, best_nll = 1, float("inf")
    for i in range(75):
        t = 0.3 + 0.05 * i
        nll = metrics(truth_all[va], label_probs(model, vx, t, units))[2]
        if nll < best_nll:
            best_nll, best_t = nll, t
    best_t = round(best_t * 100) / 100
    vp = label_probs(model, vx, best_t, units)
    threshold = choose(truth_all[va], vp)
    hp = label_probs(model, [np.asarray(views.get(v)[ho][:, cols]) for v in range(tta)], best_t, units)
    h_acc, h_fr, h_nll = metrics(truth_all[ho], hp)
    sel = selective_at(truth_all[ho], hp, 2 if threshold is None else threshold)
    result = {"config": config, "dims": int(len(cols)), "cv_acc": round(float(cv_acc), 4), "cv_fr": round(float(cv_fr), 4),
              "cv_at40": [round(float(cv40[1]), 4), cv40[2]], "val_acc": round(float(metrics(truth_all[va], vp)[0]), 4),
              "T": best_t, "held_acc": round(float(h_acc), 4), "held_fr": round(float(h_fr), 4),
              "held_nll": round(float(h_nll), 4),
              "threshold": None if threshold is None else round(float(threshold), 4),
              "held_sel": [round(float(sel[0]), 4), round(float(sel[1]), 4), sel[2]]}
    print(json.dumps(result), flush=True)
    return result


def main():
    dump = sys.argv[1]
    meta, layout, dim = load(dump)
    views = Views(dump, len(meta["label"]), dim)
    for config in sys.argv[2:]:
        run(views, meta, layout, config)


if __name__ == "__main__":
    main()
