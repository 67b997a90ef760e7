#!/usr/bin/env bash
# `npm test`: every layer — unit, contract (SQLite, FerretDB, Kafka), integration over real HTTP,
# scale-out with two app instances, and end-to-end in Chromium. It first makes sure the real
# services are there (installing them on a fresh machine), so nothing is ever skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-chromium.sh
# The services hold only disposable test data: if a warm start fails, start them afresh.
bash scripts/services/start-all.sh || {
  echo "[test] services did not come up; retrying with fresh data" >&2
  bash scripts/services/start-all.sh --fresh
}
exec npx vitest run "$@"
