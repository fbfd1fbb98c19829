"""Train cxr-qa (projection, rotation, flip, body part) from scratch.

Usage: /usr/bin/python3 models/training/train_qa.py [--data ../shared/data] [--epochs N] [--smoke]
Chest images: cxr_nih14_256 + cxr_covid_ieee8023 + cxr_pediatric_pneumonia_kermany (train; val for
selection/calibration), plus the train rows of cxr_nih14_thumbs64 and cxr_nih14_sample (train only: more films for
the orientation losses and projection). Non-chest: xr_body_parts. Orientation is learnt from rotated/mirrored copies of
upright chest films only (flip: frontal ones); acquisition-like augmentation (train_common.random_acquisition)
against source shortcuts. The export runs the net on the image and its mirror (nets.QAExport).
`--init-from-onnx OLD --epochs 0` re-exports OLD's weights unchanged in this graph (OLD's manifest next to it).
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import UnitCache, read_rows  # noqa: E402
from export import build_module  # noqa: E402
from metrics import (auc, fit_temperature_sigmoid, fit_temperature_softmax, macro_auc,  # noqa: E402
                     operating_point, sigmoid)
from nets import QA_HEADS, count_params  # noqa: E402
from onnx_init import freeze_batchnorm, load_onnx_into  # noqa: E402
from train_common import (normalise, parse_args, predict, random_acquisition, random_affine, random_gamma,  # noqa: E402
                          run_dir, seed_everything)
from train_loop import image_io, run_facts, save_export_evaluate, train_epochs  # noqa: E402

MODEL_ID = "cxr-qa"
VERSION = "1.3.0"
SIZE = 128
WIDTHS = [16, 24, 48, 96, 160]
CHEST_SETS = ["cxr_nih14_256", "cxr_covid_ieee8023", "cxr_pediatric_pneumonia_kermany"]
TRAIN_ONLY_SETS = ["cxr_nih14_thumbs64", "cxr_nih14_sample"]  # val stays on the sets the shipped versions report
BODY_PART_SET = "xr_body_parts"
PROXY_SET = "cxr_covid_ieee8023"  # AP portable / ICU films: the stand-in for an unseen department
PROXY_PROJECTION_WEIGHT = 3.0  # its projection rows weigh this much more: 163 of 2057 view labels
LICENCES = {
    "cxr_nih14_256": "NIH Clinical Center ChestX-ray14: unrestricted use, attribution requested",
    "cxr_covid_ieee8023": "per image CC BY / CC BY-NC-SA (ieee8023 covid-chestxray-dataset)",
    "cxr_pediatric_pneumonia_kermany": "CC BY 4.0 (Kermany et al. 2018)",
    "cxr_nih14_thumbs64": "NIH Clinical Center ChestX-ray14: unrestricted use, attribution requested",
    "cxr_nih14_sample": "NIH Clinical Center ChestX-ray14: unrestricted use, attribution requested",
    "xr_body_parts": "CC BY 4.0 (FracAtlas)",
}


def load_split(root, split, cache_dir, smoke):
    """Unit canvases and labels: projection (-1 = unknown), body part, whether orientation is defined (chest films)
    and whether left/right is (frontal chest films: a mirrored left lateral looks like a right lateral); whether
    the row is from PROXY_SET."""
    units, proj, part, upright, frontal, proxy, counts = [], [], [], [], [], [], {}
    for set_name in CHEST_SETS + (TRAIN_ONLY_SETS if split == "train" else []) + [BODY_PART_SET]:
        rows = [r for r in read_rows(os.path.join(root, set_name)) if r["split"] == split]
        rows = rows[:16] if smoke else rows
        counts[set_name] = len(rows)
        cache = UnitCache(root, set_name, SIZE, [r["file"] for r in rows], cache_dir)
        units.append(cache.units)
        for r in rows:
            view = r.get("view_norm")
            chest = set_name != BODY_PART_SET
            proj.append(QA_HEADS["projection"].index(view) if chest and view in QA_HEADS["projection"] else -1)
            part.append(QA_HEADS["body_part"].index(r.get("body_part", "CHEST")))
            upright.append(chest)
            frontal.append(chest and view != "LATERAL")
            proxy.append(set_name == PROXY_SET)
    x = torch.from_numpy(np.concatenate(units).astype(np.float32))[:, None]
    labels = (torch.tensor(v) for v in (proj, part, upright, frontal, proxy))
    return (x, *labels, counts)


def orient(x, quarter_turns, mirrored):
    """Make upright canvases look like class (r, flip): mirror first, then rotate clockwise (PREPROCESSING.md)."""
    out = torch.empty_like(x)
    for i in range(len(x)):
        img = torch.flip(x[i], dims=[2]) if mirrored[i] else x[i]
        out[i] = torch.rot90(img, k=-int(quarter_turns[i]), dims=(1, 2))
    return out


def random_collimation(x, gen, p=0.4):
    """Bright bands along random edges, like the unexposed collimator borders of real CR films. FracAtlas films
    have dark surroundings and many chest films bright ones: without this, border brightness names the source."""
    x = x.clone()
    size = x.shape[-1]
    for i in range(len(x)):
        if torch.rand(1, generator=gen).item() >= p:
            continue
        for side in torch.randperm(4, generator=gen)[: 1 + int(torch.randint(0, 2, (1,), generator=gen))]:
            width = int(size * (0.05 + 0.2 * torch.rand(1, generator=gen).item()))
            value = 0.7 + 0.3 * torch.rand(1, generator=gen).item()
            band = [slice(None), slice(None)]
            band[int(side) % 2] = slice(0, width) if side < 2 else slice(size - width, size)
            x[i, 0][tuple(band)] = value
    return x


def val_views(x):
    """Deterministic val copies: every rotation (unmirrored) and a mirrored copy at 0 degrees."""
    n = len(x)
    rot = torch.arange(4).repeat_interleave(n)
    flip = torch.cat([torch.zeros(4 * n, dtype=torch.long), torch.ones(n, dtype=torch.long)])
    base = torch.cat([x] * 5)
    return normalise(orient(base, torch.cat([rot, torch.zeros(n, dtype=torch.long)]), flip)), rot, flip


def val_summary(outputs, proj, part, upright, frontal, proxy, n):
    """Selection scores on val; `proxy_*` (PROXY_SET alone) are logged, and its projection AUC also selects."""
    p_logit, r_logit, f_logit, b_logit = outputs
    keep = (proj[:n] >= 0).numpy()
    up, fr, px = upright.numpy(), frontal.numpy(), proxy.numpy()
    flip_auc = lambda sel: auc(np.r_[f_logit[:n, 0][sel], f_logit[4 * n:, 0][sel]],  # noqa: E731
                               np.r_[np.zeros(sel.sum()), np.ones(sel.sum())])
    rot_idx = np.concatenate([np.arange(n) + q * n for q in range(4)])
    rot_sel = np.tile(up, 4)
    scores = {
        "projection": macro_auc(p_logit[:n][keep], proj.numpy()[keep], 3),
        "rotation": float((r_logit[rot_idx][rot_sel].argmax(1) == np.repeat(np.arange(4), n)[rot_sel]).mean()),
        "flip": flip_auc(fr),
        "body_part": macro_auc(b_logit[:n], part.numpy(), 5),
        "proxy_projection": macro_auc(p_logit[:n][keep & px], proj.numpy()[keep & px], 3),
    }
    return scores, {"proxy_flip": flip_auc(fr & px)}


FLIP_NOTE = ("left-right mirrored before any rotation; logit(image) - logit(mirrored image), computed inside the graph; "
             "meaningful for frontal chest films only (a lateral has no anatomical left and right)")


def reexported(source_onnx, t_flip, flip_point, n_frontal):
    """--epochs 0: the manifest of `source_onnx` (next to it) with this graph's flip calibration and threshold."""
    with open(os.path.splitext(source_onnx)[0] + ".json") as f:
        old = json.load(f)
    heads = [dict(h) for h in old["heads"]]
    for h in heads:
        if h["output"] == "flip":
            h.update(calibration={"method": "temperature", "temperature": [t_flip]},
                     thresholds={"mirrored": flip_point}, note=FLIP_NOTE)
    training = {**old["training"], "reexport": f"weights of {old['id']} {old['version']} (sha256 {old['sha256']}) "
                f"unchanged, exported with the mirror inside the graph; flip temperature fitted on the val frontal chest "
                f"films (n={n_frontal}) by models/training/train_qa.py --init-from-onnx --epochs 0"}
    if "heldOut" in training:
        training["heldOut"] += "; weights only: every set's val films took part in fitting the flip temperature"
    keep = {k: v for k, v in old.items() if k not in ("metrics", "externalPredictions", "sha256", "bytes", "file")}
    return {**keep, "version": VERSION, "heads": heads, "training": training}


def main():
    args = parse_args(__doc__.splitlines()[0], default_epochs=60, fine_tunable=True)
    if args.epochs == 0 and not args.init_from_onnx:
        sys.exit("--epochs 0 re-exports an earlier export: give it with --init-from-onnx")
    seed_everything(args.seed)
    out_run = run_dir(args, MODEL_ID)
    x_tr, proj_tr, part_tr, up_tr, fr_tr, px_tr, train_counts = load_split(args.data, "train", args.cache_dir, args.smoke)
    x_va, proj_va, part_va, up_va, fr_va, px_va, val_counts = load_split(args.data, "val", args.cache_dir, args.smoke)
    n_val = len(x_va)
    val_inputs, val_rot, val_flip = val_views(x_va)

    arch = {"widths": WIDTHS}
    graph = build_module(MODEL_ID, arch)  # what is exported and validated; training runs the net inside it
    net = graph.net
    if args.init_from_onnx:
        freeze_batchnorm(load_onnx_into(graph, args.init_from_onnx))
        print(f"fine-tuning from {args.init_from_onnx}", flush=True)
    n = len(x_tr)
    print(f"{MODEL_ID}: {count_params(net)} parameters, {n} train / {n_val} val images {train_counts}", flush=True)
    proj_counts = torch.bincount(proj_tr[proj_tr >= 0], minlength=3).float()
    proj_weight = (proj_counts.sum() / proj_counts.clamp(min=1)).sqrt()  # laterals are rare
    proj_row_weight = 1 + (PROXY_PROJECTION_WEIGHT - 1) * px_tr.float()
    part_counts = torch.bincount(part_tr, minlength=5).float()
    part_weight = (part_counts.sum() / part_counts.clamp(min=1)).sqrt()
    lr = args.lr or 2e-3
    optimizer = torch.optim.AdamW(net.parameters(), lr=lr, weight_decay=5e-4)
    gen = torch.Generator().manual_seed(args.seed)

    def batch_loss(idx):
        rot = torch.randint(0, 4, (len(idx),), generator=gen)
        flip = torch.randint(0, 2, (len(idx),), generator=gen)
        x = random_collimation(random_affine(x_tr[idx], gen, max_degrees=12, scale=(0.82, 1.15)), gen)
        x = normalise(random_acquisition(random_gamma(orient(x, rot, flip), gen), gen))
        p_logit, r_logit, f_logit, b_logit = net(x)
        up = up_tr[idx]
        has_view = proj_tr[idx] >= 0
        loss = F.cross_entropy(b_logit, part_tr[idx], weight=part_weight)
        if has_view.any():
            rows = F.cross_entropy(p_logit[has_view], proj_tr[idx][has_view], weight=proj_weight, reduction="none")
            row_weight = proj_row_weight[idx][has_view] * proj_weight[proj_tr[idx][has_view]]
            loss = loss + (rows * proj_row_weight[idx][has_view]).sum() / row_weight.sum()
        if up.any():  # body-part films have no canonical orientation: no orientation loss for them
            loss = loss + F.cross_entropy(r_logit[up], rot[up])
        fr = fr_tr[idx]
        if fr.any():  # nor do laterals have a left and a right
            loss = loss + args.flip_weight * F.binary_cross_entropy_with_logits(f_logit[fr, 0], flip[fr].float())
        return loss

    def validate():
        scores, logged = val_summary(predict(graph, val_inputs), proj_va, part_va, up_va, fr_va, px_va, n_val)
        score = float(np.mean([v for v in scores.values() if v is not None]))
        return score, " ".join(f"{k}={v if v is None else round(v, 4)}" for k, v in {**scores, **logged}.items())

    if args.epochs:
        best_score, selected = train_epochs(args, net, optimizer, gen, n, 32, lr, batch_loss, validate, out_run)
        print(f"selected epoch {selected} (mean val score {best_score:.4f})", flush=True)

    p_logit, r_logit, f_logit, b_logit = predict(graph, val_inputs)
    up = up_va.numpy()
    keep = (proj_va >= 0).numpy()
    rot_sel = np.tile(up, 4)
    flip_sel = np.r_[fr_va.numpy(), fr_va.numpy()]
    flip_logits = np.r_[f_logit[:n_val, 0], f_logit[4 * n_val:, 0]][flip_sel]
    flip_labels = np.r_[np.zeros(n_val), np.ones(n_val)][flip_sel]
    t_flip = round(fit_temperature_sigmoid(flip_logits, flip_labels), 4)
    temps = {
        "projection": round(fit_temperature_softmax(p_logit[:n_val][keep], proj_va.numpy()[keep]), 4),
        "rotation": round(fit_temperature_softmax(r_logit[:4 * n_val][rot_sel], val_rot.numpy()[:4 * n_val][rot_sel]), 4),
        "body_part": round(fit_temperature_softmax(b_logit[:n_val], part_va.numpy()), 4),
    }
    flip_point = operating_point(sigmoid(flip_logits / t_flip), flip_labels, 0.5,
                                 "calibrated probability ≥ 0.5 (positive = mirrored)")
    if args.epochs == 0:
        manifest = reexported(args.init_from_onnx, t_flip, flip_point, int(flip_sel.sum()) // 2)
        save_export_evaluate(args, out_run, MODEL_ID, graph, arch, manifest)
        return

    def softmax_head(name, note):
        return {"output": name, "activation": "softmax", "labels": QA_HEADS[name],
                "calibration": {"method": "temperature", "temperature": temps[name]}, "decision": "argmax",
                "note": note}

    manifest = {
        "id": MODEL_ID, "version": VERSION, "task": "qa",
        **image_io(SIZE),
        "heads": [
            softmax_head("projection", "chest films only; trained on NIH/covid/Kermany frontal views and covid laterals"),
            softmax_head("rotation", "the stored image is the upright image rotated clockwise by this many degrees; "
                                     "meaningful for chest films only"),
            {"output": "flip", "activation": "sigmoid", "labels": QA_HEADS["flip"],
             "calibration": {"method": "temperature", "temperature": [t_flip]},
             "thresholds": {"mirrored": flip_point},
             "note": FLIP_NOTE},
            softmax_head("body_part", "CHEST from NIH/covid/Kermany, the others from FracAtlas only: see the model card "
                                      "for the source-shortcut check"),
        ],
        "explain": None, "ood": None, "segmentation": None,
        "training": {
            "data": [f"{s} train (n={train_counts[s]}; {LICENCES[s]})" for s in train_counts],
            "heldOut": "the val/test splits of every set; the covid set's blind holdout patients (outside this data)",
            "selection": f"val (n={n_val}): epoch by mean of projection macro-AUC, rotation accuracy, flip AUC "
                         f"(frontal films), body-part macro-AUC and {PROXY_SET} projection macro-AUC; temperatures",
            "proxyProjectionWeight": PROXY_PROJECTION_WEIGHT,
            **run_facts(args, selected, net, "models/training/train_qa.py"),
            **({"initFromOnnx": os.path.basename(args.init_from_onnx), "lr": lr} if args.init_from_onnx else {}),
            **({"flipLossWeight": args.flip_weight} if args.flip_weight != 1 else {}),
        },
    }
    save_export_evaluate(args, out_run, MODEL_ID, graph, arch, manifest)


if __name__ == "__main__":
    main()
