"""Dump the Python reference preprocessing of PNG files for the TypeScript parity test.

Usage: /usr/bin/python3 models/training/parity_dump.py --size S [--mean 0.5 --std 0.25] --out DIR FILE...
Writes DIR/index.json (one entry per file, with the geometry) and DIR/<i>.f32 (raw little-endian float32).
"""
import argparse
import json
import os
import sys


sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from preprocess import DEFAULT_MEAN, DEFAULT_STD, load_png_gray, preprocess  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--mean", type=float, default=DEFAULT_MEAN)
    parser.add_argument("--std", type=float, default=DEFAULT_STD)
    parser.add_argument("--out", required=True)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()

    os.makedirs(args.out, exist_ok=True)
    index = []
    for i, path in enumerate(args.files):
        if not os.path.isfile(path):
            sys.exit(f"parity_dump: no such file: {path}")
        tensor, geom = preprocess(load_png_gray(path), args.size, args.mean, args.std)
        name = f"{i}.f32"
        tensor.astype("<f4").tofile(os.path.join(args.out, name))
        g = geom.as_dict()
        g.pop("size")
        index.append({"file": path, "shape": list(tensor.shape), **g, "tensor": name})
    with open(os.path.join(args.out, "index.json"), "w") as f:
        json.dump(index, f, indent=1)


if __name__ == "__main__":
    main()
