#!/usr/bin/env bash
# Stop the Sockudo started by sockudo-start.sh and wait until it has exited.
#
# Usage: scripts/services/sockudo-stop.sh [--kill]
#   --kill   SIGKILL instead of a clean shutdown
#
# Environment: SERVICES_HOME, SOCKUDO_PORT, SOCKUDO_STOP_TIMEOUT (default 15 s,
# then SIGKILL).
set -euo pipefail

SVC=sockudo
# shellcheck source-path=SCRIPTDIR source=_common.sh
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

parse_args 2,8 --kill "$@"
SIG=TERM
if ((FLAG_GIVEN)); then SIG=KILL; fi

# Match on the install directory's prefix so any installed version is recognised.
stop_service Sockudo "$SERVICES_HOME/sockudo-" "$SIG" "${SOCKUDO_STOP_TIMEOUT:-15}" "${SOCKUDO_PORT:-6001}"
