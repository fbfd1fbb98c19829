#!/usr/bin/env bash
# npm run bench: setup, then each benchmark in sequence. Tables go to stdout; every bench appends its
# figures to bench/tmp/run-$DOKUEI_BENCH_RUN.json, and once ALL benches succeeded that complete run
# replaces bench/results.json (and is appended to the generated bench/HISTORY.md). A failed bench
# leaves bench/results.json as it was (the partial run file stays in bench/tmp/).
# Arguments are passed to the peer comparison, e.g. `npm run bench -- --studies 1000 --runs 1`.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=node_modules/.bin

bash tools/setup.sh

# Peers: the Orthanc Web Viewer plugin is a Debian package. Installed when missing (as root); otherwise
# the first-image bench says "peer orthanc-webviewer not installed" and times nothing for it.
if [ ! -e /usr/share/orthanc/plugins/libOrthancWebViewer.so ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing the peer orthanc-webviewer (Debian package)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y orthanc-webviewer || echo "bench: could not install orthanc-webviewer; that peer will be reported as not installed"
  else
    echo "bench: orthanc-webviewer is not installed and this is not root: run 'apt-get install -y orthanc-webviewer' as root, or that peer is reported as not installed"
  fi
fi

DOKUEI_BENCH_RUN="$(date -u +%Y%m%dT%H%M%SZ)-$(git rev-parse --short HEAD 2>/dev/null || echo nogit)"
export DOKUEI_BENCH_RUN
echo "== bench run $DOKUEI_BENCH_RUN"

echo "== triage waiting-time simulation"
"$BIN/tsx" tools/bench/triage-sim.ts

echo "== worklist API at 1,000,000 studies (private PostgreSQL, ~2 minutes)"
"$BIN/tsx" tools/bench/worklist-index.ts

echo "== monitoring page at 10,000 studies: GET /api/monitoring and its SQL (private PostgreSQL, ~1 minute)"
"$BIN/tsx" tools/bench/monitoring-scale.ts

echo "== in-browser AI vs onnxruntime-node: per model, per study, Grad-CAM, end-to-end triage (Orthanc + Chromium, several minutes)"
"$BIN/tsx" tools/bench/model-latency.ts

echo "== arrival-time triage: arrival to ranked with 2 headless AI workers, worker throughput 1 vs 2 (PostgreSQL + Orthanc + server + workers, ~10 minutes)"
"$BIN/tsx" tools/bench/arrival-triage.ts

echo "== peer comparison: worklist at scale, viewer first image (Orthanc + Chromium, several minutes)"
"$BIN/tsx" tools/bench/compare.ts "$@"

"$BIN/tsx" tools/bench/publish-run.ts "$DOKUEI_BENCH_RUN"
