#!/usr/bin/env bash
# Streaming benchmarks on one machine: heap per idle connection, and fan-out throughput and latency.
# Usage: load-tests/streaming-benchmarks.sh [connections for the idle run, default 10000]
# Needs a built jar (./mvnw -B -DskipTests package) and a JDK >= 21 with jcmd.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
JCMD="$JAVA_HOME/bin/jcmd"
PORT=${PORT:-18181}
IDLE=${1:-10000}
WORK=$(mktemp -d)
cp target/neuroquantum.jar "$WORK/server.jar"   # the server keeps running while the jar may be rebuilt
cp target/neuroquantum.jar "$WORK/client.jar"
cp load-tests/bench-server.json "$WORK/"

start_server() {
  NQ_AUTH_ANONYMOUS=true NQ_HTTP_PORT=$PORT "$JAVA" -Xms1g -Xmx2g -XX:+UseG1GC -jar "$WORK/server.jar" serve --conf "$WORK/bench-server.json" \
    > "$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 50); do curl -sf "localhost:$PORT/health" > /dev/null && return; sleep 0.2; done
  echo "server did not start"; cat "$WORK/server.log"; exit 1
}
heap_used_kb() {   # heap in use after a full GC
  "$JCMD" "$SERVER" GC.run > /dev/null
  sleep 1
  "$JCMD" "$SERVER" GC.heap_info | awk '/garbage-first heap/ {for (i=1;i<=NF;i++) if ($i=="used") {gsub("K","",$(i+1)); print $(i+1)}}'
}
trap 'kill $SERVER 2>/dev/null || true' EXIT

echo "== idle connections: $IDLE"
start_server
BASE=$(heap_used_kb)
"$JAVA" -jar "$WORK/client.jar" bench ws --url "ws://127.0.0.1:$PORT/ws" --connections "$IDLE" --rate 0 --duration 25 \
  > "$WORK/idle.txt" 2>&1 &
CLIENT=$!
sleep 20
LOADED=$(heap_used_kb)
CONNS=$(curl -s "localhost:$PORT/metrics" | awk '/^nq_ws_connections / {print $2}')
wait $CLIENT || true
echo "heap before: ${BASE} KB, with ${CONNS} connections: ${LOADED} KB"
echo "heap per idle connection: $(( (LOADED - BASE) * 1024 / ${CONNS%.*} )) bytes"
kill $SERVER; wait $SERVER 2>/dev/null || true

for spec in "1000 20" "1000 50" "1000 100" "10000 2" "10000 5" "10000 10"; do
  set -- $spec
  echo "== fan-out: $1 subscribers, $2 messages/s for 20 s"
  start_server
  "$JAVA" -jar "$WORK/client.jar" bench ws --url "ws://127.0.0.1:$PORT/ws" --connections "$1" --rate "$2" --duration 20 \
    2> /dev/null | grep -E "received|delivered|latency"
  kill $SERVER; wait $SERVER 2>/dev/null || true
done
