"""Reference Grad-CAM maps from PyTorch autograd, for the TypeScript test of the ONNX `cam` output.

Usage: /usr/bin/python3 models/training/gradcam_fixtures.py [--data ../shared/data] [--count 5]
Writes tests/fixtures/gradcam-cxr-triage.json: {model, sha256, size, items: [{file, label, map}]}, where
`file` is relative to the data root and `map` is h x w: ReLU(Σ_c α_c A_c) / max, α_c = spatial mean of
d logit_k / d A_c (all zeros when the max is ≤ 0). The ONNX `cam` after ReLU and max-normalisation must match.
"""
import argparse
import json
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import MODELS_DIR, REPO_ROOT, RUNS_DIR, data_root, read_rows  # noqa: E402
from export import load_checkpoint, manifest_path  # noqa: E402
from preprocess import load_png_gray, preprocess  # noqa: E402
from train_common import set_threads  # noqa: E402

SET = "cxr_nih14_256"
FIXTURE = os.path.join(REPO_ROOT, "tests", "fixtures", "gradcam-cxr-triage.json")


def gradcam(net, tensor, k):
    """Textbook Grad-CAM on the last feature map, computed with autograd (not with the closed form)."""
    features = net.features(torch.from_numpy(tensor))
    features.retain_grad()
    logits = net.head(features.mean(dim=(2, 3)))
    logits[0, k].backward()
    alpha = features.grad.mean(dim=(2, 3), keepdim=True)
    cam = torch.relu((alpha * features).sum(dim=1))[0].detach().numpy().astype(np.float64)
    peak = cam.max()
    return cam / peak if peak > 0 else np.zeros_like(cam)


def pick_rows(rows, count):
    """Deterministic mix of test images: abnormal ones first (effusion, pneumonia), then normals."""
    test = sorted((r for r in rows if r["split"] == "test"), key=lambda r: r["file"])
    effusion = [r for r in test if r["Effusion"] == "1"][:2]
    pneumonia = [r for r in test if r["Pneumonia"] == "1" and r not in effusion][:2]
    normal = [r for r in test if r["abnormal"] == "0"]
    return (effusion + pneumonia + normal)[:count]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data")
    parser.add_argument("--count", type=int, default=5)
    parser.add_argument("--out", default=FIXTURE)
    args = parser.parse_args()
    set_threads()
    root = data_root(args.data)
    ckpt, module = load_checkpoint(os.path.join(RUNS_DIR, "cxr-triage"))
    with open(manifest_path(MODELS_DIR, "cxr-triage")) as f:
        manifest = json.load(f)
    size = manifest["input"]["shape"][-1]
    labels = manifest["heads"][0]["labels"]
    items = []
    for r in pick_rows(read_rows(os.path.join(root, SET)), args.count):
        tensor, _ = preprocess(load_png_gray(os.path.join(root, SET, r["file"])), size)
        for k, label in enumerate(labels):
            cam = gradcam(module.net, tensor, k)
            items.append({"file": f"{SET}/{r['file']}", "label": label,
                          "map": [[round(float(v), 6) for v in line] for line in cam]})
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump({"model": "cxr-triage", "sha256": manifest["sha256"], "size": size, "items": items}, f)
    print(f"wrote {len(items)} Grad-CAM maps to {args.out}")


if __name__ == "__main__":
    main()
