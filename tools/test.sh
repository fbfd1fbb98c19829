#!/usr/bin/env bash
# npm test: setup → typecheck → unit tests → training smoke → end-to-end tests (real Orthanc, real Chromium).
# Every check runs even when an earlier one fails, so one run reports all failures.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=node_modules/.bin

failed=()
step() {
  local name=$1
  shift
  local started=$SECONDS
  echo "== $name"
  if "$@"; then
    echo "== $name: ok in $((SECONDS - started)) s"
  else
    echo "== $name: FAILED after $((SECONDS - started)) s"
    failed+=("$name")
  fi
}

bash tools/setup.sh
step lint npm run lint --silent
step "format check" npx prettier --check src tests e2e tools server
step typecheck npm run typecheck --silent
step "unit tests" "$BIN/vitest" run
step "training pipeline smoke" bash models/training/smoke.sh
step "e2e tests" "$BIN/playwright" test

if ((${#failed[@]} > 0)); then
  echo "== failed: ${failed[*]}"
  exit 1
fi
echo "== all checks passed"
