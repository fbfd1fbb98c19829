"""Train cxr-triage (abnormal, effusion, pneumonia; Grad-CAM output; Mahalanobis OOD) from scratch.

Usage: /usr/bin/python3 models/training/train_triage.py [--data ../shared/data] [--epochs N] [--smoke]
Trains on cxr_nih14_256 `train`, selects the epoch and fits calibration, thresholds and the OOD threshold on
`val`; never looks at `test` (evaluate.py reports it).
"""
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import UnitCache, binary_label, read_rows  # noqa: E402
from export import build_module  # noqa: E402
from metrics import (auc, calibrated_sigmoid, fit_platt, operating_point,  # noqa: E402
                     threshold_for_sensitivity)
from nets import count_params  # noqa: E402
from train_common import augment_units, batches, normalise, parse_args, predict, run_dir, seed_everything  # noqa: E402
from train_loop import image_io, run_facts, save_export_evaluate, train_epochs  # noqa: E402

MODEL_ID = "cxr-triage"
SET = "cxr_nih14_256"
SIZE = 224
LABELS = ["abnormal", "effusion", "pneumonia"]
COLUMNS = ["abnormal", "Effusion", "Pneumonia"]
WIDTHS = [16, 24, 48, 96, 160]
TARGET_SENSITIVITY = 0.90
OOD_IN_DISTRIBUTION_QUANTILE = 0.99
CLINICAL_CLASS = {"abnormal": "routine", "effusion": "urgent", "pneumonia": "urgent"}


def labelled_rows(rows, split):
    return [r for r in rows if r["split"] == split and all(binary_label(r, c) is not None for c in COLUMNS)]


def ledoit_wolf(features):
    """Mean and Ledoit-Wolf shrinkage covariance (towards a scaled identity) of [n, p] features."""
    x = np.asarray(features, dtype=np.float64)
    mean = x.mean(0)
    x = x - mean
    n, p = x.shape
    cov = x.T @ x / n
    mu = np.trace(cov) / p
    delta = ((cov - mu * np.eye(p)) ** 2).sum()
    beta = min(delta, (((x ** 2).sum(1) ** 2).sum() / n - (cov ** 2).sum()) / n)
    shrink = beta / delta if delta > 0 else 1.0
    return mean, (1 - shrink) * cov + shrink * mu * np.eye(p), shrink


def main():
    args = parse_args(__doc__.splitlines()[0], default_epochs=20)
    seed_everything(args.seed)
    out_run = run_dir(args, MODEL_ID)
    rows = read_rows(os.path.join(args.data, SET))
    train_rows, val_rows = labelled_rows(rows, "train"), labelled_rows(rows, "val")
    if args.smoke:
        train_rows, val_rows = train_rows[:48], val_rows[:32]
    files = [r["file"] for r in train_rows + val_rows]
    cache = UnitCache(args.data, SET, SIZE, files, args.cache_dir)
    units = torch.from_numpy(cache.units.astype(np.float32))[:, None]
    y = torch.tensor([[binary_label(r, c) for c in COLUMNS] for r in train_rows + val_rows], dtype=torch.float32)
    n_train = len(train_rows)
    x_val, y_val = normalise(units[n_train:]), y[n_train:].numpy()

    module = build_module(MODEL_ID, {"n_labels": len(LABELS), "widths": WIDTHS})
    net = module.net
    print(f"{MODEL_ID}: {count_params(net)} parameters, {n_train} train / {len(val_rows)} val images", flush=True)
    pos = y[:n_train].sum(0)
    pos_weight = torch.sqrt((n_train - pos) / pos.clamp(min=1))  # softened class balance for thin labels
    optimizer = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=5e-4)
    gen = torch.Generator().manual_seed(args.seed)

    def batch_loss(idx):
        x = normalise(augment_units(units[idx], gen))
        return F.binary_cross_entropy_with_logits(net(x), y[idx], pos_weight=pos_weight)

    def validate():
        (val_logits,) = predict(net, x_val)
        aucs = [auc(val_logits[:, k], y_val[:, k]) for k in range(len(LABELS))]
        score = float(np.mean([a for a in aucs if a is not None] or [0.0]))
        return score, "AUC " + " ".join(f"{l}={a if a is None else round(a, 4)}" for l, a in zip(LABELS, aucs))

    best_score, selected = train_epochs(args, net, optimizer, gen, n_train, 32, 2e-3, batch_loss, validate, out_run)
    print(f"selected epoch {selected} (mean val AUC {best_score:.4f})", flush=True)

    # OOD statistics on the unaugmented training images; the inverse is taken in float64.
    net.eval()
    with torch.no_grad():
        feats = np.concatenate([net.features(normalise(units[idx])).mean(dim=(2, 3)).numpy()
                                for idx in batches(n_train, 64)])
    mean, cov, shrink = ledoit_wolf(feats)
    module.feature_mean.copy_(torch.from_numpy(mean).float())
    module.precision.copy_(torch.from_numpy(np.linalg.inv(cov)).float())

    val_logits, _, val_ood = predict(module, x_val)
    # Platt rather than a temperature: the val mix's base rates differ from the training mix's, and only
    # an intercept can shift for that (issue #16: ECE ≤ 0.05)
    fits = [fit_platt(val_logits[:, k], y_val[:, k]) for k in range(len(LABELS))]
    calibration = {"method": "platt", "slope": [round(a, 4) for a, _ in fits],
                   "intercept": [round(b, 4) for _, b in fits],
                   "note": "probability = sigmoid(slope * logit + intercept), fitted on val (logistic regression); "
                           "thresholds apply to this probability"}
    thresholds = {}
    for k, label in enumerate(LABELS):
        probs = calibrated_sigmoid(calibration, val_logits[:, k], k)
        thr = threshold_for_sensitivity(probs, y_val[:, k], TARGET_SENSITIVITY)
        thresholds[label] = operating_point(probs, y_val[:, k], thr, f"sensitivity ≥ {TARGET_SENSITIVITY} on val")
    ood_threshold = float(np.quantile(val_ood.astype(np.float64), OOD_IN_DISTRIBUTION_QUANTILE))

    manifest = {
        "id": MODEL_ID, "version": "1.0.0", "task": "classification",
        **image_io(SIZE),
        "heads": [{
            "output": "logits", "activation": "sigmoid", "labels": LABELS,
            "calibration": calibration,
            "thresholds": thresholds, "clinicalClass": CLINICAL_CLASS,
        }],
        "explain": {"method": "gradcam", "output": "cam", "shape": [1, len(LABELS), SIZE // 32, SIZE // 32],
                    "note": "cam[k] = Σ_c w_kc A_c / (h·w): Grad-CAM before ReLU, exact for GAP + linear; "
                            "apply ReLU and divide by the max for display"},
        "ood": {"output": "ood", "score": "mahalanobis-squared on pooled features (train fit, Ledoit-Wolf "
                                           f"shrinkage {shrink:.4f})",
                "threshold": round(ood_threshold, 4),
                "note": f"score > threshold → not applicable; threshold = {OOD_IN_DISTRIBUTION_QUANTILE} "
                        f"quantile of {SET} val (n={len(val_rows)})"},
        "segmentation": None,
        "training": {
            "data": [f"{SET} train (n={n_train}; NIH Clinical Center ChestX-ray14: unrestricted use, "
                     "attribution requested — Wang et al., CVPR 2017)"],
            "selection": f"{SET} val (n={len(val_rows)}): epoch by mean val AUC, Platt scaling, thresholds, OOD",
            **run_facts(args, selected, net, "models/training/train_triage.py"),
        },
    }
    arch = {"n_labels": len(LABELS), "widths": WIDTHS}
    save_export_evaluate(args, out_run, MODEL_ID, module, arch, manifest)


if __name__ == "__main__":
    main()
