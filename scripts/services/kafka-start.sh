#!/usr/bin/env bash
# Install (once) and start a single-node Apache Kafka broker in KRaft mode
# (combined broker + controller) on 127.0.0.1, without Docker.
#
# Usage: scripts/services/kafka-start.sh [--fresh]
#   --fresh   wipe the data directory (topics, offsets) before starting
#
# Environment:
#   SERVICES_HOME          cache/data/log root (default ~/.cache/chat-services)
#   KAFKA_VERSION          broker version from Maven Central (default 3.9.2)
#   KAFKA_PORT             client listener port (default 9092)
#   KAFKA_CONTROLLER_PORT  KRaft controller port (default 9093)
#   KAFKA_HEAP_OPTS        JVM heap flags (default "-Xms256m -Xmx512m")
#   KAFKA_START_TIMEOUT    seconds to wait for readiness (default 120)
#   JAVA_HOME / java on PATH (Java 11+; 17 tested)
#
# Idempotent: if our broker is already running it is reused; if another Kafka
# already answers on the port it is reused too; if some other program holds
# the port, this fails with a clear message.
set -euo pipefail

SVC=kafka
# shellcheck source-path=SCRIPTDIR source=_common.sh
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

FRESH=0
for arg in "$@"; do
  case "$arg" in
  --fresh) FRESH=1 ;;
  -h | --help)
    sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *) die "unknown argument: $arg (try --help)" ;;
  esac
done

KAFKA_VERSION="${KAFKA_VERSION:-3.9.2}"
SCALA_VERSION="2.13"
HOST=127.0.0.1
PORT="${KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"

KAFKA_HOME="$SERVICES_HOME/kafka-$KAFKA_VERSION"
LIBS="$KAFKA_HOME/libs"
CONF_DIR="$SERVICES_HOME/kafka-config"
DATA_DIR="$SERVICES_HOME/kafka-data"
PID_FILE="$RUN_DIR/kafka.pid"
LOG_FILE="$LOG_DIR/kafka.log"
# Marker placed on the java command line so we recognise our own process.
MARK="-Dchat.services=kafka"

T0="$(now)"
take_lock kafka

# --- already running? -------------------------------------------------------
PID="$(read_pid "$PID_FILE")"
if [[ -n "$PID" ]] && ! pid_cmdline_has "$PID" "$MARK"; then
  rm -f "$PID_FILE"
  PID=""
fi

if ((FRESH)) && [[ -n "$PID" ]]; then
  say "--fresh: stopping the running Kafka first"
  stop_pid Kafka "$PID_FILE" "$MARK" TERM "${KAFKA_STOP_TIMEOUT:-60}"
  PID=""
fi

if port_open "$HOST" "$PORT"; then
  if ((FRESH)); then
    die "--fresh given but $HOST:$PORT is held by a server not started by this script; stop it first"
  fi
  if kafka_probe "$HOST" "$PORT"; then
    if [[ -n "$PID" ]]; then
      say "already running (pid $PID) on $HOST:$PORT; reusing it"
    else
      say "a Kafka broker not started by this script already answers on $HOST:$PORT; reusing it"
    fi
    exit 0
  fi
  if [[ -z "$PID" ]]; then
    die "port $HOST:$PORT is in use by something that is not a Kafka broker; free it or set KAFKA_PORT"
  fi
  # Our process holds the port but is not answering yet: fall through and wait.
fi

if [[ -z "$PID" ]]; then
  if port_open "$HOST" "$CONTROLLER_PORT"; then
    die "controller port $HOST:$CONTROLLER_PORT is in use by another program; free it or set KAFKA_CONTROLLER_PORT"
  fi

  # --- java -----------------------------------------------------------------
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
    JAVA="$JAVA_HOME/bin/java"
  else
    JAVA="$(command -v java || true)"
  fi
  [[ -n "$JAVA" ]] || die "java not found (install a JDK/JRE 11+ or set JAVA_HOME)"
  JAVA_MAJOR="$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([0-9]*\)\(\.[0-9]*\)*.*".*/\1/p' | head -n1)"
  if [[ "$JAVA_MAJOR" == "1" ]] || { [[ -n "$JAVA_MAJOR" ]] && ((JAVA_MAJOR < 11)); }; then
    die "Kafka $KAFKA_VERSION needs Java 11+, found: $("$JAVA" -version 2>&1 | head -n1)"
  fi

  # --- install jars from Maven Central (once) -------------------------------
  if [[ ! -f "$LIBS/.complete" ]]; then
    command -v mvn >/dev/null 2>&1 || die "mvn (Apache Maven) not found; it is needed once to download the Kafka jars"
    TI="$(now)"
    say "installing Kafka $KAFKA_VERSION (kafka_$SCALA_VERSION + runtime deps) from Maven Central into $LIBS"
    STAGE="$KAFKA_HOME/stage.$$"
    rm -rf "$STAGE"
    mkdir -p "$STAGE"
    cat >"$STAGE/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.chat-services</groupId>
  <artifactId>kafka-broker-libs</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_$SCALA_VERSION</artifactId>
      <version>$KAFKA_VERSION</version>
    </dependency>
    <!-- kafka_2.13's pom declares slf4j-api only; the distribution ships a reload4j binding -->
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-reload4j</artifactId>
      <version>1.7.36</version>
    </dependency>
    <dependency>
      <groupId>ch.qos.reload4j</groupId>
      <artifactId>reload4j</artifactId>
      <version>1.2.25</version>
    </dependency>
  </dependencies>
</project>
EOF
    if ! mvn -B -q -f "$STAGE/pom.xml" \
      org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$STAGE/libs" >"$STAGE/mvn.log" 2>&1; then
      tail -n 40 "$STAGE/mvn.log" >&2
      die "Maven could not download Kafka $KAFKA_VERSION (full log: $STAGE/mvn.log)"
    fi
    ls "$STAGE/libs/kafka_$SCALA_VERSION-$KAFKA_VERSION.jar" >/dev/null 2>&1 ||
      die "kafka_$SCALA_VERSION-$KAFKA_VERSION.jar missing after download (see $STAGE/mvn.log)"
    rm -rf "$LIBS"
    mv "$STAGE/libs" "$LIBS"
    touch "$LIBS/.complete"
    rm -rf "$STAGE"
    say "installed $(find "$LIBS" -name '*.jar' | wc -l) jars in $(elapsed "$TI")s"
  fi

  # --- config ---------------------------------------------------------------
  if ((FRESH)); then
    say "--fresh: wiping $DATA_DIR"
    rm -rf "$DATA_DIR"
  fi
  mkdir -p "$CONF_DIR" "$DATA_DIR"

  cat >"$CONF_DIR/server.properties" <<EOF
# Generated by scripts/services/kafka-start.sh; rewritten on every start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA_DIR

# single node
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
default.replication.factor=1
min.insync.replicas=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
delete.topic.enable=true
num.partitions=3

# fast restarts: after a crash (kafka-stop.sh --kill) the controller refuses the
# new broker incarnation until the old session expires (default 9 s)
broker.heartbeat.interval.ms=500
broker.session.timeout.ms=3000

# small machine
num.network.threads=3
num.io.threads=4
num.recovery.threads.per.data.dir=2
log.cleaner.threads=1
log.cleaner.dedupe.buffer.size=16777216
log.retention.hours=24
log.segment.bytes=268435456
EOF

  cat >"$CONF_DIR/log4j.properties" <<EOF
# Generated by scripts/services/kafka-start.sh
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=$LOG_FILE
log4j.appender.file.Append=true
log4j.appender.file.MaxFileSize=50MB
log4j.appender.file.MaxBackupIndex=2
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka=INFO
log4j.logger.org.apache.kafka=INFO
log4j.logger.kafka.request.logger=WARN
log4j.logger.kafka.controller=INFO
log4j.logger.kafka.log.LogCleaner=INFO
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.authorizer.logger=WARN
EOF

  # shellcheck disable=SC2206
  JVM_OPTS=($HEAP_OPTS -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20
    -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
    "-Dlog4j.configuration=file:$CONF_DIR/log4j.properties" "-Dkafka.logs.dir=$LOG_DIR"
    "$MARK")

  # --- format storage (first start / after --fresh) -------------------------
  if [[ ! -f "$DATA_DIR/meta.properties" ]]; then
    CLUSTER_ID="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
    say "formatting KRaft storage in $DATA_DIR (cluster id $CLUSTER_ID)"
    if ! "$JAVA" -Xmx256m "-Dlog4j.configuration=file:$CONF_DIR/log4j.properties" \
      -cp "$LIBS/*" kafka.tools.StorageTool format --ignore-formatted \
      -t "$CLUSTER_ID" -c "$CONF_DIR/server.properties" >>"$LOG_FILE" 2>&1; then
      tail -n 30 "$LOG_FILE" >&2
      die "kafka-storage format failed (see $LOG_FILE)"
    fi
  fi

  # --- launch ---------------------------------------------------------------
  LOG_OFFSET=0
  [[ -f "$LOG_FILE" ]] && LOG_OFFSET="$(stat -c %s "$LOG_FILE")"
  TS="$(now)"
  say "starting Kafka $KAFKA_VERSION on $HOST:$PORT (controller $HOST:$CONTROLLER_PORT, data $DATA_DIR)"
  printf '\n===== %s kafka-start.sh: starting Kafka %s =====\n' "$(date -Is)" "$KAFKA_VERSION" >>"$LOG_FILE"
  setsid "$JAVA" "${JVM_OPTS[@]}" -cp "$LIBS/*" kafka.Kafka "$CONF_DIR/server.properties" \
    </dev/null >>"$LOG_FILE" 2>&1 9>&- &
  PID=$!
  echo "$PID" >"$PID_FILE"
else
  LOG_OFFSET=0
  TS="$(now)"
  say "our broker (pid $PID) is starting; waiting for it"
fi

# --- wait until ready ---------------------------------------------------------
deadline=$((SECONDS + START_TIMEOUT))
started_line=0
while :; do
  if ! pid_alive "$PID"; then
    rm -f "$PID_FILE"
    tail -n 40 "$LOG_FILE" >&2 || true
    die "Kafka exited during startup (log: $LOG_FILE)"
  fi
  if ((!started_line)) && tail -c +"$((LOG_OFFSET + 1))" "$LOG_FILE" 2>/dev/null | grep -q "Kafka Server started"; then
    started_line=1
  fi
  if ((started_line)) && kafka_probe "$HOST" "$PORT" && kafka_warm_probe "$HOST" "$PORT"; then
    break
  fi
  if ((SECONDS >= deadline)); then
    tail -n 40 "$LOG_FILE" >&2 || true
    die "Kafka not ready after ${START_TIMEOUT}s (pid $PID still running; log: $LOG_FILE)"
  fi
  sleep 0.2
done

say "ready on $HOST:$PORT (pid $PID): start took $(elapsed "$TS")s, total $(elapsed "$T0")s; log $LOG_FILE"
