"""A tiny deterministic detection model for the tests: it finds the bright square on a dark image.

No training: the graph keeps the pixels above 90 % of the preprocessing window (dokuei-xr-v1, normalised:
(0.9 - 0.5) / 0.25 = 1.6), takes the first and last bright row and column, and reports three candidates:
  0: the square's box, score 0.9            1: the same box one canvas pixel right, score 0.8
  2: the whole canvas, score 0.1
With the manifest's threshold 0.5 and NMS IoU 0.5, exactly box 0 survives: the test sees thresholds
and NMS at work. Scores are 0 when nothing is bright. Built with the `onnx` helper (Debian python3-onnx):

    /usr/bin/python3 models/training/make_test_detector.py --out tests/fixtures/test-detector
"""
import argparse
import hashlib
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

SIZE = 128
MODEL_ID = "test-detector"
VERSION = "1.0.0"
LABEL = "bright_square"


def const(name, values):
    return numpy_helper.from_array(np.asarray(values, dtype=np.float32), name)


def build_graph():
    n = helper.make_node
    nodes = [
        n("Greater", ["image", "bright_level"], ["bright"]),
        n("Cast", ["bright"], ["mask"], to=TensorProto.FLOAT),
        n("ReduceMax", ["mask"], ["col_any"], axes=[0, 1, 2], keepdims=0),  # [S]: column holds a bright pixel
        n("ReduceMax", ["mask"], ["row_any"], axes=[0, 1, 3], keepdims=0),
        n("ReduceMax", ["mask"], ["found4"], keepdims=1),
        n("Reshape", ["found4", "shape1"], ["found"]),
    ]
    for axis, any_ in (("x", "col_any"), ("y", "row_any")):
        nodes += [
            n("Sub", ["one", any_], [f"{axis}_empty"]),
            n("Mul", [f"{axis}_empty", "big"], [f"{axis}_penalty"]),
            n("Add", ["ramp", f"{axis}_penalty"], [f"{axis}_low"]),
            n("Sub", ["ramp", f"{axis}_penalty"], [f"{axis}_high"]),
            n("ReduceMin", [f"{axis}_low"], [f"{axis}0"], axes=[0], keepdims=1),
            n("ReduceMax", [f"{axis}_high"], [f"{axis}_last"], axes=[0], keepdims=1),
            n("Add", [f"{axis}_last", "one"], [f"{axis}1"]),  # the far edge of the last bright pixel
        ]
    nodes += [
        n("Concat", ["x0", "y0", "x1", "y1"], ["box_px"], axis=0),
        n("Div", ["box_px", "size"], ["box"]),
        n("Add", ["box", "shift"], ["box_shifted"]),
        n("Concat", ["box", "box_shifted", "whole"], ["boxes_flat"], axis=0),
        n("Reshape", ["boxes_flat", "boxes_shape"], ["boxes"]),
        n("Mul", ["found", "found_scores"], ["scores_found"]),
        n("Concat", ["scores_found", "low_score"], ["scores_flat"], axis=0),
        n("Reshape", ["scores_flat", "scores_shape"], ["scores"]),
    ]
    initializers = [
        const("bright_level", (0.9 - 0.5) / 0.25),
        const("one", 1.0),
        const("big", 1e4),
        const("size", float(SIZE)),
        const("ramp", np.arange(SIZE)),
        const("shift", [1 / SIZE, 0, 1 / SIZE, 0]),
        const("whole", [0, 0, 1, 1]),
        const("found_scores", [0.9, 0.8]),
        const("low_score", [0.1]),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "shape1"),
        numpy_helper.from_array(np.array([1, 3, 4], dtype=np.int64), "boxes_shape"),
        numpy_helper.from_array(np.array([1, 3, 1], dtype=np.int64), "scores_shape"),
    ]
    graph = helper.make_graph(
        nodes,
        MODEL_ID,
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 1, SIZE, SIZE])],
        [
            helper.make_tensor_value_info("boxes", TensorProto.FLOAT, [1, 3, 4]),
            helper.make_tensor_value_info("scores", TensorProto.FLOAT, [1, 3, 1]),
        ],
        initializers,
    )
    model = helper.make_model(graph, producer_name="dokuei make_test_detector", opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def manifest(data):
    return {
        "id": MODEL_ID,
        "version": VERSION,
        "task": "detection",
        "file": f"{MODEL_ID}.onnx",
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "input": {"name": "image", "shape": [1, 1, SIZE, SIZE], "layout": "NCHW", "dtype": "float32"},
        "preprocessing": {
            "id": "dokuei-xr-v1",
            "size": SIZE,
            "window": {"method": "percentile", "low": 0.5, "high": 99.5},
            "normalize": {"mean": 0.5, "std": 0.25},
        },
        "heads": [],
        "detection": {
            "boxes": {"output": "boxes", "format": "xyxy"},
            "scores": {"output": "scores", "activation": "none"},
            "labels": [LABEL],
            "thresholds": {LABEL: 0.5},
            "nms": {"iouThreshold": 0.5, "maxBoxes": 5, "classAware": True},
        },
        "training": {"script": "models/training/make_test_detector.py", "note": "constructed, not trained: a test fixture"},
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="folder for test-detector.onnx and test-detector.json")
    out = parser.parse_args().out
    os.makedirs(out, exist_ok=True)
    data = build_graph().SerializeToString()
    with open(os.path.join(out, f"{MODEL_ID}.onnx"), "wb") as f:
        f.write(data)
    with open(os.path.join(out, f"{MODEL_ID}.json"), "w") as f:
        json.dump(manifest(data), f, indent=2)
        f.write("\n")
    print(f"{MODEL_ID}: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()} → {out}")


if __name__ == "__main__":
    main()
