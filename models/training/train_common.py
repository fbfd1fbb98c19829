"""Pieces every training script shares: CLI, seeding, augmentation, batching, inference."""
import argparse
import atexit
import math
import os
import random
import shutil
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

from data import MODELS_DIR, RUNS_DIR, data_root
from preprocess import DEFAULT_MEAN, DEFAULT_STD


def parse_args(description, default_epochs, fine_tunable=False):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--data", help="data root (default: $DOKUEI_DATA or ../shared/data)")
    parser.add_argument("--epochs", type=int, default=default_epochs)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--patience", type=int, default=0,
                        help="stop after this many epochs without a better val score (0: run every epoch)")
    parser.add_argument("--max-minutes", type=float, default=40.0,
                        help="stop after the epoch that passes this wall time (the shared 2-core budget)")
    parser.add_argument("--resume", action="store_true",
                        help="continue an interrupted run from its last finished epoch (runs/<model>/resume.pt)")
    parser.add_argument("--smoke", action="store_true",
                        help="a few steps on a few images; exports to a temporary folder (CI)")
    if fine_tunable:
        parser.add_argument("--init-from-onnx", metavar="ONNX",
                            help="fine-tune: start from this export of the same architecture (e.g. the shipped "
                                 "model) instead of random weights; its BatchNorm statistics stay fixed")
        parser.add_argument("--lr", type=float, help="peak learning rate (default: the script's from-scratch rate)")
        parser.add_argument("--flip-weight", type=float, default=1.0,
                            help="weight of the flip head's loss against the other heads' (cxr-qa)")
    args = parser.parse_args()
    args.data = data_root(args.data)
    if args.smoke:
        args.epochs = 1
        args.out_dir = tempfile.mkdtemp(prefix="dokuei-smoke-")
        atexit.register(shutil.rmtree, args.out_dir, ignore_errors=True)
        args.run_dir = os.path.join(args.out_dir, "run")
        args.cache_dir = os.path.join(args.out_dir, "cache")
    else:
        args.out_dir = MODELS_DIR
        args.run_dir = None  # set per model
        args.cache_dir = None
    return args


def run_dir(args, model_id):
    path = args.run_dir or os.path.join(RUNS_DIR, model_id)
    os.makedirs(path, exist_ok=True)
    return path


def set_threads():
    # 2 threads by default; DOKUEI_TORCH_THREADS=1 is more efficient when the shared CPU is oversubscribed
    torch.set_num_threads(int(os.environ.get("DOKUEI_TORCH_THREADS", "2")))


def seed_everything(seed):
    set_threads()
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def random_affine(x, gen, max_degrees=10.0, scale=(0.88, 1.12), shift=0.06):
    """Random rotation/scale/shift of canvases [B, C, S, S]; zeros (black, like the letterbox) fill the border."""
    b = x.shape[0]
    angle = (torch.rand(b, generator=gen) * 2 - 1) * math.radians(max_degrees)
    s = scale[0] + torch.rand(b, generator=gen) * (scale[1] - scale[0])
    t = (torch.rand(b, 2, generator=gen) * 2 - 1) * shift * 2
    cos, sin = torch.cos(angle) / s, torch.sin(angle) / s
    theta = torch.stack([torch.stack([cos, -sin, t[:, 0]], 1), torch.stack([sin, cos, t[:, 1]], 1)], 1)
    grid = F.affine_grid(theta, x.shape, align_corners=False)
    return F.grid_sample(x, grid, mode="bilinear", padding_mode="zeros", align_corners=False)


def random_gamma(x, gen, gamma=(0.75, 1.35)):
    g = gamma[0] + torch.rand(x.shape[0], 1, 1, 1, generator=gen) * (gamma[1] - gamma[0])
    return x.clamp(0, 1) ** g


def random_acquisition(x, gen, p_portable=0.3, p_marker=0.4, p_invert=0.05):
    """What differs between departments on [0, 1] canvases [B, 1, S, S]: contrast and brightness, an AP portable
    look (soft, low contrast, grainy), quantum noise, burned-in text markers (bright blocks near an edge) and
    the occasional MONOCHROME1 film shown uninverted."""
    b, _, size, _ = x.shape
    u = lambda: torch.rand(b, 1, 1, 1, generator=gen)  # noqa: E731
    x = (x - 0.5) * (0.7 + 0.6 * u()) + 0.5 + (u() - 0.5) * 0.2
    portable = (u() < p_portable).float()
    soft = F.avg_pool2d(x, 3, stride=1, padding=1, count_include_pad=False)
    x = portable * (0.5 + (soft - 0.5) * 0.75) + (1 - portable) * x
    x = x + torch.randn(x.shape, generator=gen) * (0.01 + 0.03 * u() + 0.03 * portable)
    for i in range(b):
        if torch.rand(1, generator=gen).item() < p_marker:
            h, w = (int(size * (0.03 + 0.06 * torch.rand(1, generator=gen).item())) for _ in range(2))
            top = int(torch.randint(0, size - h, (1,), generator=gen))
            left = int(torch.randint(0, size - w, (1,), generator=gen))
            x[i, 0, top:top + h, left:left + w] = 0.85 + 0.15 * torch.rand(1, generator=gen).item()
    x = x.clamp(0, 1)
    invert = (u() < p_invert).float()
    return invert * (1 - x) + (1 - invert) * x


def augment_units(x, gen):
    """Affine + gamma on [0, 1] canvases [B, 1, S, S]."""
    return random_gamma(random_affine(x, gen), gen)


def normalise(unit_batch):
    return (unit_batch - DEFAULT_MEAN) / DEFAULT_STD


def batches(n, batch_size, gen=None):
    order = torch.randperm(n, generator=gen) if gen is not None else torch.arange(n)
    for i in range(0, n, batch_size):
        yield order[i: i + batch_size]


@torch.no_grad()
def predict(module, inputs, batch_size=64):
    """Run an eval-mode module over a float32 tensor [N, 1, S, S]; returns a tuple of numpy arrays."""
    module.eval()
    outs = None
    for idx in batches(len(inputs), batch_size):
        out = module(inputs[idx])
        out = out if isinstance(out, tuple) else (out,)
        outs = [[] for _ in out] if outs is None else outs
        for acc, o in zip(outs, out):
            acc.append(o.float().numpy())
    return tuple(np.concatenate(acc) for acc in outs)


def cosine_lr(optimizer, base_lr, step, total, warmup=20):
    lr = base_lr * min(1.0, (step + 1) / warmup) * 0.5 * (1 + math.cos(math.pi * min(1.0, step / max(1, total))))
    for group in optimizer.param_groups:
        group["lr"] = lr
