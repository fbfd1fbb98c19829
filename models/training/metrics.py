"""Metric definitions shared by training (val selection, calibration) and evaluate.py.

They follow the evaluation contract in models/README.md exactly, so the TypeScript CLI can match them.
"""
import math

import numpy as np


def auc(scores, labels):
    """Mann-Whitney AUC, ties counted 1/2 (average ranks). None when a class is absent."""
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels).astype(bool)
    n_pos, n_neg = int(labels.sum()), int((~labels).sum())
    if n_pos == 0 or n_neg == 0:
        return None
    order = np.argsort(scores, kind="mergesort")
    sorted_scores = scores[order]
    ranks = np.empty(len(scores), dtype=np.float64)
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i: j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[labels].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def macro_auc(probs, labels, n_classes):
    """Mean one-vs-rest AUC over classes present with both signs (score = calibrated softmax probability)."""
    values = [auc(probs[:, c], labels == c) for c in range(n_classes)]
    values = [v for v in values if v is not None]
    return float(np.mean(values)) if values else None


def ece(probs, labels, bins=10):
    """Expected calibration error: equal-width bins on [0, 1], bin = min(floor(p * bins), bins - 1)."""
    probs = np.asarray(probs, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.float64)
    idx = np.minimum(np.floor(probs * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        sel = idx == b
        if sel.any():
            total += sel.sum() / len(probs) * abs(labels[sel].mean() - probs[sel].mean())
    return float(total)


def wilson(k, n, z=1.959964):
    if n == 0:
        return [None, None]
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return [round(centre - half, 4), round(centre + half, 4)]


def sens_spec(probs, labels, threshold):
    """Positive call = probability >= threshold."""
    pred = np.asarray(probs) >= threshold
    labels = np.asarray(labels).astype(bool)
    tp, fn = int((pred & labels).sum()), int((~pred & labels).sum())
    tn, fp = int((~pred & ~labels).sum()), int((pred & ~labels).sum())
    return tp, fn, tn, fp


def threshold_for_sensitivity(probs, labels, target):
    """Highest threshold (a value taken by a positive) whose sensitivity is >= target."""
    pos = np.sort(np.asarray(probs)[np.asarray(labels).astype(bool)])[::-1]
    needed = max(1, math.ceil(target * len(pos)))
    return float(pos[needed - 1])


def operating_point(probs, labels, threshold, description):
    tp, fn, tn, fp = sens_spec(probs, labels, threshold)
    return {
        "value": round(threshold, 6),
        "operatingPoint": description,
        "val": {
            "sensitivity": round(tp / max(1, tp + fn), 4), "sensitivityCI95": wilson(tp, tp + fn),
            "specificity": round(tn / max(1, tn + fp), 4), "specificityCI95": wilson(tn, tn + fp),
            "nPositive": tp + fn, "nNegative": tn + fp,
        },
    }


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=np.float64)))


def softmax(x):
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


_TEMPERATURES = np.exp(np.linspace(math.log(0.05), math.log(20.0), 1200))


def fit_temperature_sigmoid(logits, labels):
    """Temperature minimising the binary NLL on val (grid search in log space: deterministic)."""
    logits = np.asarray(logits, dtype=np.float64)[None, :] / _TEMPERATURES[:, None]
    y = np.asarray(labels, dtype=np.float64)[None, :]
    nll = np.logaddexp(0, logits) - y * logits
    return float(_TEMPERATURES[np.argmin(nll.mean(axis=1))])


def fit_platt(logits, labels, iterations=100):
    """Platt scaling: (slope, intercept) of sigmoid(slope * z + intercept) by logistic regression on val
    (Newton steps, halved while the NLL rises; the same fit as src/domain/ai/eval/platt.ts). Unlike a
    temperature it has an intercept, so it absorbs a base-rate shift between training and val."""
    z = np.asarray(logits, dtype=np.float64)
    y = np.asarray(labels, dtype=np.float64)
    if y.min() == y.max():
        raise ValueError("fit_platt needs positives and negatives")
    x = np.stack([z, np.ones_like(z)], axis=1)

    def nll(w):
        s = x @ w
        return float(np.mean(np.logaddexp(0, s) - y * s))

    w = np.array([1.0, 0.0])
    loss = nll(w)
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-(x @ w)))
        grad = x.T @ (p - y)
        hess = (x * np.maximum(p * (1 - p), 1e-12)[:, None]).T @ x
        if np.linalg.det(hess) <= 0:
            break
        delta = np.linalg.solve(hess, grad)
        step = 1.0
        while step > 1e-6 and nll(w - step * delta) > loss:
            step /= 2
        if step <= 1e-6:
            break
        w, previous = w - step * delta, loss
        loss = nll(w)
        if previous - loss < 1e-12:
            break
    return float(w[0]), float(w[1])


def calibrated_sigmoid(calibration, logits, k):
    """Probability of label k of a sigmoid head under its manifest calibration (temperature or platt)."""
    logits = np.asarray(logits, dtype=np.float64)
    if calibration["method"] == "platt":
        return sigmoid(calibration["slope"][k] * logits + calibration["intercept"][k])
    t = calibration["temperature"]
    return sigmoid(logits / (t[k] if isinstance(t, list) else t))


def fit_temperature_softmax(logits, labels):
    logits = np.asarray(logits, dtype=np.float64)
    labels = np.asarray(labels)
    best, best_nll = 1.0, float("inf")
    for t in _TEMPERATURES[::4]:
        z = logits / t
        lse = np.log(np.exp(z - z.max(1, keepdims=True)).sum(1)) + z.max(1)
        nll = float((lse - z[np.arange(len(z)), labels]).mean())
        if nll < best_nll:
            best, best_nll = float(t), nll
    return best


def dice(pred, truth, valid):
    """Dice over valid pixels; 1.0 when both prediction and truth are empty."""
    p, t = pred & valid, truth & valid
    denom = int(p.sum()) + int(t.sum())
    return 1.0 if denom == 0 else 2.0 * int((p & t).sum()) / denom
