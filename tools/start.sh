#!/usr/bin/env bash
# npm start: setup → local PostgreSQL (unless DOKUEI_DATABASE_URL) → local Orthanc on it (unless
# DOKUEI_PACS_URL) → demo seed → build → the Dokuei server and DOKUEI_WORKERS AI workers (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=node_modules/.bin
PORT="${PORT:-4173}"

bash tools/setup.sh

server_pid=""
worker_pids=()
local_database=$([[ -z "${DOKUEI_DATABASE_URL:-}" ]] && echo 1 || true)
# Ctrl-C reaches every process of the terminal's group; this then stops what is left, in order.
# No errexit here: the server's own non-zero exit status (130 after Ctrl-C) must not skip the rest.
stop_all() {
  trap - EXIT INT TERM
  set +e
  for pid in "${worker_pids[@]}" $server_pid; do kill "$pid" 2>/dev/null; done
  for pid in "${worker_pids[@]}" $server_pid; do wait "$pid" 2>/dev/null; done
  # Orthanc needs its index database while it shuts down: PostgreSQL goes last.
  if [[ -z "${DOKUEI_PACS_URL:-}" ]]; then "$BIN/tsx" tools/orthanc/cli.ts stop; fi
  if [[ -n "$local_database" ]]; then "$BIN/tsx" tools/postgres/cli.ts stop; fi
}

trap stop_all EXIT INT TERM
if [[ -n "$local_database" ]]; then
  "$BIN/tsx" tools/postgres/cli.ts start
else
  echo "start: using the database at DOKUEI_DATABASE_URL"
fi

if [[ -z "${DOKUEI_PACS_URL:-}" ]]; then
  # On the local cluster Orthanc keeps its index in PostgreSQL too (the production topology).
  "$BIN/tsx" tools/orthanc/cli.ts start ${local_database:+--postgres}
else
  echo "start: using the PACS at $DOKUEI_PACS_URL (DOKUEI_PACS_URL is set)"
fi

# Idempotent: studies already in the PACS are skipped. Without the data folder the app still runs, empty.
seed_status=0
"$BIN/tsx" tools/seed/cli.ts || seed_status=$?
if ((seed_status == 4)); then
  echo "start: no demo data, the worklist will be empty (see the message above)"
elif ((seed_status != 0)); then
  exit "$seed_status"
fi

"$BIN/vite" build --logLevel warn
# The server prints where to sign in (and, on the first start, the generated accounts).
PORT="$PORT" "$BIN/tsx" server/main.ts &
server_pid=$!
# Headless AI workers: each study is triaged when it arrives, with no browser open.
for ((i = 0; i < ${DOKUEI_WORKERS:-1}; i++)); do
  "$BIN/tsx" server/worker/main.ts &
  worker_pids+=($!)
done
wait "$server_pid"
