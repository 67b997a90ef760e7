#!/usr/bin/env bash
# Install (once) and start FerretDB v1 (MongoDB wire protocol) on 127.0.0.1,
# without Docker, on its PostgreSQL backend (Debian's PostgreSQL, started by
# postgres-start.sh) or its SQLite backend.
#
# Usage: scripts/services/ferretdb-start.sh [--fresh]
#   --fresh   wipe the data (all databases) before starting
#
# Environment:
#   SERVICES_HOME          cache/data/log root (default ~/.cache/chat-services)
#   FERRETDB_VERSION       Go module version (default v1.24.2)
#   FERRETDB_PORT          listen port (default 27017)
#   FERRETDB_BACKEND       postgresql (default: it filters on equality in SQL,
#                          ~8x faster on filtered reads) or sqlite
#   FERRETDB_DEBUG_ADDR    debug/metrics HTTP address (default "-" = disabled;
#                          e.g. 127.0.0.1:8088)
#   FERRETDB_LOG_LEVEL     debug|info|warn|error (default info)
#   FERRETDB_START_TIMEOUT seconds to wait for readiness (default 60)
#   go on PATH (needed once, to build FerretDB from the Go module proxy)
#
# Idempotent: if our FerretDB is already running it is reused; if another
# MongoDB-protocol server already answers on the port it is reused too; if some
# other program holds the port, this fails with a clear message.
set -euo pipefail

SVC=ferretdb
# shellcheck source-path=SCRIPTDIR source=_common.sh
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

parse_args 2,24 --fresh "$@"
FRESH=$FLAG_GIVEN

FERRETDB_VERSION="${FERRETDB_VERSION:-v1.24.2}"
[[ "$FERRETDB_VERSION" == v* ]] || FERRETDB_VERSION="v$FERRETDB_VERSION"
MODULE=github.com/FerretDB/FerretDB
HOST=127.0.0.1
PORT="${FERRETDB_PORT:-27017}"
DEBUG_ADDR="${FERRETDB_DEBUG_ADDR:--}"
LOG_LEVEL="${FERRETDB_LOG_LEVEL:-info}"
START_TIMEOUT="${FERRETDB_START_TIMEOUT:-60}"
BACKEND="${FERRETDB_BACKEND:-postgresql}"
[[ "$BACKEND" == postgresql || "$BACKEND" == sqlite ]] || die "FERRETDB_BACKEND must be postgresql or sqlite, not $BACKEND"
STOP_TIMEOUT="${FERRETDB_STOP_TIMEOUT:-30}"

FDB_HOME="$SERVICES_HOME/ferretdb-${FERRETDB_VERSION#v}"
BIN="$FDB_HOME/bin/ferretdb"
DATA_DIR="$SERVICES_HOME/ferretdb-data"
STATE_DIR="$SERVICES_HOME/ferretdb-state"
PID_FILE="$RUN_DIR/ferretdb.pid"
LOG_FILE="$LOG_DIR/ferretdb.log"

SVC_NAME=FerretDB
MATCH="$BIN"
begin_start mongo_probe "a MongoDB-protocol server" "something that does not speak the MongoDB protocol" FERRETDB_PORT

if [[ -z "$PID" ]]; then
  # --- install: build from the Go module proxy (once) -----------------------
  if [[ ! -x "$BIN" ]]; then
    command -v go >/dev/null 2>&1 || die "go not found; it is needed once to build FerretDB $FERRETDB_VERSION"
    TI="$(now)"
    say "installing FerretDB $FERRETDB_VERSION from the Go module proxy into $FDB_HOME (one-time build, ~1-2 min)"
    mkdir -p "$FDB_HOME"
    # Not `go install $MODULE/cmd/ferretdb@$FERRETDB_VERSION`: (1) FerretDB
    # panics at start unless build/version/version.txt is embedded, which a
    # plain module download lacks; (2) go install also queries the module's
    # version list, which the proxy may refuse. So: download the exact module
    # version, copy it, add version.txt, build in place.
    if ! DIR="$(cd "$FDB_HOME" && GOFLAGS='' GOWORK=off go mod download -json "$MODULE@$FERRETDB_VERSION" 2>"$FDB_HOME/download.log" |
      sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')" || [[ -z "$DIR" || ! -d "$DIR" ]]; then
      cat "$FDB_HOME/download.log" >&2
      die "could not download $MODULE@$FERRETDB_VERSION"
    fi
    SRC="$FDB_HOME/src.$$"
    rm -rf "$SRC"
    cp -R "$DIR" "$SRC"
    chmod -R u+w "$SRC"
    printf '%s\n' "$FERRETDB_VERSION" >"$SRC/build/version/version.txt"
    printf 'chat-services\n' >"$SRC/build/version/package.txt"
    mkdir -p "$FDB_HOME/bin"
    if ! (cd "$SRC" && GOFLAGS=-buildvcs=false GOWORK=off CGO_ENABLED=0 go build -trimpath \
      -o "$BIN.tmp" ./cmd/ferretdb) >"$FDB_HOME/build.log" 2>&1; then
      tail -n 40 "$FDB_HOME/build.log" >&2
      die "building FerretDB failed (log: $FDB_HOME/build.log)"
    fi
    mv "$BIN.tmp" "$BIN"
    rm -rf "$SRC"
    say "installed $("$BIN" --version | head -n1) in $(elapsed "$TI")s"
  fi

  if ((FRESH)); then
    say "--fresh: wiping $DATA_DIR"
    rm -rf "$DATA_DIR"
  fi
  mkdir -p "$DATA_DIR" "$STATE_DIR"
  if [[ "$BACKEND" == postgresql ]]; then
    FRESH_ARG=()
    if ((FRESH)); then FRESH_ARG=(--fresh); fi
    "$(dirname "${BASH_SOURCE[0]}")/postgres-start.sh" "${FRESH_ARG[@]}"
    STORAGE=(--handler=postgresql --postgresql-url="postgres://postgres@127.0.0.1:${POSTGRES_PORT:-15432}/ferretdb")
  else
    STORAGE=(--handler=sqlite --sqlite-url="file:$DATA_DIR/")
  fi

  TS="$(now)"
  say "starting FerretDB $FERRETDB_VERSION ($BACKEND backend) on $HOST:$PORT"
  launch "$FERRETDB_VERSION" "$BIN" \
    "${STORAGE[@]}" \
    --listen-addr="$HOST:$PORT" \
    --state-dir="$STATE_DIR" \
    --debug-addr="$DEBUG_ADDR" \
    --telemetry=disable \
    --log-level="$LOG_LEVEL" \
    --log-format=text
else
  TS="$(now)"
  say "our FerretDB (pid $PID) is starting; waiting for it"
fi

# --- wait until ready ---------------------------------------------------------
wait_ready 30 0.1 "at mongodb://$HOST:$PORT" mongo_probe "$HOST" "$PORT"
