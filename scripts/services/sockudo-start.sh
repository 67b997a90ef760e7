#!/usr/bin/env bash
# Install (once) and start Sockudo, a Pusher Channels protocol server, on
# 127.0.0.1 without Docker. The app's "pusher" realtime mode and its tests use it.
#
# Usage: scripts/services/sockudo-start.sh [--fresh]
#   --fresh   stop our running Sockudo first (it keeps no data; channels are in memory)
#
# Environment:
#   SERVICES_HOME          cache/log root (default ~/.cache/chat-services)
#   SOCKUDO_VERSION        crates.io version (default 5.2.0)
#   SOCKUDO_PORT           HTTP API + WebSocket port (default 6001)
#   SOCKUDO_APP_ID         app id / key / secret of the one app it serves
#   SOCKUDO_APP_KEY        (defaults chat-app / chat-key / chat-secret: a local
#   SOCKUDO_APP_SECRET      development server, never reachable from elsewhere)
#   SOCKUDO_START_TIMEOUT  seconds to wait for readiness (default 30)
#   cargo on PATH and Debian's protobuf-compiler (needed once, to build it; the
#   script installs protobuf-compiler with apt-get when it is missing)
#
# Idempotent: if our Sockudo is already running it is reused; if another server
# already answers /up/<app id> on the port it is reused too; if some other
# program holds the port, this fails with a clear message.
set -euo pipefail

SVC=sockudo
# shellcheck source-path=SCRIPTDIR source=_common.sh
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

parse_args 2,21 --fresh "$@"
FRESH=$FLAG_GIVEN

SOCKUDO_VERSION="${SOCKUDO_VERSION:-5.2.0}"
HOST=127.0.0.1
PORT="${SOCKUDO_PORT:-6001}"
APP_ID="${SOCKUDO_APP_ID:-chat-app}"
APP_KEY="${SOCKUDO_APP_KEY:-chat-key}"
APP_SECRET="${SOCKUDO_APP_SECRET:-chat-secret}"
START_TIMEOUT="${SOCKUDO_START_TIMEOUT:-30}"
# Sockudo limits its HTTP API to 100 requests a minute per address by default: the app's own
# triggers (one per event and 100 recipients) hit that within a minute of chatting.
API_MAX_REQUESTS="${SOCKUDO_API_MAX_REQUESTS:-5000}"
STOP_TIMEOUT="${SOCKUDO_STOP_TIMEOUT:-15}"

SOCKUDO_HOME="$SERVICES_HOME/sockudo-$SOCKUDO_VERSION"
BIN="$SOCKUDO_HOME/bin/sockudo"
# Sockudo reads ./config/config.toml (or .json) from its working directory: run it
# from a folder of its own, so nothing but the variables below configures it.
WORK_DIR="$SERVICES_HOME/sockudo-run"
PID_FILE="$RUN_DIR/sockudo.pid"
LOG_FILE="$LOG_DIR/sockudo.log"
BUILD_LOG="$LOG_DIR/sockudo-build.log"

# sockudo_probe HOST PORT: a Pusher-protocol server that knows our app answers /up/<app id>.
sockudo_probe() {
  curl -fsS -o /dev/null --max-time 3 "http://$1:$2/up/$APP_ID" 2>/dev/null
}

SVC_NAME=Sockudo
MATCH="$SOCKUDO_HOME/bin/sockudo"
begin_start sockudo_probe "a Pusher-protocol server" "something that does not answer /up/$APP_ID" SOCKUDO_PORT

if [[ -z "$PID" ]]; then
  # --- install: build from crates.io (once; ~15-25 min on 2 cores) ----------
  if [[ ! -x "$BIN" ]]; then
    # rustup installs into ~/.cargo/bin, which a non-login shell (CI) may not have on PATH.
    if ! command -v cargo >/dev/null 2>&1 && [[ -x "${CARGO_HOME:-$HOME/.cargo}/bin/cargo" ]]; then
      PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
    fi
    command -v cargo >/dev/null 2>&1 || die "cargo not found; it is needed once to build Sockudo $SOCKUDO_VERSION"
    if ! command -v protoc >/dev/null 2>&1; then
      say "installing Debian's protobuf-compiler (Sockudo's build needs protoc)"
      command -v apt-get >/dev/null 2>&1 || die "protoc not found and no apt-get: install protobuf-compiler"
      SUDO=""
      if ((EUID != 0)); then SUDO=sudo; fi
      $SUDO apt-get install -y -q protobuf-compiler >/dev/null ||
        { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q protobuf-compiler >/dev/null; } ||
        die "could not install protobuf-compiler"
    fi
    TI="$(now)"
    say "building Sockudo $SOCKUDO_VERSION from crates.io into $SOCKUDO_HOME (one-time, ~15-25 min; log $BUILD_LOG)"
    mkdir -p "$SOCKUDO_HOME"
    if ! cargo install --locked sockudo --version "$SOCKUDO_VERSION" --root "$SOCKUDO_HOME" >>"$BUILD_LOG" 2>&1; then
      tail -n 40 "$BUILD_LOG" >&2
      die "building Sockudo failed (log: $BUILD_LOG)"
    fi
    [[ -x "$BIN" ]] || die "cargo install finished but $BIN is missing"
    say "installed Sockudo $SOCKUDO_VERSION in $(elapsed "$TI")s"
  fi

  mkdir -p "$WORK_DIR"
  TS="$(now)"
  say "starting Sockudo $SOCKUDO_VERSION on $HOST:$PORT (app $APP_ID, key $APP_KEY; metrics off)"
  cd "$WORK_DIR"
  launch "$SOCKUDO_VERSION" env \
    HOST="$HOST" PORT="$PORT" \
    METRICS_ENABLED=false METRICS_HOST=127.0.0.1 \
    RATE_LIMITER_API_MAX_REQUESTS="$API_MAX_REQUESTS" RATE_LIMITER_API_WINDOW_SECONDS=1 \
    RATE_LIMITER_WS_MAX_REQUESTS=600 RATE_LIMITER_WS_WINDOW_SECONDS=60 \
    SOCKUDO_DEFAULT_APP_ID="$APP_ID" SOCKUDO_DEFAULT_APP_KEY="$APP_KEY" SOCKUDO_DEFAULT_APP_SECRET="$APP_SECRET" \
    SOCKUDO_DEFAULT_APP_ENABLED=true \
    "$BIN"
else
  TS="$(now)"
  say "our Sockudo (pid $PID) is starting; waiting for it"
fi

wait_ready 30 0.1 "at http://$HOST:$PORT (PUSHER_HOST=$HOST PUSHER_PORT=$PORT PUSHER_APP_ID=$APP_ID PUSHER_KEY=$APP_KEY)" sockudo_probe "$HOST" "$PORT"
