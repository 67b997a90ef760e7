# shellcheck shell=bash
# shellcheck disable=SC2016,SC2034,SC2153  # single-quoted bash -c scripts; globals used or set by callers
# Shared helpers for scripts/services/*.sh. Source it; do not run it.
#
# Everything lives under SERVICES_HOME (default ~/.cache/chat-services):
#   logs/      service logs (kafka.log, ferretdb.log)
#   run/       pid files, lock files
#   kafka-<ver>/, ferretdb-<ver>/   installed software
#   kafka-data/, ferretdb-data/     data directories

SERVICES_HOME="${SERVICES_HOME:-$HOME/.cache/chat-services}"
LOG_DIR="$SERVICES_HOME/logs"
RUN_DIR="$SERVICES_HOME/run"
mkdir -p "$LOG_DIR" "$RUN_DIR"

: "${SVC:=services}"

say() { printf '[%s] %s\n' "$SVC" "$*"; }
warn() { printf '[%s] WARNING: %s\n' "$SVC" "$*" >&2; }
die() {
  printf '[%s] ERROR: %s\n' "$SVC" "$*" >&2
  exit 1
}

# Seconds since the epoch with sub-second precision (bash 5 EPOCHREALTIME).
now() {
  if [[ -n "${EPOCHREALTIME:-}" ]]; then
    printf '%s' "${EPOCHREALTIME/,/.}"
  else
    date +%s.%N
  fi
}

# elapsed START -> "12.3"
elapsed() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }'; }

# port_open HOST PORT: something accepts TCP connections there.
port_open() {
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# pid_alive PID: the process exists and is not a zombie (an exited daemon's
# zombie can linger until init reaps it).
pid_alive() {
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null || return 1
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat:0:1}" != "Z" ]]
}

# pid_cmdline_has PID STRING: the process's command line contains STRING
# (guards against a recycled pid belonging to an unrelated process).
pid_cmdline_has() {
  pid_alive "$1" || return 1
  tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$2"
}

# read_pid FILE -> pid or empty
read_pid() {
  if [[ -s "$1" ]]; then
    tr -dc '0-9' <"$1"
  fi
}

# take_lock NAME: serialize concurrent start/stop invocations for one service.
take_lock() {
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$RUN_DIR/$1.lock"
    flock -w 600 9 || die "could not take lock $RUN_DIR/$1.lock within 600 s"
  fi
}

# kafka_call HOST PORT REQUEST NBYTES: send one raw Kafka request (a printf
# format string, size prefix included) and print the first NBYTES of the
# response as hex.
kafka_call() {
  timeout 5 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "$2" >&3
    dd bs=1 count="$3" <&3 2>/dev/null | od -An -tx1 | tr -d " \n"
  ' "$@" 2>/dev/null
}

# kafka_probe HOST PORT: a Kafka broker answers ApiVersions v0 with our
# correlation id and error_code 0.
kafka_probe() {
  local out
  # size=14 | api_key=18 | api_version=0 | correlation_id=42 | client_id="ping"
  out="$(kafka_call "$1" "$2" '\x00\x00\x00\x0e\x00\x12\x00\x00\x00\x00\x00\x2a\x00\x04ping' 10)" || return 1
  [[ "${out:8:12}" == "0000002a0000" ]]
}

# kafka_warm_probe HOST PORT: the broker can serve consumer groups,
# transactions and idempotent producers: FindCoordinator v1 for a group and for
# a transactional id, and InitProducerId v0 (idempotent) all return error 0.
# The first calls also make the broker create __consumer_offsets and
# __transaction_state and fetch a producer-id block from the controller, so
# clients do not hit "coordinator not available / loading" right after start.
kafka_warm_probe() {
  local out kt
  for kt in 0 1; do
    # size=37 | api_key=10 | version=1 | corr=43 | client_id | key="chat-services-warmup" | key_type
    out="$(kafka_call "$1" "$2" "\\x00\\x00\\x00\\x25\\x00\\x0a\\x00\\x01\\x00\\x00\\x00\\x2b\\x00\\x04ping\\x00\\x14chat-services-warmup\\x0$kt" 14)" || return 1
    # correlation id, throttle_time_ms (4 bytes), error_code
    [[ "${out:8:8}" == "0000002b" && "${out:24:4}" == "0000" ]] || return 1
  done
  # size=20 | api_key=22 | version=0 | corr=44 | client_id | transactional_id=null | timeout=60000
  out="$(kafka_call "$1" "$2" '\x00\x00\x00\x14\x00\x16\x00\x00\x00\x00\x00\x2c\x00\x04ping\xff\xff\x00\x00\xea\x60' 14)" || return 1
  [[ "${out:8:8}" == "0000002c" && "${out:24:4}" == "0000" ]]
}

# mongo_probe HOST PORT: a MongoDB wire-protocol server answers an OP_QUERY
# isMaster with an OP_REPLY to our request id.
mongo_probe() {
  local out
  out="$(timeout 5 bash -c '
    exec 3<>"/dev/tcp/$0/$1" || exit 1
    # header: len=58 id=0x2a responseTo=0 opCode=2004 (OP_QUERY)
    # body: flags=0 "admin.$cmd" skip=0 return=-1 {isMaster: 1}
    printf "\x3a\x00\x00\x00\x2a\x00\x00\x00\x00\x00\x00\x00\xd4\x07\x00\x00" >&3
    printf "\x00\x00\x00\x00admin.\x24cmd\x00\x00\x00\x00\x00\xff\xff\xff\xff" >&3
    printf "\x13\x00\x00\x00\x10isMaster\x00\x01\x00\x00\x00\x00" >&3
    h="$(dd bs=1 count=16 <&3 2>/dev/null | od -An -tx1 | tr -d " \n")"
    printf "%s" "$h"
    # drain the rest of the reply (length is little-endian int32) so the
    # server does not log a connection reset
    n=$((16#${h:6:2}${h:4:2}${h:2:2}${h:0:2} - 16))
    if ((n > 0 && n < 65536)); then dd bs=1 count="$n" <&3 >/dev/null 2>&1; fi
  ' "$1" "$2" 2>/dev/null)" || return 1
  # bytes 8..11 responseTo == 0x2a, bytes 12..15 opCode == 1 (OP_REPLY)
  [[ "${out:16:16}" == "2a00000001000000" ]]
}

# stop_pid NAME PIDFILE MATCH SIGNAL TIMEOUT: stop our process and wait for it.
STOPPED=0
stop_pid() {
  STOPPED=0
  local name=$1 pidfile=$2 match=$3 sig=$4 timeout=$5 pid start
  pid="$(read_pid "$pidfile")"
  if [[ -z "$pid" ]]; then
    say "$name is not running (no pid file $pidfile)"
    return 0
  fi
  if ! pid_cmdline_has "$pid" "$match"; then
    say "$name is not running (stale pid file, pid $pid)"
    rm -f "$pidfile"
    return 0
  fi
  start="$(now)"
  say "stopping $name (pid $pid, SIG$sig)"
  kill -s "$sig" "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + timeout))
  while pid_alive "$pid"; do
    if ((SECONDS >= deadline)); then
      warn "$name did not exit within ${timeout}s; sending SIGKILL"
      kill -s KILL "$pid" 2>/dev/null || true
      deadline=$((SECONDS + 30))
      timeout=30
    fi
    sleep 0.1
  done
  rm -f "$pidfile"
  STOPPED=1
  say "$name stopped in $(elapsed "$start")s"
}

# parse_args HELP_LINES FLAG [ARG...]: the command line of a service script,
# which takes one FLAG (e.g. --fresh) besides -h/--help. Sets FLAG_GIVEN=1 if
# FLAG is among the ARGs; --help prints lines HELP_LINES (a sed range, e.g.
# 2,20) of the script's header comment and exits 0; anything else dies.
FLAG_GIVEN=0
parse_args() {
  local lines=$1 flag=$2 arg
  shift 2
  FLAG_GIVEN=0
  for arg in "$@"; do
    case "$arg" in
    "$flag") FLAG_GIVEN=1 ;;
    -h | --help)
      sed -n "${lines}p" "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown argument: $arg (try --help)" ;;
    esac
  done
}

# --- starting a service -------------------------------------------------------
# A <svc>-start.sh sets SVC_NAME (Kafka, FerretDB), HOST, PORT, PID_FILE,
# LOG_FILE, MATCH (a string on our process's command line), FRESH,
# STOP_TIMEOUT and START_TIMEOUT, then calls begin_start; if that leaves PID
# empty it installs and calls launch, else it sets TS; last, wait_ready.

# begin_start PROBE SERVER NOT_SERVER PORT_VAR: set T0, take the service lock
# and set PID to our running process, or empty (a stale pid file is removed);
# with FRESH our process is stopped first. If HOST:PORT answers PROBE, that
# server is reused and the script exits 0; if the port is held by something
# else, it dies. SERVER and NOT_SERVER name what does and does not answer
# ("a Kafka broker", "something that is not a Kafka broker") and PORT_VAR the
# environment variable that moves the port.
begin_start() {
  local probe=$1 server=$2 not_server=$3 port_var=$4
  T0="$(now)"
  take_lock "$SVC"

  PID="$(read_pid "$PID_FILE")"
  if [[ -n "$PID" ]] && ! pid_cmdline_has "$PID" "$MATCH"; then
    rm -f "$PID_FILE"
    PID=""
  fi

  if ((FRESH)) && [[ -n "$PID" ]]; then
    say "--fresh: stopping the running $SVC_NAME first"
    stop_pid "$SVC_NAME" "$PID_FILE" "$MATCH" TERM "$STOP_TIMEOUT"
    PID=""
  fi

  if port_open "$HOST" "$PORT"; then
    if ((FRESH)); then
      die "--fresh given but $HOST:$PORT is held by a server not started by this script; stop it first"
    fi
    if "$probe" "$HOST" "$PORT"; then
      if [[ -n "$PID" ]]; then
        say "already running (pid $PID) on $HOST:$PORT; reusing it"
      else
        say "$server not started by this script already answers on $HOST:$PORT; reusing it"
      fi
      exit 0
    fi
    if [[ -z "$PID" ]]; then
      die "port $HOST:$PORT is in use by $not_server; free it or set $port_var"
    fi
    # Our process holds the port but is not answering yet: the caller waits.
  fi
}

# launch VERSION CMD...: start CMD (SVC_NAME VERSION) in its own session
# without the lock fd, output appended to LOG_FILE after a header line; sets
# PID and writes PID_FILE.
launch() {
  printf '\n===== %s %s: starting %s %s =====\n' "$(date -Is)" "${0##*/}" "$SVC_NAME" "$1" >>"$LOG_FILE"
  shift
  setsid "$@" </dev/null >>"$LOG_FILE" 2>&1 9>&- &
  PID=$!
  echo "$PID" >"$PID_FILE"
}

# wait_ready TAIL_LINES INTERVAL WHERE READY...: run the command READY... every
# INTERVAL seconds until it succeeds, then say the service is ready WHERE, with
# the time since TS (start) and T0 (total). Dies, showing the last TAIL_LINES
# of LOG_FILE, if PID exits or START_TIMEOUT passes first.
wait_ready() {
  local lines=$1 interval=$2 where=$3
  shift 3
  local deadline=$((SECONDS + START_TIMEOUT))
  while :; do
    if ! pid_alive "$PID"; then
      rm -f "$PID_FILE"
      tail -n "$lines" "$LOG_FILE" >&2 || true
      die "$SVC_NAME exited during startup (log: $LOG_FILE)"
    fi
    if "$@"; then
      break
    fi
    if ((SECONDS >= deadline)); then
      tail -n "$lines" "$LOG_FILE" >&2 || true
      die "$SVC_NAME not ready after ${START_TIMEOUT}s (pid $PID still running; log: $LOG_FILE)"
    fi
    sleep "$interval"
  done
  say "ready $where (pid $PID): start took $(elapsed "$TS")s, total $(elapsed "$T0")s; log $LOG_FILE"
}

# --- stopping a service -------------------------------------------------------

# stop_service NAME MATCH SIGNAL TIMEOUT PORT: take the service lock, stop our
# process (see stop_pid; pid file $RUN_DIR/$SVC.pid) and make sure
# 127.0.0.1:PORT is released before returning (a quick restart follows in
# tests); something we did not start that holds the port is left alone.
stop_service() {
  local name=$1 match=$2 sig=$3 timeout=$4 port=$5
  take_lock "$SVC"
  stop_pid "$name" "$RUN_DIR/$SVC.pid" "$match" "$sig" "$timeout"
  local deadline=$((SECONDS + 15))
  while port_open 127.0.0.1 "$port"; do
    if ((!STOPPED || SECONDS >= deadline)); then
      warn "something not started by $SVC-start.sh still listens on 127.0.0.1:$port; left alone"
      break
    fi
    sleep 0.1
  done
}
