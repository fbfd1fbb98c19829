"""What the three training scripts share after data loading: the epoch loop, the manifest's common fields and
the save/export/evaluate tail. Apart from train_common because evaluate.py imports train_common."""
import copy
import time

import numpy as np

from evaluate import evaluate_and_store
from export import export, save_checkpoint
from nets import count_params
from preprocess import DEFAULT_MEAN, DEFAULT_STD, PREPROCESSING_ID, WINDOW_HIGH, WINDOW_LOW
from train_common import batches, cosine_lr


def train_epochs(args, net, optimizer, gen, n, batch_size, base_lr, batch_loss, validate):
    """Cosine LR over shuffled batches of n items (3 steps in all for --smoke). `batch_loss(idx)` returns the
    loss of one batch; after each epoch `validate()` returns (score, text for the log line).
    Leaves `net` with the best epoch's weights; returns (best score, that epoch)."""
    total = args.epochs * ((n + batch_size - 1) // batch_size)
    best, step = (-1.0, None, 0), 0
    for epoch in range(args.epochs):
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
        print(f"epoch {epoch + 1}/{args.epochs} loss {np.mean(losses):.4f} val {text} ({time.time() - t0:.0f}s)",
              flush=True)
        if score > best[0]:
            best = (score, copy.deepcopy(net.state_dict()), epoch + 1)
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
