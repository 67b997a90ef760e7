#!/usr/bin/env bash
# Stop the FerretDB started by ferretdb-start.sh and wait until it has exited.
# Data in $SERVICES_HOME/ferretdb-data is kept.
#
# Usage: scripts/services/ferretdb-stop.sh [--kill]
#   --kill   SIGKILL instead of a clean shutdown
#
# Environment: SERVICES_HOME, FERRETDB_PORT, FERRETDB_VERSION,
# FERRETDB_STOP_TIMEOUT (default 30 s, then SIGKILL).
set -euo pipefail

SVC=ferretdb
# shellcheck source-path=SCRIPTDIR source=_common.sh
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

SIG=TERM
for arg in "$@"; do
  case "$arg" in
  --kill) SIG=KILL ;;
  -h | --help)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *) die "unknown argument: $arg (try --help)" ;;
  esac
done

PORT="${FERRETDB_PORT:-27017}"
take_lock ferretdb
# Match on the binary's directory name so any installed version is recognised.
stop_pid FerretDB "$RUN_DIR/ferretdb.pid" "$SERVICES_HOME/ferretdb-" "$SIG" "${FERRETDB_STOP_TIMEOUT:-30}"

deadline=$((SECONDS + 15))
while port_open 127.0.0.1 "$PORT"; do
  if ((!STOPPED || SECONDS >= deadline)); then
    warn "something not started by ferretdb-start.sh still listens on 127.0.0.1:$PORT; left alone"
    break
  fi
  sleep 0.1
done
