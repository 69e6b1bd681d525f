#!/usr/bin/env bash
# Streaming benchmarks: every row of docs/streaming-benchmarks.md, side by side with the peers in
# ../shared/peers (a bare Node `ws` server and Socket.IO, driven by the same generator).
#
#   load-tests/streaming-benchmarks.sh [idle|peers|compression|batching|all]   (default: all)
#
# Needs the jar (./mvnw -B -DskipTests package), a JDK >= 21 (JAVA_HOME or the Temurin beside the
# default one), Node 20+ and the peers folder (PEERS=…, default ../shared/peers). Prints one line per
# row; the server's CPU per delivered message is the figure to compare, since the generator shares
# the machine's cores.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}   # also for the peers' script
JAVA="$JAVA_HOME/bin/java"
PEERS=${PEERS:-../shared/peers}
WHAT=${1:-all}
PORT=3100
SECRET=side-by-side-secret-0123456789abcdef0123
WORK=$(mktemp -d)
cp target/neuroquantum.jar "$WORK/server.jar"   # the server keeps running while the jar may be rebuilt
[ -d "$PEERS/node_modules" ] || (cd "$PEERS" && npm ci --no-audit --no-fund >/dev/null)
SERVER=
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT

# start_server CONF [ANONYMOUS]: the project's server on $PORT with the benchmark configuration
start_server() {
  (cd "$WORK" && NQ_HTTP_PORT=$PORT NQ_AUTH_JWT_SECRET=$SECRET NQ_AUTH_ANONYMOUS=${2:-false} \
    exec "$JAVA" -Xms1g -Xmx2g -jar server.jar serve --conf "$1" > server.log 2>&1) &
  SERVER=$!
  for _ in $(seq 1 90); do curl -sf "localhost:$PORT/health" > /dev/null && return; sleep 0.5; done
  echo "server did not start"; cat "$WORK/server.log"; exit 1
}
stop_server() { kill $SERVER; wait $SERVER 2>/dev/null || true; SERVER=; }
conf() {   # conf NAME JSON-OVERRIDES: the benchmark configuration with overrides, as a file
  python3 -c "import json,sys; a=json.load(open('load-tests/bench-server.json')); b=json.loads(sys.argv[1])
def merge(x,y):
  for k,v in y.items(): x[k]=merge(x.get(k,{}),v) if isinstance(v,dict) else v
  return x
json.dump(merge(a,b),open(sys.argv[2],'w'))" "$2" "$WORK/$1.json"
  echo "$WORK/$1.json"
}
generator() {   # the peers' generator against the project's server (browser-like clients unless --deflate off)
  node --experimental-websocket "$PEERS/fanout.mjs" --proto nq --port $PORT --secret $SECRET --pid $SERVER "$@" 2>/dev/null
}
bench_ws() {    # the project's own Java client
  "$JAVA" -jar "$WORK/server.jar" bench ws --url "ws://127.0.0.1:$PORT/ws" --server-pid $SERVER --json "$@" 2>/dev/null
}
memory_kb() {   # live heap (after a full GC) plus Netty's and the JVM's direct memory, in KB
  local heap direct netty
  heap=$("$JAVA_HOME/bin/jmap" -histo:live $SERVER | awk '/^Total/ {print $3}')
  direct=$(curl -s "localhost:$PORT/metrics" | awk '/^jvm_buffer_memory_used_bytes\{id="direct"/ {print $2}')
  netty=$(curl -s "localhost:$PORT/metrics" | awk '/^nq_netty_direct_memory_bytes / {print $2}')
  python3 -c "print(int(($heap + float('${direct:-0}') + float('${netty:-0}')) / 1024))"
}

if [ "$WHAT" = all ] || [ "$WHAT" = idle ]; then
  echo "== memory per idle connection (10 000 connections, no subscription)"
  start_server "$(conf idle '{"metrics": {"access": "open"}}')" true
  BASE=$(memory_kb)
  bench_ws --connections 10000 --rate 0 --duration 40 > /dev/null &
  CLIENT=$!
  for _ in $(seq 1 120); do
    [ "$(curl -s "localhost:$PORT/metrics" | awk '/^nq_ws_connections / {print int($2)}')" = 10000 ] && break; sleep 0.5
  done
  LOADED=$(memory_kb)
  echo "heap+direct before: ${BASE} KB, with 10 000 connections: ${LOADED} KB, per connection: $(( (LOADED - BASE) * 1024 / 10000 )) bytes"
  wait $CLIENT || true
  stop_server
fi

if [ "$WHAT" = all ] || [ "$WHAT" = peers ]; then
  for run in "1000 100 10" "1000 100 10 --deflate off" "10000 10 10"; do
    echo "== side by side: $run (clients rate seconds)"
    "$PEERS/side-by-side.sh" $run   # runs target/neuroquantum.jar: do not rebuild meanwhile
  done
fi

if [ "$WHAT" = all ] || [ "$WHAT" = compression ]; then
  echo "== compression configured, browser-like clients, 1000 x 100 msg/s (messages of ~170 bytes)"
  for c in '{"enabled": true, "min_bytes": 1024}' '{"enabled": true, "min_bytes": 0}'; do
    start_server "$(conf deflate "{\"http\": {\"websocket_compression\": $c}}")"
    echo "websocket_compression $c: $(generator --clients 1000 --rate 100 --seconds 10)"
    stop_server
  done
fi

if [ "$WHAT" = all ] || [ "$WHAT" = batching ]; then
  echo "== the project's client (bench ws), 1000 x 100 msg/s: plain, offering deflate, batching with a write delay"
  start_server "$PWD/load-tests/bench-server.json" true
  bench_ws --connections 1000 --rate 100 --duration 10 > /dev/null   # warm-up
  for args in "" "--deflate" "--batch-delay-ms 20" "--batch-delay-ms 50" "--batch-delay-ms 100"; do
    echo "bench ws ${args:-(plain)}: $(bench_ws --connections 1000 --rate 100 --duration 10 $args)"
  done
  stop_server
fi
