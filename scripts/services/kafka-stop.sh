#!/usr/bin/env bash
# Stop the Kafka broker started by kafka-start.sh and wait until it has exited.
# Data in $SERVICES_HOME/kafka-data is kept: kafka-start.sh brings it back.
#
# Usage: scripts/services/kafka-stop.sh [--kill]
#   --kill   SIGKILL instead of a clean shutdown (simulates a crash; the next
#            start runs log recovery)
#
# Environment: SERVICES_HOME, KAFKA_PORT, KAFKA_STOP_TIMEOUT (default 60 s,
# then SIGKILL).
set -euo pipefail

SVC=kafka
# shellcheck source-path=SCRIPTDIR source=_common.sh
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

parse_args 2,10 --kill "$@"
SIG=TERM
if ((FLAG_GIVEN)); then SIG=KILL; fi

stop_service Kafka "-Dchat.services=kafka" "$SIG" "${KAFKA_STOP_TIMEOUT:-60}" "${KAFKA_PORT:-9092}"
