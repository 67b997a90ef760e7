#!/usr/bin/env bash
# Stop the PostgreSQL started by postgres-start.sh (a fast shutdown) and wait until it has exited.
#
# Usage: scripts/services/postgres-stop.sh [--kill]
#   --kill   SIGKILL instead of a clean shutdown
#
# Environment: SERVICES_HOME, POSTGRES_PORT, POSTGRES_DATA_DIR, POSTGRES_STOP_TIMEOUT (default 30 s).
set -euo pipefail

SVC=postgres
# shellcheck source-path=SCRIPTDIR source=_common.sh
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

parse_args 2,8 --kill "$@"
SIG=INT # PostgreSQL's "fast" shutdown
if ((FLAG_GIVEN)); then SIG=KILL; fi
if [[ $EUID -eq 0 ]]; then DATA_DIR="${POSTGRES_DATA_DIR:-/var/tmp/chat-services-postgres}"; else DATA_DIR="${POSTGRES_DATA_DIR:-$SERVICES_HOME/postgres-data}"; fi

stop_service PostgreSQL "$DATA_DIR" "$SIG" "${POSTGRES_STOP_TIMEOUT:-30}" "${POSTGRES_PORT:-15432}"
