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

parse_args 2,9 --kill "$@"
SIG=TERM
if ((FLAG_GIVEN)); then SIG=KILL; fi

# Match on the binary's directory name so any installed version is recognised.
stop_service FerretDB "$SERVICES_HOME/ferretdb-" "$SIG" "${FERRETDB_STOP_TIMEOUT:-30}" "${FERRETDB_PORT:-27017}"
