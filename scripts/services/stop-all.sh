#!/usr/bin/env bash
# Stop Kafka, FerretDB and Sockudo (in parallel), then the PostgreSQL under
# FerretDB; data directories are kept.
#
# Usage: scripts/services/stop-all.sh [--kill]
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SVC=services
# shellcheck source-path=SCRIPTDIR source=_common.sh
source "$DIR/_common.sh"

parse_args 2,5 --kill "$@"

"$DIR/kafka-stop.sh" "$@" &
KAFKA=$!
"$DIR/ferretdb-stop.sh" "$@" &
FERRETDB=$!
"$DIR/sockudo-stop.sh" "$@" &
SOCKUDO=$!

rc=0
wait "$KAFKA" || rc=1
wait "$FERRETDB" || rc=1
wait "$SOCKUDO" || rc=1
"$DIR/postgres-stop.sh" "$@" || rc=1
exit "$rc"
