"""Start a torch module from a shipped ONNX export of the same architecture (fine-tuning, `--init-from-onnx`).

Usage (round-trip check, tests/infra/onnx-init.test.ts): /usr/bin/python3 models/training/onnx_init.py
    --model models/cxr-qa.onnx --out DIR   # writes seeded inputs and the loaded module's outputs for onnxruntime

torch's ONNX export folds each eval-mode BatchNorm into the Conv before it, so the ONNX file holds one fused
(weight, bias) per Conv. Loading puts the fused weight in the Conv and makes its BatchNorm an exact pass-through
that adds the bias (gamma 1, beta = bias, mean 0, var 1 - eps); `freeze_batchnorm` keeps it that way while
training (batch statistics would undo the fold). Named initializers (the Linear heads) load by name.
"""
import argparse
import json
import os
import sys

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from torch import nn


def _conv_bn_pairs(module):
    """(Conv2d, the BatchNorm2d right after it) in registration order, which is the export's node order."""
    pairs, pending = [], None
    for m in module.modules():
        if isinstance(m, nn.Conv2d):
            pending = m
        elif isinstance(m, nn.BatchNorm2d):
            pairs.append((pending, m))
            pending = None
    return pairs


@torch.no_grad()
def load_onnx_into(module, onnx_path):
    """Copy the weights of `onnx_path` into `module` (same architecture, every Conv followed by a BatchNorm)."""
    model = onnx.load(onnx_path)
    weights = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    convs = [n for n in model.graph.node if n.op_type == "Conv"]
    pairs = _conv_bn_pairs(module)
    if len(convs) != len(pairs):
        raise ValueError(f"{onnx_path}: {len(convs)} Conv nodes for {len(pairs)} Conv+BatchNorm pairs")
    for node, (conv, bn) in zip(convs, pairs):
        w, b = weights[node.input[1]], weights[node.input[2]]
        if tuple(w.shape) != tuple(conv.weight.shape):
            raise ValueError(f"{onnx_path}: Conv {node.name} is {w.shape}, the module's is {tuple(conv.weight.shape)}")
        conv.weight.copy_(torch.from_numpy(np.array(w)))
        bn.weight.fill_(1.0)
        bn.bias.copy_(torch.from_numpy(np.array(b)))
        bn.running_mean.zero_()
        bn.running_var.fill_(1.0 - bn.eps)
    state = module.state_dict()
    # a wrapper's key (net.flip.1.weight) also takes the bare name of an export without the wrapper (cxr-qa 1.1.0)
    source = {k: k if k in weights else k.split(".", 1)[-1] for k in state}
    named = [k for k, w in source.items() if w in weights]
    for k in named:
        state[k].copy_(torch.from_numpy(np.array(weights[source[k]])))
    missing = [k for k, v in module.named_parameters() if k not in named and not _in_pairs(k, module, pairs)]
    if missing:
        raise ValueError(f"{onnx_path}: no weights for {missing}")
    return module


def _in_pairs(name, module, pairs):
    owners = {id(m) for pair in pairs for m in pair}
    return id(module.get_submodule(name.rsplit(".", 1)[0])) in owners


def freeze_batchnorm(module):
    """Keep every BatchNorm in eval mode (fixed statistics) even when the module is put in training mode."""
    for m in module.modules():
        if isinstance(m, nn.BatchNorm2d):
            m.eval()
            m.train = lambda mode=True, bn=m: bn


def main():
    """Dump seeded inputs and the outputs of the cxr-qa module loaded from --model (float32 little-endian files)."""
    parser = argparse.ArgumentParser(description="round-trip check of load_onnx_into for cxr-qa")
    parser.add_argument("--model", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--images", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from export import OUTPUT_NAMES, build_module
    from train_qa import MODEL_ID, SIZE, WIDTHS
    module = load_onnx_into(build_module(MODEL_ID, {"widths": WIDTHS}), args.model).eval()
    x = torch.randn(args.images, 1, SIZE, SIZE, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        outputs = module(x)
    os.makedirs(args.out, exist_ok=True)
    x.numpy().astype("<f4").tofile(os.path.join(args.out, "image.f32"))
    for name, value in zip(OUTPUT_NAMES[MODEL_ID], outputs):
        value.numpy().astype("<f4").tofile(os.path.join(args.out, f"{name}.f32"))
    with open(os.path.join(args.out, "index.json"), "w") as f:
        json.dump({"images": args.images, "shape": [1, 1, SIZE, SIZE], "outputs": OUTPUT_NAMES[MODEL_ID]}, f)


if __name__ == "__main__":
    main()
