#!/usr/bin/env bash
# npm start: setup → local Orthanc (unless DOKUEI_PACS_URL) → demo seed → build → the Dokuei server.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=node_modules/.bin
PORT="${PORT:-4173}"

bash scripts/setup.sh

server_pid=""
# Ctrl-C reaches every process of the terminal's group; this then stops what is left, in order.
# No errexit here: the server's own non-zero exit status (130 after Ctrl-C) must not skip the rest.
stop_all() {
  trap - EXIT INT TERM
  set +e
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
  fi
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
# The server prints where to sign in (and, on the first start, the generated accounts).
PORT="$PORT" "$BIN/tsx" server/main.ts &
server_pid=$!
wait "$server_pid"
