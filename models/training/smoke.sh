#!/usr/bin/env bash
# CI smoke test of the training pipeline: each model trains 3 steps on a few images, exports ONNX + manifest
# and evaluates into a temporary folder (removed afterwards). Needs the data (--data / DOKUEI_DATA).
set -euo pipefail
cd "$(dirname "$0")/../.."
for model in triage qa lungs; do
  start=$(date +%s)
  /usr/bin/python3 models/training/train_$model.py --smoke "$@" > /tmp/dokuei-smoke-$model.log 2>&1 \
    || { cat /tmp/dokuei-smoke-$model.log; echo "smoke: train_$model.py failed" >&2; exit 1; }
  grep -q "^exported " /tmp/dokuei-smoke-$model.log || { echo "smoke: train_$model.py exported nothing" >&2; exit 1; }
  echo "smoke: train_$model.py ok ($(( $(date +%s) - start )) s)"
done
