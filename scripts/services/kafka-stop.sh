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

SIG=TERM
for arg in "$@"; do
  case "$arg" in
  --kill) SIG=KILL ;;
  -h | --help)
    sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *) die "unknown argument: $arg (try --help)" ;;
  esac
done

PORT="${KAFKA_PORT:-9092}"
take_lock kafka
stop_pid Kafka "$RUN_DIR/kafka.pid" "-Dchat.services=kafka" "$SIG" "${KAFKA_STOP_TIMEOUT:-60}"

# Make sure the port is released before returning (a quick restart follows in tests).
deadline=$((SECONDS + 15))
while port_open 127.0.0.1 "$PORT"; do
  if ((!STOPPED || SECONDS >= deadline)); then
    warn "something not started by kafka-start.sh still listens on 127.0.0.1:$PORT; left alone"
    break
  fi
  sleep 0.1
done
