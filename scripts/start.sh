#!/usr/bin/env bash
# npm start: setup → local Orthanc (unless DOKUEI_PACS_URL) → demo seed → build → preview server.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=node_modules/.bin
PORT="${PORT:-4173}"

bash scripts/setup.sh

preview_pid=""
stop_all() {
  trap - EXIT INT TERM
  [[ -n "$preview_pid" ]] && kill "$preview_pid" 2>/dev/null && wait "$preview_pid" 2>/dev/null
  if [[ -z "${DOKUEI_PACS_URL:-}" ]]; then "$BIN/tsx" scripts/orthanc/cli.ts stop; fi
}

if [[ -z "${DOKUEI_PACS_URL:-}" ]]; then
  "$BIN/tsx" scripts/orthanc/cli.ts start
  trap stop_all EXIT INT TERM
else
  echo "start: using the PACS at $DOKUEI_PACS_URL (DOKUEI_PACS_URL is set)"
fi

# Idempotent: studies already in the PACS are skipped. Without the data folder the app still runs, empty.
seed_status=0
"$BIN/tsx" scripts/seed/cli.ts || seed_status=$?
if ((seed_status == 4)); then
  echo "start: no demo data, the worklist will be empty (see the message above)"
elif ((seed_status != 0)); then
  exit "$seed_status"
fi

"$BIN/vite" build --logLevel warn
"$BIN/vite" preview --host 127.0.0.1 --port "$PORT" --strictPort &
preview_pid=$!
until node -e "fetch('http://127.0.0.1:$PORT/').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"; do
  kill -0 "$preview_pid" 2>/dev/null || { echo "start: vite preview exited"; exit 1; }
  sleep 0.3
done
echo
echo "Dokuei is running at http://127.0.0.1:$PORT/  (Ctrl-C stops it and the local Orthanc)"
wait "$preview_pid"
