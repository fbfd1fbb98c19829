#!/usr/bin/env bash
# npm run bench: setup, then each benchmark in sequence. Tables go to stdout, figures to bench/results.json.
# Arguments are passed to the peer comparison, e.g. `npm run bench -- --studies 1000 --runs 1`.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=node_modules/.bin

bash scripts/setup.sh

echo "== triage waiting-time simulation"
"$BIN/tsx" scripts/bench/triage-sim.ts

echo "== in-browser AI vs onnxruntime-node: per model, per study, Grad-CAM, end-to-end triage (Orthanc + Chromium, several minutes)"
"$BIN/tsx" scripts/bench/model-latency.ts

echo "== peer comparison: worklist at scale, viewer first image (Orthanc + Chromium, several minutes)"
"$BIN/tsx" scripts/bench/compare.ts "$@"

echo "== figures written to bench/results.json"
