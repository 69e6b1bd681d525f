#!/usr/bin/env bash
# The measurements behind load-tests/README.md ("Results"): fan-out latency against the publish rate
# and deliveries/s against subscribers for this server and the peers in ../shared/peers (one
# generator, fanout.mjs, for all three), and the reconnect storm's recovery time against clients
# (Gatling's ReconnectStormSimulation, this server only: the peers have no recovery). Each row
# records the machine's `uptime` load averages taken just before it ran. ~8 minutes.
#
#   load-tests/load-writeup.sh [fanout|storm|all]      then: python3 load-tests/plot-load.py
#
# Writes load-tests/results/fanout-steps.csv and load-tests/results/storm-steps.csv.
set -uo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
PEERS=${PEERS:-../shared/peers}
WHAT=${1:-all}
SECONDS_PER_STEP=${SECONDS_PER_STEP:-5}
SECRET=side-by-side-secret-0123456789abcdef0123
OUT=load-tests/results
WORK=$(mktemp -d)
cp "${JAR:-target/neuroquantum.jar}" "$WORK/server.jar" || exit 1   # JAR=… another build of the server
[ -d "$PEERS/node_modules" ] || (cd "$PEERS" && npm ci --no-audit --no-fund >/dev/null)
PID=
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT

load() { awk '{print $1" "$2" "$3}' /proc/loadavg; }
wait_http() { for _ in $(seq 90); do curl -sf "http://127.0.0.1:$1/health" >/dev/null && return; sleep 1; done; }
start() {   # start SERVER PORT: one of project | bare-ws | socketio
  case $1 in
    project) (cd "$WORK" && NQ_HTTP_PORT=$2 NQ_AUTH_JWT_SECRET=$SECRET NQ_AUTH_ANONYMOUS=true \
               exec "$JAVA" -Xms1g -Xmx2g -jar server.jar serve --conf "$OLDPWD/load-tests/bench-server.json" >server.log 2>&1) &
             PID=$!; wait_http "$2"; sleep 2 ;;
    bare-ws) node "$PEERS/raw-ws-server.cjs" "$2" >/dev/null 2>&1 & PID=$!; sleep 1 ;;
    socketio) node "$PEERS/sio-server.cjs" "$2" >/dev/null 2>&1 & PID=$!; sleep 1 ;;
  esac
}
stop() { kill $PID; wait $PID 2>/dev/null; PID=; }
gen() {   # gen SERVER PORT CLIENTS RATE: one JSON line from the peers' generator
  local proto=nq; [ "$1" = socketio ] && proto=sio
  node --experimental-websocket "$PEERS/fanout.mjs" --proto $proto --port "$2" --secret $SECRET --pid "$PID" \
    --clients "$3" --rate "$4" --seconds "$SECONDS_PER_STEP" 2>/dev/null
}

if [ "$WHAT" = fanout ] || [ "$WHAT" = all ]; then
  echo "server,step,clients,rate,delivered,expected,delivered_per_s,p50_ms,p99_ms,load1,load5,load15" > $OUT/fanout-steps.csv
  port=3200
  for server in project bare-ws socketio; do
    port=$((port + 1)); start $server $port
    # latency against load: 1000 subscribers, publish rate in steps
    for rate in 10 30 100; do
      l=$(load); j=$(gen $server $port 1000 $rate)
      echo "$server,rate,1000,$rate,$(echo "$j" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(",".join(str(d[k]) for k in ["delivered","expected","delivered_per_s","p50_ms","p99_ms"]))'),${l// /,}" | tee -a $OUT/fanout-steps.csv
    done
    # deliveries/s against subscribers, 20 messages/s
    for clients in 100 1000 3000; do
      l=$(load); j=$(gen $server $port $clients 20)
      echo "$server,clients,$clients,20,$(echo "$j" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(",".join(str(d[k]) for k in ["delivered","expected","delivered_per_s","p50_ms","p99_ms"]))'),${l// /,}" | tee -a $OUT/fanout-steps.csv
    done
    stop
  done
fi

if [ "$WHAT" = storm ] || [ "$WHAT" = all ]; then
  echo "clients,failed,recovered_p95_ms,load1,load5,load15" > $OUT/storm-steps.csv
  start project 3210
  for clients in 100 300 1000; do
    l=$(load)
    log=$(./mvnw -B -q -f load-tests/gatling/pom.xml gatling:test -Dport=3210 \
      -Dsimulation=io.neuroquantum.load.ReconnectStormSimulation -Dusers=$clients -Dramp=10 -Dseconds=25 \
      -Dchannel=custom:storm-$clients -DrecoverP95Ms=600000 2>&1)
    failed=$(echo "$log" | grep -o 'count of failed events is 0.0 : [a-z]*' | tail -1 | grep -q true && echo 0 || echo "some")
    p95=$(echo "$log" | grep -o 'recovered: 95th percentile.*actual : [0-9.]*' | tail -1 | grep -o '[0-9.]*$')
    echo "$clients,$failed,$p95,${l// /,}" | tee -a $OUT/storm-steps.csv
  done
  stop
fi
