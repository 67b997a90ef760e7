#!/usr/bin/env bash
# Stop Kafka and FerretDB (in parallel); data directories are kept.
#
# Usage: scripts/services/stop-all.sh [--kill]
set -euo pipefail

DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SVC=services
# shellcheck source-path=SCRIPTDIR source=_common.sh
source "$DIR/_common.sh"

for arg in "$@"; do
  case "$arg" in
  --kill) ;;
  -h | --help)
    sed -n '2,4p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *) die "unknown argument: $arg (try --help)" ;;
  esac
done

"$DIR/kafka-stop.sh" "$@" &
KAFKA=$!
"$DIR/ferretdb-stop.sh" "$@" &
FERRETDB=$!

rc=0
wait "$KAFKA" || rc=1
wait "$FERRETDB" || rc=1
exit "$rc"
