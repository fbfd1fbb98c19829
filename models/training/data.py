"""Data access for the `labels.csv` convention of ../shared/data, plus a per-image preprocessing cache."""
import csv
import hashlib
import os
import sys

import numpy as np

from preprocess import load_png_gray, unit_canvas

TRAINING_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(TRAINING_DIR))
MODELS_DIR = os.path.dirname(TRAINING_DIR)
RUNS_DIR = os.path.join(TRAINING_DIR, "runs")
CHEST_VIEWS = ("PA", "AP", "LATERAL")


def data_root(arg=None):
    """--data, else $DOKUEI_DATA, else ../shared/data next to the repository; exits clearly when missing."""
    root = arg or os.environ.get("DOKUEI_DATA") or os.path.join(REPO_ROOT, "..", "shared", "data")
    root = os.path.abspath(root)
    if not os.path.isfile(os.path.join(root, "MANIFEST.md")) and not any(
        os.path.isfile(os.path.join(root, d, "labels.csv")) for d in _listdir(root)
    ):
        sys.exit(f"data folder not found or empty: {root} (pass --data DIR or set DOKUEI_DATA)")
    return root


def _listdir(path):
    return os.listdir(path) if os.path.isdir(path) else []


def read_rows(set_dir):
    path = os.path.join(set_dir, "labels.csv")
    if not os.path.isfile(path):
        sys.exit(f"missing {path}")
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def is_chest(row):
    """Contract: a chest row has no `body_part` column or its body_part is CHEST."""
    return row.get("body_part", "CHEST") in ("CHEST", None)


def is_chest_radiograph(row):
    """In-distribution for the OOD task: a chest row that is a radiograph (CR/DX when the set records modality)."""
    return is_chest(row) and row.get("modality", "CR") in ("CR", "DX")


def binary_label(row, column):
    value = (row.get(column) or "").strip()
    return int(value) if value in ("0", "1") else None


def in_split(row, split):
    return split == "all" or row.get("split") == split


class UnitCache:
    """Windowed [0, 1] canvases (float16) of every image of one set at one size, built once, reused by all runs.

    Training reads these; evaluation re-runs the exact float32 preprocessing instead.
    """

    def __init__(self, root, set_name, size, files, cache_dir=None):
        self.files = list(files)
        digest = hashlib.sha1("\n".join(self.files).encode()).hexdigest()[:10]
        cache_dir = cache_dir or os.path.join(RUNS_DIR, "cache")
        os.makedirs(cache_dir, exist_ok=True)
        path = os.path.join(cache_dir, f"{set_name}_{size}_{digest}.npz")
        if os.path.isfile(path):
            stored = np.load(path)
            self.units, self.geoms = stored["units"], stored["geoms"]
            return
        units = np.zeros((len(self.files), size, size), dtype=np.float16)
        geoms = np.zeros((len(self.files), 7), dtype=np.int32)
        for i, rel in enumerate(self.files):
            unit, geom = unit_canvas(load_png_gray(os.path.join(root, set_name, rel)), size)
            units[i] = unit
            geoms[i] = (geom.k, geom.w1, geom.h1, geom.nw, geom.nh, geom.ox, geom.oy)
        np.savez(path, units=units, geoms=geoms)
        self.units, self.geoms = units, geoms
        print(f"cached {len(self.files)} images of {set_name} at {size} -> {path}", flush=True)
