"""Reference implementation of the `dokuei-xr-v1` preprocessing contract (models/PREPROCESSING.md).

The TypeScript side (src/domain/ai/preprocess/) must agree with this file; parity_dump.py exports its output.
All arithmetic is float64 until the final float32 tensor, as the contract requires.
"""
from dataclasses import dataclass, asdict
import math

import numpy as np
from PIL import Image

PREPROCESSING_ID = "dokuei-xr-v1"
DEFAULT_MEAN = 0.5
DEFAULT_STD = 0.25
WINDOW_LOW, WINDOW_HIGH = 0.5, 99.5


@dataclass(frozen=True)
class Geometry:
    size: int  # S
    k: int     # box-downsample factor (1 when the box step did not run)
    w1: int
    h1: int
    nw: int
    nh: int
    ox: int
    oy: int

    def as_dict(self):
        return asdict(self)


def load_png_gray(path):
    """8-bit (or 16-bit) gray values as float64; RGB(A) -> 0.299 R + 0.587 G + 0.114 B, alpha ignored."""
    with Image.open(path) as im:
        if im.mode in ("L", "I", "I;16", "I;16B", "F"):
            return np.asarray(im, dtype=np.float64)
        if im.mode == "LA":
            return np.asarray(im, dtype=np.float64)[..., 0]
        rgb = np.asarray(im.convert("RGB"), dtype=np.float64)
    return 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]


def geometry(width, height, size):
    k = max(width, height) // size
    if k >= 2:
        w1, h1 = width // k, height // k
    else:
        k, w1, h1 = 1, width, height
    s = size / max(w1, h1)
    nw = max(1, math.floor(w1 * s + 0.5))
    nh = max(1, math.floor(h1 * s + 0.5))
    return Geometry(size, k, w1, h1, nw, nh, (size - nw) // 2, (size - nh) // 2)


def box_downsample(img, k):
    if k < 2:
        return img
    h1, w1 = img.shape[0] // k, img.shape[1] // k
    return img[: h1 * k, : w1 * k].reshape(h1, k, w1, k).mean(axis=(1, 3))


def _bilinear_taps(n_out, n_in):
    """Source indices and weights for half-pixel-centre bilinear resampling along one axis."""
    src = (np.arange(n_out, dtype=np.float64) + 0.5) * (n_in / n_out) - 0.5
    src = np.clip(src, 0, n_in - 1)
    i0 = np.floor(src).astype(np.int64)
    i1 = np.minimum(i0 + 1, n_in - 1)
    return i0, i1, src - i0


def resize_bilinear(img, nw, nh):
    h1, w1 = img.shape
    x0, x1, fx = _bilinear_taps(nw, w1)
    y0, y1, fy = _bilinear_taps(nh, h1)
    top = (1 - fx) * img[y0][:, x0] + fx * img[y0][:, x1]
    bottom = (1 - fx) * img[y1][:, x0] + fx * img[y1][:, x1]
    return (1 - fy)[:, None] * top + fy[:, None] * bottom


def resample_content(img, geom):
    """Steps 1 and 3 of the contract: box downsample, then bilinear resize to nw x nh (no window)."""
    return resize_bilinear(box_downsample(np.asarray(img, dtype=np.float64), geom.k), geom.nw, geom.nh)


def window_unit(content, low=WINDOW_LOW, high=WINDOW_HIGH):
    lo, hi = np.percentile(content, [low, high])
    if hi - lo < 1e-6:
        return np.zeros_like(content)
    return np.clip((content - lo) / (hi - lo), 0.0, 1.0)


def unit_canvas(img, size, invert=False):
    """Windowed content in [0, 1] on an S x S canvas of zeros (steps 1-5 and 7 before normalisation)."""
    img = np.asarray(img, dtype=np.float64)
    geom = geometry(img.shape[1], img.shape[0], size)
    x = window_unit(resample_content(img, geom))
    if invert:
        x = 1.0 - x
    canvas = np.zeros((size, size), dtype=np.float64)
    canvas[geom.oy: geom.oy + geom.nh, geom.ox: geom.ox + geom.nw] = x
    return canvas, geom


def normalize(unit, mean=DEFAULT_MEAN, std=DEFAULT_STD):
    """Step 6 on the whole canvas: padding (0) becomes (0 - mean) / std, as step 7 requires."""
    return (unit - mean) / std


def preprocess(img, size, mean=DEFAULT_MEAN, std=DEFAULT_STD, invert=False):
    """Full contract: returns the float32 NCHW tensor [1, 1, S, S] and its Geometry."""
    unit, geom = unit_canvas(img, size, invert)
    tensor = normalize(unit, mean, std).astype(np.float32)
    return tensor[None, None], geom


def source_coordinates(geom, width, height):
    """Model-space (u, v) of every source pixel centre: the inverse of the overlay mapping in the contract."""
    xs = np.arange(width, dtype=np.float64)
    ys = np.arange(height, dtype=np.float64)
    u = (xs + 0.5) / geom.k * (geom.nw / geom.w1) + geom.ox - 0.5
    v = (ys + 0.5) / geom.k * (geom.nh / geom.h1) + geom.oy - 0.5
    return u, v


def map_to_source(model_map, geom, width, height):
    """Bilinear sample of an S x S model-space map at every source pixel, clamped to the content box.

    This is how Dice is measured at the source mask's resolution (see models/README.md).
    """
    u, v = source_coordinates(geom, width, height)
    u = np.clip(u, geom.ox, geom.ox + geom.nw - 1)
    v = np.clip(v, geom.oy, geom.oy + geom.nh - 1)
    u0 = np.floor(u).astype(np.int64)
    v0 = np.floor(v).astype(np.int64)
    u1 = np.minimum(u0 + 1, geom.ox + geom.nw - 1)
    v1 = np.minimum(v0 + 1, geom.oy + geom.nh - 1)
    fu, fv = u - u0, v - v0
    m = np.asarray(model_map, dtype=np.float64)
    top = (1 - fu) * m[v0][:, u0] + fu * m[v0][:, u1]
    bottom = (1 - fu) * m[v1][:, u0] + fu * m[v1][:, u1]
    return (1 - fv)[:, None] * top + fv[:, None] * bottom
