#!/usr/bin/env bash
# Install (once) and start FerretDB v1 (MongoDB wire protocol) with the SQLite
# backend on 127.0.0.1, without Docker.
#
# Usage: scripts/services/ferretdb-start.sh [--fresh]
#   --fresh   wipe the data directory (all databases) before starting
#
# Environment:
#   SERVICES_HOME          cache/data/log root (default ~/.cache/chat-services)
#   FERRETDB_VERSION       Go module version (default v1.24.2)
#   FERRETDB_PORT          listen port (default 27017)
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

FRESH=0
for arg in "$@"; do
  case "$arg" in
  --fresh) FRESH=1 ;;
  -h | --help)
    sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *) die "unknown argument: $arg (try --help)" ;;
  esac
done

FERRETDB_VERSION="${FERRETDB_VERSION:-v1.24.2}"
[[ "$FERRETDB_VERSION" == v* ]] || FERRETDB_VERSION="v$FERRETDB_VERSION"
MODULE=github.com/FerretDB/FerretDB
HOST=127.0.0.1
PORT="${FERRETDB_PORT:-27017}"
DEBUG_ADDR="${FERRETDB_DEBUG_ADDR:--}"
LOG_LEVEL="${FERRETDB_LOG_LEVEL:-info}"
START_TIMEOUT="${FERRETDB_START_TIMEOUT:-60}"

FDB_HOME="$SERVICES_HOME/ferretdb-${FERRETDB_VERSION#v}"
BIN="$FDB_HOME/bin/ferretdb"
DATA_DIR="$SERVICES_HOME/ferretdb-data"
STATE_DIR="$SERVICES_HOME/ferretdb-state"
PID_FILE="$RUN_DIR/ferretdb.pid"
LOG_FILE="$LOG_DIR/ferretdb.log"

T0="$(now)"
take_lock ferretdb

# --- already running? -------------------------------------------------------
PID="$(read_pid "$PID_FILE")"
if [[ -n "$PID" ]] && ! pid_cmdline_has "$PID" "$BIN"; then
  rm -f "$PID_FILE"
  PID=""
fi

if ((FRESH)) && [[ -n "$PID" ]]; then
  say "--fresh: stopping the running FerretDB first"
  stop_pid FerretDB "$PID_FILE" "$BIN" TERM "${FERRETDB_STOP_TIMEOUT:-30}"
  PID=""
fi

if port_open "$HOST" "$PORT"; then
  if ((FRESH)); then
    die "--fresh given but $HOST:$PORT is held by a server not started by this script; stop it first"
  fi
  if mongo_probe "$HOST" "$PORT"; then
    if [[ -n "$PID" ]]; then
      say "already running (pid $PID) on $HOST:$PORT; reusing it"
    else
      say "a MongoDB-protocol server not started by this script already answers on $HOST:$PORT; reusing it"
    fi
    exit 0
  fi
  if [[ -z "$PID" ]]; then
    die "port $HOST:$PORT is in use by something that does not speak the MongoDB protocol; free it or set FERRETDB_PORT"
  fi
fi

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

  TS="$(now)"
  say "starting FerretDB $FERRETDB_VERSION (SQLite backend) on $HOST:$PORT, data $DATA_DIR"
  printf '\n===== %s ferretdb-start.sh: starting FerretDB %s =====\n' "$(date -Is)" "$FERRETDB_VERSION" >>"$LOG_FILE"
  setsid "$BIN" \
    --handler=sqlite \
    --sqlite-url="file:$DATA_DIR/" \
    --listen-addr="$HOST:$PORT" \
    --state-dir="$STATE_DIR" \
    --debug-addr="$DEBUG_ADDR" \
    --telemetry=disable \
    --log-level="$LOG_LEVEL" \
    --log-format=text \
    </dev/null >>"$LOG_FILE" 2>&1 9>&- &
  PID=$!
  echo "$PID" >"$PID_FILE"
else
  TS="$(now)"
  say "our FerretDB (pid $PID) is starting; waiting for it"
fi

# --- wait until ready ---------------------------------------------------------
deadline=$((SECONDS + START_TIMEOUT))
until mongo_probe "$HOST" "$PORT"; do
  if ! pid_alive "$PID"; then
    rm -f "$PID_FILE"
    tail -n 30 "$LOG_FILE" >&2 || true
    die "FerretDB exited during startup (log: $LOG_FILE)"
  fi
  if ((SECONDS >= deadline)); then
    tail -n 30 "$LOG_FILE" >&2 || true
    die "FerretDB not ready after ${START_TIMEOUT}s (pid $PID still running; log: $LOG_FILE)"
  fi
  sleep 0.1
done

say "ready at mongodb://$HOST:$PORT (pid $PID): start took $(elapsed "$TS")s, total $(elapsed "$T0")s; log $LOG_FILE"
