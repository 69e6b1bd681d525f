#!/usr/bin/env bash
# One node against three on loopback, same load (docs/cluster.md): `bench ws` subscribers spread
# over the nodes in turn, the publisher on the first; server CPU summed over all server JVMs.
#
#   load-tests/cluster-benchmark.sh [CONNECTIONS] [RATE] [SECONDS]     (default 1000 100 10)
#
# Needs the jar (./mvnw -B -DskipTests package) and a JDK >= 21.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
CONNECTIONS=${1:-1000}; RATE=${2:-100}; SECONDS_=${3:-10}
WORK=$(mktemp -d)
cp target/neuroquantum.jar "$WORK/server.jar"
cp load-tests/bench-server.json "$WORK/bench.json"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill $p 2>/dev/null || true; done; rm -rf "$WORK"' EXIT

# start NODE_INDEX NODES: one server; with NODES > 1 a member of a loopback cluster of NODES
start() {
  local i=$1 n=$2 members=""
  if [ "$n" -gt 1 ]; then
    for j in $(seq 0 $((n - 1))); do members+="${members:+,}127.0.0.1:$((27500 + j))"; done
  fi
  mkdir -p "$WORK/n$i"
  (cd "$WORK/n$i" && NQ_HTTP_PORT=$((3200 + i)) NQ_AUTH_ANONYMOUS=true NQ_CLUSTER_MEMBERS=$members \
    NQ_CLUSTER_PORT=$((27500 + i)) NQ_CLUSTER_NAME="bench-$n-$$" \
    exec "$JAVA" -Xms512m -Xmx1g -jar ../server.jar serve --conf ../bench.json > server.log 2>&1) &
  PIDS+=($!)
}
wait_up() { for _ in $(seq 1 240); do curl -sf "localhost:$1/health" > /dev/null && return; sleep 0.5; done; echo "no server on $1"; exit 1; }

run() {   # run NODES
  local n=$1 urls="" pids=""
  PIDS=()
  for i in $(seq 0 $((n - 1))); do start "$i" "$n"; done
  for i in $(seq 0 $((n - 1))); do wait_up $((3200 + i)); urls+="${urls:+,}ws://127.0.0.1:$((3200 + i))/ws"; done
  pids=$(IFS=,; echo "${PIDS[*]}")
  echo "== $n node(s): $CONNECTIONS subscribers x $RATE msg/s x $SECONDS_ s"
  "$JAVA" -jar "$WORK/server.jar" bench ws --url "$urls" --connections "$CONNECTIONS" --rate "$RATE" \
    --duration "$SECONDS_" --server-pid "$pids" --json
  for p in "${PIDS[@]}"; do kill $p; wait $p 2>/dev/null || true; done
  PIDS=()
}

run 1
run 3
