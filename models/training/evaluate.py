"""Evaluate the trained PyTorch models on Python-preprocessed val/test splits; write the metric rows
(contract: models/README.md) into each manifest's `metrics`.

Usage: /usr/bin/python3 models/training/evaluate.py [--id cxr-triage ...] [--data ../shared/data]
Needs the checkpoints in models/training/runs/<id>/ (written by the training scripts).
"""
import argparse
import json
import os
import sys
import warnings

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import (MODELS_DIR, RUNS_DIR, binary_label, data_root, in_split, is_chest,  # noqa: E402
                  is_chest_radiograph, read_rows)
from export import OUTPUT_NAMES, file_facts, load_checkpoint, manifest_path, write_manifest  # noqa: E402
from metrics import auc, calibrated_sigmoid, dice, ece, macro_auc, sigmoid, softmax  # noqa: E402
from nets import QA_HEADS  # noqa: E402
from preprocess import load_png_gray, map_to_source, preprocess  # noqa: E402
from train_common import set_threads  # noqa: E402

CHEST_SETS = ["cxr_nih14_256", "cxr_covid_ieee8023", "cxr_pediatric_pneumonia_kermany"]
BODY_PART_SET = "xr_body_parts"
DICOM_SET = "dicom"
TRIAGE_COLUMNS = {"abnormal": "abnormal", "effusion": "Effusion", "pneumonia": "Pneumonia"}
SPLITS = ("val", "test")


def row(model, task, metric, value, n, dataset, split, n_positive=None):
    out = {"model": model, "task": task, "metric": metric, "value": round(float(value), 6), "n": int(n)}
    if n_positive is not None:
        out["nPositive"] = int(n_positive)
    out.update(dataset=dataset, split=split)
    return out


def load_dicom(path):
    """Modality-LUT values of the first frame and the MONOCHROME1 flag; None when pydicom cannot decode it."""
    import pydicom
    from pydicom.pixel_data_handlers.util import apply_modality_lut, convert_color_space
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds = pydicom.dcmread(path, force=True)
            if "TransferSyntaxUID" not in ds.file_meta:  # pre-Part-10 file without meta: implicit VR LE
                ds.file_meta.TransferSyntaxUID = pydicom.uid.ImplicitVRLittleEndian
            pixels = ds.pixel_array
    except Exception:  # malformed or undecodable files are reported as skipped, not fatal
        return None
    photometric = str(ds.get("PhotometricInterpretation", ""))
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    if frames > 1:
        pixels = pixels[0]
    if photometric.startswith("YBR"):
        pixels = convert_color_space(pixels, photometric, "RGB")
    if pixels.ndim == 3:
        rgb = pixels.astype(np.float64)
        return 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2], False
    if photometric not in ("MONOCHROME1", "MONOCHROME2"):
        return None
    return apply_modality_lut(pixels, ds).astype(np.float64), photometric == "MONOCHROME1"


def run_images(module, images, size, batch=32):
    """Preprocess (exact float32 contract) and infer; images are (array, invert) pairs."""
    outs, geoms = None, []
    for i in range(0, len(images), batch):
        tensors = []
        for img, invert in images[i: i + batch]:
            t, g = preprocess(img, size, invert=invert)
            tensors.append(t)
            geoms.append(g)
        with torch.no_grad():
            out = module(torch.from_numpy(np.concatenate(tensors)))
        out = out if isinstance(out, tuple) else (out,)
        outs = [[] for _ in out] if outs is None else outs
        for acc, o in zip(outs, out):
            acc.append(o.numpy().astype(np.float64))
    return [np.concatenate(acc) for acc in outs], geoms


def split_rows(root, set_name, split, limit, chest_only=True):
    """Rows of one folder in one split (chest rows only unless asked); the first `limit` when smoke-testing."""
    if not os.path.isdir(os.path.join(root, set_name)):
        return []
    rows = [r for r in read_rows(os.path.join(root, set_name))
            if in_split(r, split) and (is_chest(r) or not chest_only)]
    return rows[:limit] if limit else rows


def png(root, set_name, r):
    return load_png_gray(os.path.join(root, set_name, r["file"])), False


def binary_rows(model, task, probs, labels, threshold, dataset, split, with_ece=True):
    labels = np.asarray(labels).astype(bool)
    n, n_pos = len(labels), int(labels.sum())
    pred = probs >= threshold
    out = []
    a = auc(probs, labels)
    if a is not None:
        out.append(row(model, task, "auc", a, n, dataset, split, n_pos))
    out.append(row(model, task, "accuracy", (pred == labels).mean(), n, dataset, split, n_pos))
    if n_pos:
        out.append(row(model, task, "sensitivity", (pred & labels).sum() / n_pos, n, dataset, split, n_pos))
    if n - n_pos:
        out.append(row(model, task, "specificity", (~pred & ~labels).sum() / (n - n_pos), n, dataset, split, n_pos))
    if with_ece:
        out.append(row(model, task, "ece", ece(probs, labels), n, dataset, split, n_pos))
    return out


def multiclass_rows(model, task, probs, labels, n_classes, dataset, split):
    labels = np.asarray(labels)
    out = []
    m = macro_auc(probs, labels, n_classes)
    if m is not None:
        out.append(row(model, task, "macro_auc", m, len(labels), dataset, split))
    out.append(row(model, task, "accuracy", (probs.argmax(1) == labels).mean(), len(labels), dataset, split))
    return out


def ood_rows(model, scores, is_out, dataset, split):
    a = auc(scores, is_out)
    return [] if a is None else [row(model, "ood", "auroc", a, len(scores), dataset, split, int(np.sum(is_out)))]


def evaluate_triage(module, manifest, root, limit):
    head = manifest["heads"][0]
    size = manifest["input"]["shape"][-1]
    metrics = {split: [] for split in SPLITS}
    chest_scores = {}
    for split in SPLITS:
        for set_name in CHEST_SETS:
            rows = split_rows(root, set_name, split, limit)
            if not rows:
                continue
            (logits, _, ood), _ = run_images(module, [png(root, set_name, r) for r in rows], size)
            chest_scores[(set_name, split)] = ood
            for k, label in enumerate(head["labels"]):
                labels = [binary_label(r, TRIAGE_COLUMNS[label]) for r in rows]
                keep = np.array([v is not None for v in labels])
                if not keep.any():
                    continue
                probs = calibrated_sigmoid(head["calibration"], logits[keep, k], k)
                y = np.array([v for v in labels if v is not None])
                metrics[split] += binary_rows(manifest["id"], label, probs, y, head["thresholds"][label]["value"],
                                              set_name, split)
    pooled, metrics["external"] = triage_pooled_ood(module, manifest, root, chest_scores, limit)
    for r in pooled:
        metrics[r["split"]].append(r)
    return metrics


def triage_pooled_ood(module, manifest, root, chest_scores, limit):
    """OOD needs in- and out-of-distribution rows together, so these rows pool folders (dataset 'a+b', as the
    CLI names a run over several folders). DICOM rows depend on what pydicom/gdcm can decode: `external`."""
    size = manifest["input"]["shape"][-1]
    out, external = [], []
    nih_test = chest_scores.get(("cxr_nih14_256", "test"))
    for split in SPLITS:
        parts = split_rows(root, BODY_PART_SET, split, limit, chest_only=False)
        if parts and ("cxr_nih14_256", split) in chest_scores:
            (_, _, ood), _ = run_images(module, [png(root, BODY_PART_SET, r) for r in parts], size)
            scores = np.concatenate([chest_scores[("cxr_nih14_256", split)], ood])
            is_out = np.r_[np.zeros(len(chest_scores[("cxr_nih14_256", split)])), np.ones(len(ood))]
            out += ood_rows(manifest["id"], scores, is_out, f"cxr_nih14_256+{BODY_PART_SET}", split)
    dicom_dir = os.path.join(root, DICOM_SET)
    if os.path.isdir(dicom_dir) and nih_test is not None and not limit:
        images, in_dist, skipped = [], [], 0
        for r in read_rows(dicom_dir):
            loaded = load_dicom(os.path.join(dicom_dir, r["file"]))
            if loaded is None:
                skipped += 1
                continue
            images.append(loaded)
            in_dist.append(is_chest_radiograph(r))
        (_, _, ood), _ = run_images(module, images, size)
        dicom_out = ~np.array(in_dist)
        external += ood_rows(manifest["id"], ood, dicom_out, DICOM_SET, "all")
        scores = np.concatenate([nih_test, ood])
        is_out = np.r_[np.zeros(len(nih_test)), dicom_out]
        external += ood_rows(manifest["id"], scores, is_out, f"cxr_nih14_256+{DICOM_SET}", "test+all")
        for r in external:
            r["note"] = f"{skipped} DICOM files pydicom/gdcm could not decode were skipped"
    return out, external


def rotate_cw(img, quarter_turns):
    return np.rot90(img, k=-quarter_turns)


def evaluate_qa(module, manifest, root, limit):
    heads = {h["output"]: h for h in manifest["heads"]}
    size = manifest["input"]["shape"][-1]
    model = manifest["id"]
    metrics = {split: [] for split in SPLITS}

    def calibrated(name, logits):
        t = heads[name]["calibration"]["temperature"]
        return sigmoid(logits[:, 0] / t) if heads[name]["activation"] == "sigmoid" else softmax(logits / t)

    for split in SPLITS:
        for set_name in CHEST_SETS + [BODY_PART_SET]:
            rows = split_rows(root, set_name, split, limit, chest_only=set_name != BODY_PART_SET)
            if not rows:
                continue
            images = [png(root, set_name, r) for r in rows]
            (proj, rot, flip, part), _ = run_images(module, images, size)
            parts = QA_HEADS["body_part"]
            part_labels = np.array([parts.index(r.get("body_part", "CHEST")) for r in rows])
            metrics[split] += multiclass_rows(model, "body_part", calibrated("body_part", part), part_labels,
                                              len(parts), set_name, split)
            if set_name == BODY_PART_SET:
                continue
            views = QA_HEADS["projection"]
            keep = [i for i, r in enumerate(rows) if r.get("view_norm") in views]
            if keep:
                labels = np.array([views.index(rows[i]["view_norm"]) for i in keep])
                metrics[split] += multiclass_rows(model, "projection", calibrated("projection", proj)[keep], labels,
                                                  len(views), set_name, split)
            rot_logits, rot_labels = [rot], [np.zeros(len(rows), int)]
            for q in (1, 2, 3):
                (_, r_q, _, _), _ = run_images(module, [(rotate_cw(img, q), inv) for img, inv in images], size)
                rot_logits.append(r_q)
                rot_labels.append(np.full(len(rows), q))
            metrics[split] += multiclass_rows(model, "rotation", calibrated("rotation", np.concatenate(rot_logits)),
                                              np.concatenate(rot_labels), 4, set_name, split)
            # left/right is undefined on a lateral (a mirrored left lateral looks like a right lateral)
            frontal = [i for i, r in enumerate(rows) if r.get("view_norm") != "LATERAL"]
            (_, _, mirrored, _), _ = run_images(module, [(np.fliplr(images[i][0]), images[i][1]) for i in frontal],
                                                size)
            probs = calibrated("flip", np.concatenate([flip[frontal], mirrored]))
            labels = np.r_[np.zeros(len(frontal)), np.ones(len(frontal))]
            metrics[split] += binary_rows(model, "flip", probs, labels, heads["flip"]["thresholds"]["mirrored"]["value"],
                                          set_name, split, with_ece=False)
    if not limit:
        metrics["externalPredictions"] = qa_dicom_body_parts(module, manifest, root, calibrated)
    return metrics


def qa_dicom_body_parts(module, manifest, root, calibrated):
    """Body part on the real CR DICOM files (chest, hip, tibia): sources never seen in training."""
    dicom_dir = os.path.join(root, DICOM_SET)
    if not os.path.isdir(dicom_dir):
        return []
    rows = [r for r in read_rows(dicom_dir) if r.get("modality") == "CR"]
    loaded = [(r, load_dicom(os.path.join(dicom_dir, r["file"]))) for r in rows]
    loaded = [(r, img) for r, img in loaded if img is not None]
    if not loaded:
        return []
    (_, _, _, part), _ = run_images(module, [img for _, img in loaded], manifest["input"]["shape"][-1])
    probs = calibrated("body_part", part)
    labels = QA_HEADS["body_part"]
    return [{"dataset": DICOM_SET, "file": r["file"], "bodyPartExamined": r.get("body_part"), "task": "body_part",
             "predicted": labels[int(p.argmax())], "probability": round(float(p.max()), 4)}
            for (r, _), p in zip(loaded, probs)]


def evaluate_lungs(module, manifest, root, limit):
    size = manifest["input"]["shape"][-1]
    threshold = manifest["segmentation"]["threshold"]
    set_name = "cxr_covid_ieee8023"
    metrics = {split: [] for split in SPLITS}
    for split in SPLITS:
        rows = [r for r in split_rows(root, set_name, split, 0) if r.get("mask_file")][: limit or None]
        if not rows:
            continue
        (logits,), geoms = run_images(module, [png(root, set_name, r) for r in rows], size)
        scores = []
        for r, lg, g in zip(rows, logits, geoms):
            mask = load_png_gray(os.path.join(root, set_name, r["mask_file"]))
            prob = map_to_source(sigmoid(lg[0]), g, mask.shape[1], mask.shape[0])
            scores.append(dice(prob > threshold, mask == 255, mask != 127))
        metrics[split] += [row(manifest["id"], "lungs", "dice_mean", np.mean(scores), len(rows), set_name, split),
                           row(manifest["id"], "lungs", "dice_median", np.median(scores), len(rows), set_name, split)]
    return metrics


EVALUATORS = {"cxr-triage": evaluate_triage, "cxr-qa": evaluate_qa, "cxr-lungs": evaluate_lungs}


def evaluate_and_store(model_id, module, manifest, root, out_dir, smoke=False):
    module.eval()
    metrics = EVALUATORS[model_id](module, manifest, root, limit=8 if smoke else 0)
    # per-file predictions are not metric rows: they live next to `metrics`, not inside it
    predictions = metrics.pop("externalPredictions", None)
    manifest = {k: v for k, v in manifest.items() if k != "externalPredictions"}
    manifest["metrics"] = {k: v for k, v in metrics.items() if v}
    if predictions:
        manifest["externalPredictions"] = predictions
    write_manifest(out_dir, manifest)
    for p in manifest.get("externalPredictions", []):
        print(f"  {p['dataset']:8} {p['file']:36} {p['bodyPartExamined']:10} → {p['predicted']} ({p['probability']})")
    for rows in manifest["metrics"].values():
        for r in rows:
            print(f"  {r['split']:8} {r['dataset']:36} {r['task']:10} {r['metric']:12} {r['value']:.4f}  n={r['n']}")
    return manifest


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--id", nargs="*", default=sorted(OUTPUT_NAMES), choices=sorted(OUTPUT_NAMES))
    parser.add_argument("--data")
    parser.add_argument("--out", default=MODELS_DIR)
    args = parser.parse_args()
    set_threads()
    root = data_root(args.data)
    for model_id in args.id:
        ckpt, module = load_checkpoint(os.path.join(RUNS_DIR, model_id))
        with open(manifest_path(args.out, model_id)) as f:
            manifest = json.load(f)
        if file_facts(os.path.join(args.out, manifest["file"]))["sha256"] != manifest["sha256"]:
            sys.exit(f"{model_id}: the .onnx does not match its manifest sha256; re-export first (export.py)")
        print(model_id, flush=True)
        evaluate_and_store(model_id, module, manifest, root, args.out)


if __name__ == "__main__":
    main()
