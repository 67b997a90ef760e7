#!/usr/bin/env bash
# Install (once) and start Kafka, FerretDB and Sockudo in parallel; see
# kafka-start.sh, ferretdb-start.sh and sockudo-start.sh for options and
# environment variables. On a fresh machine Sockudo's one-time build
# (~15-25 min) is the long pole; later starts take seconds.
#
# Usage: scripts/services/start-all.sh [--fresh]
#   --fresh   wipe the data directories before starting
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SVC=services
# shellcheck source-path=SCRIPTDIR source=_common.sh
source "$DIR/_common.sh"

parse_args 2,8 --fresh "$@"

T0="$(now)"
"$DIR/kafka-start.sh" "$@" &
KAFKA=$!
"$DIR/ferretdb-start.sh" "$@" &
FERRETDB=$!
"$DIR/sockudo-start.sh" "$@" &
SOCKUDO=$!

rc=0
wait "$KAFKA" || { rc=1; warn "kafka-start.sh failed"; }
wait "$FERRETDB" || { rc=1; warn "ferretdb-start.sh failed"; }
wait "$SOCKUDO" || { rc=1; warn "sockudo-start.sh failed"; }
((rc == 0)) || die "some services failed to start (logs in $LOG_DIR)"
say "all services ready in $(elapsed "$T0")s: KAFKA_BROKERS=127.0.0.1:${KAFKA_PORT:-9092} MONGODB_URI=mongodb://127.0.0.1:${FERRETDB_PORT:-27017} PUSHER_HOST=127.0.0.1 PUSHER_PORT=${SOCKUDO_PORT:-6001}"
