"""Checkpoints -> ONNX (opset 17, input `image`, batch 1) + manifest `<id>.json` with sha256 and bytes.

Usage: /usr/bin/python3 models/training/export.py --id cxr-triage [--run DIR] [--out models/]
(the training scripts call export() themselves; this CLI re-exports a stored checkpoint).
"""
import argparse
import hashlib
import json
import os
import sys

import numpy as np
import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import MODELS_DIR, RUNS_DIR  # noqa: E402
from nets import QAExport, QANet, TriageExport, TriageNet, UNet  # noqa: E402

OPSET = 17
OUTPUT_NAMES = {
    "cxr-triage": ["logits", "cam", "ood"],
    "cxr-qa": ["projection", "rotation", "flip", "body_part"],
    "cxr-lungs": ["mask"],
}


def build_module(model_id, arch):
    """The inference module whose outputs are exactly the ONNX outputs."""
    if model_id == "cxr-triage":
        net = TriageNet(arch["n_labels"], tuple(arch["widths"]))
        c = net.trunk.channels
        return TriageExport(net, np.zeros(c), np.eye(c))
    if model_id == "cxr-qa":
        return QAExport(QANet(tuple(arch["widths"])))
    if model_id == "cxr-lungs":
        return UNet(tuple(arch["widths"]))
    raise ValueError(f"unknown model id {model_id}")


def save_checkpoint(run_dir, model_id, module, arch, manifest):
    path = os.path.join(run_dir, "checkpoint.pt")
    torch.save({"id": model_id, "arch": arch, "state": module.state_dict(), "manifest": manifest}, path)
    return path


def load_checkpoint(run_dir):
    path = os.path.join(run_dir, "checkpoint.pt")
    if not os.path.isfile(path):
        sys.exit(f"no checkpoint at {path}: train the model first (models/training/train_*.py)")
    ckpt = torch.load(path, map_location="cpu")
    module = build_module(ckpt["id"], ckpt["arch"])
    module.load_state_dict(ckpt["state"])
    return ckpt, module.eval()


def file_facts(path):
    with open(path, "rb") as f:
        blob = f.read()
    return {"sha256": hashlib.sha256(blob).hexdigest(), "bytes": len(blob)}


def manifest_path(out_dir, model_id):
    return os.path.join(out_dir, f"{model_id}.json")


def write_manifest(out_dir, manifest):
    with open(manifest_path(out_dir, manifest["id"]), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


def export(ckpt, module, out_dir):
    """Write <id>.onnx and <id>.json (metrics start empty; evaluate.py fills them)."""
    model_id = ckpt["id"]
    size = ckpt["manifest"]["input"]["shape"][-1]
    onnx_path = os.path.join(out_dir, f"{model_id}.onnx")
    module.eval()
    with torch.no_grad():
        torch.onnx.export(module, torch.zeros(1, 1, size, size), onnx_path, opset_version=OPSET,
                          input_names=["image"], output_names=OUTPUT_NAMES[model_id], do_constant_folding=True)
    onnx.checker.check_model(onnx.load(onnx_path))
    manifest = dict(ckpt["manifest"])
    manifest.update(file=os.path.basename(onnx_path), **file_facts(onnx_path), metrics={})
    # keep the documented key order: identity first, then the rest as the training script built it
    ordered = {k: manifest[k] for k in ("id", "version", "task", "file", "sha256", "bytes") if k in manifest}
    ordered.update({k: v for k, v in manifest.items() if k not in ordered})
    write_manifest(out_dir, ordered)
    print(f"exported {onnx_path} ({ordered['bytes']} bytes, sha256 {ordered['sha256'][:12]}…)", flush=True)
    return ordered


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--id", required=True, choices=sorted(OUTPUT_NAMES))
    parser.add_argument("--run", help="run folder holding checkpoint.pt (default models/training/runs/<id>)")
    parser.add_argument("--out", default=MODELS_DIR)
    args = parser.parse_args()
    ckpt, module = load_checkpoint(args.run or os.path.join(RUNS_DIR, args.id))
    export(ckpt, module, args.out)


if __name__ == "__main__":
    main()
