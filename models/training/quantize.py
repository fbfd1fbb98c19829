"""Static int8 QDQ quantization of a float ONNX model with the `onnx` package alone (no onnxruntime tools).

Activations: uint8, per tensor, asymmetric, ranges calibrated on train-split images (the TypeScript side runs
the `calibration` graph through onnxruntime-node and writes min/max per tensor). Weights: int8 symmetric,
per output channel for Conv, per tensor for ConvTranspose; biases int32 at scale x·w. A Relu right after a
Conv or Add is folded into the uint8 Q node (zero point 0 clamps like Relu), so onnxruntime fuses
DQ → Conv → Q into QLinearConv, DQ → Add → Q into QLinearAdd and so on. Graph outputs and the float heads
(pooling, Gemm, Grad-CAM, OOD) stay float, and so do convolutions of few input channels (see narrow_conv).

Usage (tools/models-quantize.ts drives both steps):
  /usr/bin/python3 models/training/quantize.py calibration --model F.onnx --out calib.onnx --tensors tensors.json
  /usr/bin/python3 models/training/quantize.py qdq --model F.onnx --ranges ranges.json --out F.int8.onnx
"""
import argparse
import json

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

QUANT_OPS = {"Conv", "ConvTranspose", "Add", "Concat", "MaxPool"}
WEIGHTED_OPS = {"Conv", "ConvTranspose"}
# MaxPool keeps the scale of its input so onnxruntime can drop the Q/DQ pair around it.
SAME_RANGE_AS_INPUT = {"MaxPool"}


# Widest input a Conv may have and still be kept float (see narrow_conv).
FLOAT_MAX_INPUT_CHANNELS = 8


def narrow_conv(node, inits):
    """A Conv reading at most FLOAT_MAX_INPUT_CHANNELS channels. Kept float: onnxruntime-web's int8 kernel (a GEMM of
    depth 9 x channels) loses to its float one there. One channel (the stems): 1.4 vs 0.33 ms in cxr-qa, 2.0 vs 0.39
    in cxr-triage, 4.5 vs 0.55 in cxr-lungs (onnxruntime-web 1.30 WASM in Node, 1 thread, per-node profile); with
    them float the int8 models ran 0.83x (qa), 0.82x (triage), 0.88x (lungs) the time. Eight channels (cxr-lungs'
    224x224 level): 4.9-6.1 vs 4.1 ms for 8 -> 8; with its three such Convs float as well, cxr-lungs' int8 model ran
    0.93-0.96x the time at 2 WASM threads (headless Chromium, module worker, interleaved A/B). Sixteen channels
    and more run faster int8 (16 -> 16 at 112x112: 2.4 vs 3.5 ms)."""
    weight = inits.get(node.input[1]) if node.op_type == "Conv" and len(node.input) > 1 else None
    return weight is not None and len(weight.dims) == 4 and weight.dims[1] <= FLOAT_MAX_INPUT_CHANNELS


class Graph:
    """Index of a graph after folding Relu into the Conv/Add before it (the pair writes the Relu's output)."""

    def __init__(self, model):
        self.model = model
        g = model.graph
        self.inits = {t.name: t for t in g.initializer}
        self.outputs = {o.name for o in g.output}
        # By output name: protobuf hands out a new Python object per access, so id() of a node is not kept.
        self.float_kept = {n.output[0] for n in g.node if narrow_conv(n, self.inits)}
        consumers = {}
        for node in g.node:
            for name in node.input:
                consumers.setdefault(name, []).append(node)
        self.consumers = consumers
        self.folded = set()  # ids of Relu nodes folded away
        for node in g.node:
            if node.op_type not in ("Conv", "Add") or node.output[0] in self.outputs or node.output[0] in self.float_kept:
                continue
            users = consumers.get(node.output[0], [])
            if len(users) == 1 and users[0].op_type == "Relu" and users[0].output[0] not in self.outputs:
                self.folded.add(id(users[0]))
                node.output[0] = users[0].output[0]
        self.nodes = [n for n in g.node if id(n) not in self.folded]

    def quantized(self, node):
        """Runs an int8 kernel: not a Conv kept float, nor a weightless op (Concat…) feeding only such Convs (onnxruntime
        would fold the DQ in front of a float Conv back into QLinearConv, quantizing its weights itself)."""
        if node.op_type not in QUANT_OPS or node.output[0] in self.float_kept:
            return False
        users = self.consumers.get(node.output[0], [])
        return node.op_type in WEIGHTED_OPS or not users or any(u.output[0] not in self.float_kept for u in users)

    def quantized_tensors(self):
        """Activation tensors read or written by the ops that run int8 kernels, in graph order."""
        names = []
        for name in [i.name for i in self.model.graph.input]:
            if any(self.quantized(n) and name in n.input for n in self.nodes):
                names.append(name)
        for node in self.nodes:
            if not self.quantized(node):
                continue
            for name in [*node.input, *node.output]:
                if name and name not in self.inits and name not in self.outputs and name not in names:
                    names.append(name)
        return names


def calibration(model_path, out_path, tensors_path):
    """The float model with every tensor to quantize as an extra output (values as in the float graph)."""
    model = onnx.load(model_path)
    names = Graph(onnx.load(model_path)).quantized_tensors()
    existing = {o.name for o in model.graph.output}
    model.graph.output.extend(helper.make_tensor_value_info(n, TensorProto.FLOAT, None) for n in names if n not in existing)
    onnx.save(model, out_path)
    with open(tensors_path, "w") as f:
        json.dump(names, f)


def activation_params(lo, hi):
    """uint8 scale and zero point for [lo, hi] widened to include 0 (exact zero padding)."""
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    scale = (hi - lo) / 255.0 if hi > lo else 1.0
    zero = int(np.clip(round(-lo / scale), 0, 255))
    return np.float32(scale), np.uint8(zero)


# 7-bit weights: x86 onnxruntime without VNNI multiplies u8·s8 pairs into int16 and saturates at 8 bits
# (a stem conv on bright pixels lost half its range); [-63, 63] keeps every pair sum in range.
WEIGHT_MAX = 63


def weight_params(w, axis):
    """Symmetric weight scales: one per slice along `axis`, or one for all when axis is None."""
    if axis is None:
        m = np.abs(w).max()
        return np.array(m / WEIGHT_MAX if m > 0 else 1.0, dtype=np.float32)
    m = np.abs(np.moveaxis(w, axis, 0).reshape(w.shape[axis], -1)).max(axis=1)
    return np.where(m > 0, m / WEIGHT_MAX, 1.0).astype(np.float32)


def qdq(model_path, ranges_path, out_path):
    model = onnx.load(model_path)
    graph = Graph(model)
    with open(ranges_path) as f:
        ranges = json.load(f)
    names = graph.quantized_tensors()
    missing = [n for n in names if n not in ranges]
    if missing:
        raise SystemExit(f"no calibrated range for {', '.join(missing)}")
    params = {n: activation_params(*ranges[n]) for n in names}
    for node in graph.nodes:
        if node.op_type in SAME_RANGE_AS_INPUT and node.output[0] in params:
            params[node.output[0]] = params[node.input[0]]

    inits, new_nodes = [], []
    renamed = {}

    def add_init(name, array):
        inits.append(numpy_helper.from_array(array, name))
        return name

    def emit_qdq(name):
        scale, zero = params[name]
        s = add_init(f"{name}_scale", np.array(scale, dtype=np.float32))
        z = add_init(f"{name}_zero", np.array(zero, dtype=np.uint8))
        new_nodes.append(helper.make_node("QuantizeLinear", [name, s, z], [f"{name}_q"], name=f"{name}_Q"))
        new_nodes.append(helper.make_node("DequantizeLinear", [f"{name}_q", s, z], [f"{name}_dq"], name=f"{name}_DQ"))
        renamed[name] = f"{name}_dq"

    def emit_weights(node):
        x_scale = params[node.input[0]][0]
        w = numpy_helper.to_array(graph.inits[node.input[1]]).astype(np.float32)
        axis = 0 if node.op_type == "Conv" else None
        s_w = weight_params(w, axis)
        shape = [-1 if i == 0 else 1 for i in range(w.ndim)]
        w_q = np.clip(np.round(w / (s_w.reshape(shape) if axis is not None else s_w)), -WEIGHT_MAX, WEIGHT_MAX).astype(np.int8)
        wn = node.input[1]
        extra = {"axis": 0} if axis is not None else {}
        add_init(f"{wn}_int8", w_q)
        add_init(f"{wn}_scale", s_w)
        add_init(f"{wn}_zero", np.zeros_like(s_w, dtype=np.int8))
        new_nodes.append(helper.make_node("DequantizeLinear", [f"{wn}_int8", f"{wn}_scale", f"{wn}_zero"], [f"{wn}_dq"], name=f"{wn}_DQ", **extra))
        inputs = [renamed.get(node.input[0], node.input[0]), f"{wn}_dq"]
        if len(node.input) > 2 and node.input[2]:
            bn = node.input[2]
            b = numpy_helper.to_array(graph.inits[bn]).astype(np.float64)
            s_b = (np.float64(x_scale) * s_w.astype(np.float64)).astype(np.float32)
            s_b_full = np.broadcast_to(s_b, b.shape) if axis is None else s_b
            b_q = np.round(b / s_b_full.astype(np.float64)).astype(np.int32)
            b_scale = s_b if axis is not None else np.array(s_b, dtype=np.float32)
            add_init(f"{bn}_int32", b_q)
            add_init(f"{bn}_scale", b_scale)
            add_init(f"{bn}_zero", np.zeros_like(b_scale, dtype=np.int32))
            new_nodes.append(helper.make_node("DequantizeLinear", [f"{bn}_int32", f"{bn}_scale", f"{bn}_zero"], [f"{bn}_dq"], name=f"{bn}_DQ", **extra))
            inputs.append(f"{bn}_dq")
        return inputs

    for inp in model.graph.input:
        if inp.name in params:
            emit_qdq(inp.name)
    for node in graph.nodes:
        if graph.quantized(node) and node.op_type in WEIGHTED_OPS and node.input[1] in graph.inits:
            inputs = emit_weights(node)
        else:
            inputs = [renamed.get(n, n) for n in node.input]
        del node.input[:]
        node.input.extend(inputs)
        new_nodes.append(node)
        for out in node.output:
            if out in params:
                emit_qdq(out)

    used = {n for node in new_nodes for n in node.input}
    keep = [t for t in model.graph.initializer if t.name in used]
    del model.graph.node[:]
    model.graph.node.extend(new_nodes)
    del model.graph.initializer[:]
    model.graph.initializer.extend(keep + [t for t in inits if t.name in used])
    del model.graph.value_info[:]
    onnx.checker.check_model(model)
    onnx.save(model, out_path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("calibration")
    c.add_argument("--model", required=True)
    c.add_argument("--out", required=True)
    c.add_argument("--tensors", required=True)
    q = sub.add_parser("qdq")
    q.add_argument("--model", required=True)
    q.add_argument("--ranges", required=True)
    q.add_argument("--out", required=True)
    args = parser.parse_args()
    if args.cmd == "calibration":
        calibration(args.model, args.out, args.tensors)
    else:
        qdq(args.model, args.ranges, args.out)


if __name__ == "__main__":
    main()
