#!/usr/bin/env bash
# Start PostgreSQL (Debian's package) on 127.0.0.1 as the storage of FerretDB's
# PostgreSQL backend; ferretdb-start.sh calls this. Test data only: fsync off.
#
# Usage: scripts/services/postgres-start.sh [--fresh]
#   --fresh   wipe the cluster (all databases) and initdb again before starting
#
# Environment:
#   SERVICES_HOME          logs and pid files (default ~/.cache/chat-services)
#   POSTGRES_PORT          listen port (default 15432, so a system cluster on 5432 is left alone)
#   POSTGRES_DATA_DIR      cluster directory (default $SERVICES_HOME/postgres-data, or
#                          /var/tmp/chat-services-postgres when run as root: the server
#                          runs as the `postgres` user, who cannot enter /root)
#   POSTGRES_BIN           directory of initdb/postgres (default: newest /usr/lib/postgresql/*/bin)
#   POSTGRES_START_TIMEOUT seconds to wait for readiness (default 60)
#
# Idempotent like the other service scripts. Installs Debian's postgresql with apt
# when it is missing and this runs as root.
set -euo pipefail

SVC=postgres
# shellcheck source-path=SCRIPTDIR source=_common.sh
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

parse_args 2,17 --fresh "$@"
FRESH=$FLAG_GIVEN

HOST=127.0.0.1
PORT="${POSTGRES_PORT:-15432}"
START_TIMEOUT="${POSTGRES_START_TIMEOUT:-60}"
STOP_TIMEOUT="${POSTGRES_STOP_TIMEOUT:-30}"
PID_FILE="$RUN_DIR/postgres.pid"
LOG_FILE="$LOG_DIR/postgres.log"
if [[ $EUID -eq 0 ]]; then
  DATA_DIR="${POSTGRES_DATA_DIR:-/var/tmp/chat-services-postgres}"
  AS_OWNER=(setpriv --reuid=postgres --regid=postgres --init-groups --)
else
  DATA_DIR="${POSTGRES_DATA_DIR:-$SERVICES_HOME/postgres-data}"
  AS_OWNER=()
fi

find_bin() {
  if [[ -n "${POSTGRES_BIN:-}" ]]; then printf '%s' "$POSTGRES_BIN"; return; fi
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)"
  printf '%s' "$d"
}
BIN="$(find_bin)"
if [[ -z "$BIN" || ! -x "$BIN/postgres" ]]; then
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "PostgreSQL not found; installing Debian's postgresql (once)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >>"$LOG_FILE" 2>&1 ||
      { apt-get update >>"$LOG_FILE" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >>"$LOG_FILE" 2>&1; } ||
      die "apt-get install postgresql failed (log: $LOG_FILE)"
    BIN="$(find_bin)"
  fi
  [[ -n "$BIN" && -x "$BIN/postgres" ]] || die "PostgreSQL server binaries not found (set POSTGRES_BIN or install Debian's postgresql)"
fi

SVC_NAME=PostgreSQL
MATCH="$DATA_DIR"
pg_probe() { "$BIN/pg_isready" -q -h "$1" -p "$2" -U postgres -d postgres; }
begin_start pg_probe "a PostgreSQL server" "something that is not PostgreSQL" POSTGRES_PORT

if [[ -z "$PID" ]]; then
  if ((FRESH)); then
    say "--fresh: wiping $DATA_DIR"
    rm -rf "$DATA_DIR"
  fi
  if [[ ! -f "$DATA_DIR/PG_VERSION" ]]; then
    rm -rf "$DATA_DIR"
    mkdir -p "$DATA_DIR"
    chmod 700 "$DATA_DIR"
    if [[ $EUID -eq 0 ]]; then chown postgres:postgres "$DATA_DIR"; fi
    say "initdb $DATA_DIR ($("$BIN/postgres" --version))"
    "${AS_OWNER[@]}" "$BIN/initdb" -D "$DATA_DIR" -U postgres -A trust -E UTF8 --no-sync >>"$LOG_FILE" 2>&1 ||
      die "initdb failed (log: $LOG_FILE)"
  fi
  TS="$(now)"
  say "starting PostgreSQL on $HOST:$PORT, data $DATA_DIR"
  # The log is opened here (by this user) and inherited, so the server needs no access to it.
  launch "$("$BIN/postgres" --version | awk '{print $NF}')" "${AS_OWNER[@]}" "$BIN/postgres" -D "$DATA_DIR" \
    -c listen_addresses="$HOST" -c port="$PORT" -c unix_socket_directories="$DATA_DIR" \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
    -c max_connections=300 -c shared_buffers=256MB
else
  TS="$(now)"
  say "our PostgreSQL (pid $PID) is starting; waiting for it"
fi

wait_ready 30 0.2 "at postgres://$HOST:$PORT" pg_probe "$HOST" "$PORT"
if ! "$BIN/psql" -h "$HOST" -p "$PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'ferretdb'" | grep -q 1; then
  "$BIN/psql" -h "$HOST" -p "$PORT" -U postgres -d postgres -qc "CREATE DATABASE ferretdb" >>"$LOG_FILE" 2>&1 ||
    die "could not create the ferretdb database (log: $LOG_FILE)"
fi
