"""Train cxr-lungs (small U-Net, lung mask logits) from scratch on the V7 masks of cxr_covid_ieee8023.

Usage: /usr/bin/python3 models/training/train_lungs.py [--data ../shared/data] [--epochs N] [--smoke]
Mask pixels 127 ("ignore": pacemakers, markup) are excluded from the loss and from Dice.
Augmentation mimics acquisition differences between sites: rotation ±10°, scale/shift, collimation bands,
contrast/gamma, portable softness, noise and burned-in markers. No inversion: preprocessing already turns
MONOCHROME1 films the right way round (models/PREPROCESSING.md, step 5).
"""
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import UnitCache, read_rows  # noqa: E402
from export import build_module  # noqa: E402
from nets import count_params  # noqa: E402
from preprocess import geometry, load_png_gray, resample_content  # noqa: E402
from train_common import (normalise, parse_args, predict, random_acquisition, random_affine,  # noqa: E402
                          random_gamma, run_dir, seed_everything)
from train_loop import image_io, run_facts, save_export_evaluate, train_epochs  # noqa: E402

MODEL_ID = "cxr-lungs"
SET = "cxr_covid_ieee8023"
SIZE = 224
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


def random_collimation(joint, gen, p=0.35, max_band=0.12):
    """Collimator shutters: bands along random edges of canvases [B, 3, S, S] (image, lung, ignore) become one
    flat value, dark or bright as sites render them; lung hidden behind a shutter is not lung to find."""
    size = joint.shape[-1]
    for i in range(joint.shape[0]):
        if torch.rand(1, generator=gen).item() >= p:
            continue
        value = 0.9 * torch.rand(1, generator=gen).round().item() + 0.1 * torch.rand(1, generator=gen).item()
        for side in torch.nonzero(torch.rand(4, generator=gen) < 0.5).flatten().tolist():
            band = int(size * max_band * torch.rand(1, generator=gen).item())
            if band == 0:
                continue
            rows = slice(0, band) if side == 0 else slice(size - band, size) if side == 1 else slice(None)
            cols = slice(0, band) if side == 2 else slice(size - band, size) if side == 3 else slice(None)
            joint[i, 0, rows, cols] = value
            joint[i, 1:, rows, cols] = 0
    return joint


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
    args = parse_args(__doc__.splitlines()[0], default_epochs=60)
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
    val_inputs = normalise(x_va)

    def batch_loss(idx):
        joint = random_affine(torch.cat([x_tr[idx], m_tr[idx]], dim=1), gen, max_degrees=10,
                              scale=(0.85, 1.15), shift=0.08)
        joint = random_collimation(joint, gen)
        x = normalise(random_acquisition(random_gamma(joint[:, :1], gen), gen, p_invert=0.0))
        return masked_loss(net(x), joint[:, 1:2], joint[:, 2:3])

    def validate():
        (val_logits,) = predict(net, val_inputs, batch_size=16)
        score = model_space_dice(val_logits, m_va[:, :1].numpy(), m_va[:, 1:].numpy())
        return score, f"dice {score:.4f}"

    best_score, selected = train_epochs(args, net, optimizer, gen, n, 8, 3e-3, batch_loss, validate, out_run)
    print(f"selected epoch {selected} (val model-space Dice {best_score:.4f})", flush=True)

    manifest = {
        "id": MODEL_ID, "version": "1.1.0", "task": "segmentation",
        **image_io(SIZE),
        "heads": [],
        "explain": None, "ood": None,
        "segmentation": {"output": "mask", "activation": "sigmoid", "threshold": THRESHOLD, "labels": ["lung"],
                         "note": "mask [1,1,S,S] logits in model space; map to the image with the inverse "
                                 "letterbox (models/README.md, 'Dice')"},
        "training": {
            "data": [f"{SET} train rows with a V7 lung mask (n={n}; images CC BY / CC BY-NC-SA per row, "
                     "masks CC BY 4.0 v7labs/covid-19-xray-dataset)"],
            "selection": f"{SET} val masks (n={len(x_va)}): epoch by model-space Dice",
            **run_facts(args, selected, net, "models/training/train_lungs.py"),
        },
    }
    save_export_evaluate(args, out_run, MODEL_ID, net, arch, manifest)


if __name__ == "__main__":
    main()
