"""What the three training scripts share after data loading: the epoch loop, the manifest's common fields and
the save/export/evaluate tail. Apart from train_common because evaluate.py imports train_common."""
import copy
import os
import time

import numpy as np
import torch

from evaluate import evaluate_and_store
from export import export, save_checkpoint
from nets import count_params
from preprocess import DEFAULT_MEAN, DEFAULT_STD, PREPROCESSING_ID, WINDOW_HIGH, WINDOW_LOW
from train_common import batches, cosine_lr


def train_epochs(args, net, optimizer, gen, n, batch_size, base_lr, batch_loss, validate, out_run):
    """Cosine LR over shuffled batches of n items (3 steps in all for --smoke). `batch_loss(idx)` returns the
    loss of one batch; after each epoch `validate()` returns (score, text for the log line).
    Stops early after `args.patience` epochs without a better val score or once `args.max_minutes` have passed;
    saves the run to `out_run`/resume.pt after every epoch; `--resume` continues from there.
    Leaves `net` with the best epoch's weights; returns (best score, that epoch)."""
    steps_per_epoch = (n + batch_size - 1) // batch_size
    total = args.epochs * steps_per_epoch
    state_path = os.path.join(out_run, "resume.pt")
    best, first_epoch, spent = (-1.0, None, 0), 0, 0.0
    if args.resume and os.path.isfile(state_path):
        state = torch.load(state_path, weights_only=False)
        net.load_state_dict(state["net"])
        optimizer.load_state_dict(state["optimizer"])
        gen.set_state(state["gen"])
        best, first_epoch, spent = state["best"], state["epoch"], state["spent"]
        print(f"resumed after epoch {first_epoch} (best val {best[0]:.4f} at epoch {best[2]})", flush=True)
    step = first_epoch * steps_per_epoch
    for epoch in range(first_epoch, args.epochs):
        net.train()
        t0, losses = time.time(), []
        for idx in batches(n, batch_size, gen):
            cosine_lr(optimizer, base_lr, step, total)
            loss = batch_loss(idx)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            step += 1
            if args.smoke and step >= 3:
                break
        score, text = validate()
        seconds = time.time() - t0
        spent += seconds
        print(f"epoch {epoch + 1}/{args.epochs} loss {np.mean(losses):.4f} val {text} ({seconds:.0f}s)", flush=True)
        if epoch == first_epoch and not args.smoke:
            print(f"expected: at most {seconds * (args.epochs - epoch - 1) / 60:.0f} min more at this pace "
                  f"(budget {args.max_minutes:.0f} min, patience {args.patience or 'off'})", flush=True)
        if score > best[0]:
            best = (score, copy.deepcopy(net.state_dict()), epoch + 1)
        if not args.smoke:
            torch.save({"net": net.state_dict(), "optimizer": optimizer.state_dict(), "gen": gen.get_state(),
                        "best": best, "epoch": epoch + 1, "spent": spent}, state_path)
        if args.patience and epoch + 1 - best[2] >= args.patience:
            print(f"early stop: no better val score for {args.patience} epochs", flush=True)
            break
        if spent / 60 >= args.max_minutes:
            print(f"time budget of {args.max_minutes:.0f} min reached", flush=True)
            break
    net.load_state_dict(best[1])
    return best[0], best[2]


def image_io(size):
    """Manifest `input` and `preprocessing` of a one-channel square model input."""
    return {
        "input": {"name": "image", "shape": [1, 1, size, size], "layout": "NCHW", "dtype": "float32"},
        "preprocessing": {"id": PREPROCESSING_ID, "size": size,
                          "window": {"method": "percentile", "low": WINDOW_LOW, "high": WINDOW_HIGH},
                          "normalize": {"mean": DEFAULT_MEAN, "std": DEFAULT_STD}},
    }


def run_facts(args, selected_epoch, net, script):
    """The manifest `training` fields every model records about its run."""
    return {"seed": args.seed, "epochs": args.epochs, "selectedEpoch": selected_epoch,
            "parameters": count_params(net), "script": script, "smoke": args.smoke}


def save_export_evaluate(args, out_run, model_id, module, arch, manifest):
    """Checkpoint into the run folder, ONNX + manifest into args.out_dir, then the evaluation rows."""
    save_checkpoint(out_run, model_id, module, arch, manifest)
    exported = export({"id": model_id, "arch": arch, "manifest": manifest}, module, args.out_dir)
    evaluate_and_store(model_id, module, exported, args.data, args.out_dir, smoke=args.smoke)
