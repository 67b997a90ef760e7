#!/usr/bin/env bash
# Install (once) and start Kafka and FerretDB in parallel; see kafka-start.sh
# and ferretdb-start.sh for options and environment variables.
#
# Usage: scripts/services/start-all.sh [--fresh]
#   --fresh   wipe both data directories before starting
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SVC=services
# shellcheck source-path=SCRIPTDIR source=_common.sh
source "$DIR/_common.sh"

parse_args 2,6 --fresh "$@"

T0="$(now)"
"$DIR/kafka-start.sh" "$@" &
KAFKA=$!
"$DIR/ferretdb-start.sh" "$@" &
FERRETDB=$!

rc=0
wait "$KAFKA" || { rc=1; warn "kafka-start.sh failed"; }
wait "$FERRETDB" || { rc=1; warn "ferretdb-start.sh failed"; }
((rc == 0)) || die "some services failed to start (logs in $LOG_DIR)"
say "all services ready in $(elapsed "$T0")s: KAFKA_BROKERS=127.0.0.1:${KAFKA_PORT:-9092} MONGODB_URI=mongodb://127.0.0.1:${FERRETDB_PORT:-27017}"
