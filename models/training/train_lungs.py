"""Train cxr-lungs (small U-Net, lung mask logits) from scratch on the V7 masks of cxr_covid_ieee8023.

Usage: /usr/bin/python3 models/training/train_lungs.py [--data ../shared/data] [--epochs N] [--smoke]
Mask pixels 127 ("ignore": pacemakers, markup) are excluded from the loss and from Dice.
"""
import copy
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import UnitCache, read_rows  # noqa: E402
from evaluate import evaluate_and_store  # noqa: E402
from export import build_module, export, save_checkpoint  # noqa: E402
from nets import count_params  # noqa: E402
from preprocess import (DEFAULT_MEAN, DEFAULT_STD, PREPROCESSING_ID, WINDOW_HIGH, WINDOW_LOW,  # noqa: E402
                        geometry, load_png_gray, resample_content)
from train_common import (batches, cosine_lr, normalise, parse_args, predict, random_affine,  # noqa: E402
                          random_gamma, run_dir, seed_everything)

MODEL_ID = "cxr-lungs"
SET = "cxr_covid_ieee8023"
SIZE = 160
WIDTHS = [8, 16, 32, 64, 128]
THRESHOLD = 0.5


def mask_canvases(root, rows):
    """Lung and ignore fractions resampled exactly like the image (box + bilinear, letterboxed)."""
    out = np.zeros((len(rows), 2, SIZE, SIZE), dtype=np.float32)
    for i, r in enumerate(rows):
        mask = load_png_gray(os.path.join(root, SET, r["mask_file"]))
        geom = geometry(mask.shape[1], mask.shape[0], SIZE)
        box = (slice(geom.oy, geom.oy + geom.nh), slice(geom.ox, geom.ox + geom.nw))
        out[i, 0][box] = resample_content(mask == 255, geom)
        out[i, 1][box] = resample_content(mask == 127, geom)
    return torch.from_numpy(out)


def load_split(root, split, cache_dir, smoke):
    rows = [r for r in read_rows(os.path.join(root, SET)) if r["split"] == split and r.get("mask_file")]
    rows = rows[:12] if smoke else rows
    units = UnitCache(root, SET, SIZE, [r["file"] for r in rows], cache_dir).units
    return torch.from_numpy(units.astype(np.float32))[:, None], mask_canvases(root, rows)


def masked_loss(logits, lung, ignore):
    """BCE + soft Dice over pixels that are not 'ignore'."""
    target = (lung > 0.5).float()
    valid = (ignore < 0.5).float()
    bce = (F.binary_cross_entropy_with_logits(logits, target, reduction="none") * valid).sum() / valid.sum()
    p = torch.sigmoid(logits) * valid
    soft_dice = 1 - (2 * (p * target).sum((1, 2, 3)) + 1) / (p.sum((1, 2, 3)) + (target * valid).sum((1, 2, 3)) + 1)
    return bce + soft_dice.mean()


def model_space_dice(logits, lung, ignore):
    """Val selection only (model resolution); reported Dice is at source resolution (evaluate.py)."""
    pred = logits > 0
    truth = lung > 0.5
    valid = ignore < 0.5
    inter = (pred & truth & valid).sum((1, 2, 3))
    denom = (pred & valid).sum((1, 2, 3)) + (truth & valid).sum((1, 2, 3))
    return float(np.mean(np.where(denom > 0, 2 * inter / np.maximum(denom, 1), 1.0)))


def main():
    args = parse_args(__doc__.splitlines()[0], default_epochs=40)
    seed_everything(args.seed)
    out_run = run_dir(args, MODEL_ID)
    x_tr, m_tr = load_split(args.data, "train", args.cache_dir, args.smoke)
    x_va, m_va = load_split(args.data, "val", args.cache_dir, args.smoke)
    arch = {"widths": WIDTHS}
    net = build_module(MODEL_ID, arch)
    n = len(x_tr)
    print(f"{MODEL_ID}: {count_params(net)} parameters, {n} train / {len(x_va)} val masks", flush=True)
    optimizer = torch.optim.AdamW(net.parameters(), lr=3e-3, weight_decay=1e-4)
    gen = torch.Generator().manual_seed(args.seed)
    batch_size = 8
    total = args.epochs * ((n + batch_size - 1) // batch_size)
    best, step = (-1.0, None, 0), 0
    val_inputs = normalise(x_va)
    for epoch in range(args.epochs):
        net.train()
        t0, losses = time.time(), []
        for idx in batches(n, batch_size, gen):
            cosine_lr(optimizer, 3e-3, step, total)
            joint = random_affine(torch.cat([x_tr[idx], m_tr[idx]], dim=1), gen, max_degrees=10)
            x = normalise(random_gamma(joint[:, :1], gen))
            loss = masked_loss(net(x), joint[:, 1:2], joint[:, 2:3])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            step += 1
            if args.smoke and step >= 3:
                break
        (val_logits,) = predict(net, val_inputs, batch_size=16)
        score = model_space_dice(val_logits, m_va[:, :1].numpy(), m_va[:, 1:].numpy())
        print(f"epoch {epoch + 1}/{args.epochs} loss {np.mean(losses):.4f} val dice {score:.4f} "
              f"({time.time() - t0:.0f}s)", flush=True)
        if score > best[0]:
            best = (score, copy.deepcopy(net.state_dict()), epoch + 1)
    net.load_state_dict(best[1])
    print(f"selected epoch {best[2]} (val model-space Dice {best[0]:.4f})", flush=True)

    manifest = {
        "id": MODEL_ID, "version": "1.0.0", "task": "segmentation",
        "input": {"name": "image", "shape": [1, 1, SIZE, SIZE], "layout": "NCHW", "dtype": "float32"},
        "preprocessing": {"id": PREPROCESSING_ID, "size": SIZE,
                          "window": {"method": "percentile", "low": WINDOW_LOW, "high": WINDOW_HIGH},
                          "normalize": {"mean": DEFAULT_MEAN, "std": DEFAULT_STD}},
        "heads": [],
        "explain": None, "ood": None,
        "segmentation": {"output": "mask", "activation": "sigmoid", "threshold": THRESHOLD, "labels": ["lung"],
                         "note": "mask [1,1,S,S] logits in model space; map to the image with the inverse "
                                 "letterbox (models/README.md, 'Dice')"},
        "training": {
            "data": [f"{SET} train rows with a V7 lung mask (n={n}; images CC BY / CC BY-NC-SA per row, "
                     "masks CC BY 4.0 v7labs/covid-19-xray-dataset)"],
            "selection": f"{SET} val masks (n={len(x_va)}): epoch by model-space Dice",
            "seed": args.seed, "epochs": args.epochs, "selectedEpoch": best[2], "parameters": count_params(net),
            "script": "models/training/train_lungs.py", "smoke": args.smoke,
        },
    }
    save_checkpoint(out_run, MODEL_ID, net, arch, manifest)
    exported = export({"id": MODEL_ID, "arch": arch, "manifest": manifest}, net, args.out_dir)
    evaluate_and_store(MODEL_ID, net, exported, args.data, args.out_dir, smoke=args.smoke)


if __name__ == "__main__":
    main()
