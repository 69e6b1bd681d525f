#!/usr/bin/env bash
# Measures the command line's first solve with and without the AOT cache (target/neuroquantum.aot,
# made by bin/aot-train.sh), interleaved so that the load of a shared machine hits both alike:
#   bin/first-solve-benchmark.sh [rounds] [instance...]
# prints, per instance and mode, the median ns per spin-update attempt of the solve (one thread)
# and the median wall time of the whole process.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JAR=target/neuroquantum.jar
AOT=target/neuroquantum.aot
ROUNDS="${1:-5}"
shift || true
INSTANCES=("$@")
if [ ${#INSTANCES[@]} -eq 0 ]; then
  INSTANCES=(src/test/resources/instances/gset/G1 src/test/resources/instances/gset/G11)
fi
[ -f "$AOT" ] || { echo "no $AOT: run bin/aot-train.sh first" >&2; exit 1; }
one() {   # mode instance → "ns wall"
  local flags=()
  # unified logging warns on stdout by default: send it to stderr, out of the JSON
  [ "$1" = aot ] && flags=(-XX:AOTCache="$AOT" -Xlog:disable -Xlog:all=warning:stderr)
  local start end out
  start=$(date +%s.%N)
  out=$("$JAVA" "${flags[@]}" -jar "$JAR" solve --problem maxcut --input "$2" --sweeps 1000 --reads 64 \
    --threads 1 --seed 1 --json 2>/dev/null)
  end=$(date +%s.%N)
  python3 -c 'import json,sys; print(json.loads(sys.argv[1])["stats"]["ns_per_spin_update"], float(sys.argv[3]) - float(sys.argv[2]))' \
    "$out" "$start" "$end"
}
for inst in "${INSTANCES[@]}"; do
  plain=(); aot=()
  for ((r = 0; r < ROUNDS; r++)); do
    plain+=("$(one plain "$inst")")
    aot+=("$(one aot "$inst")")
  done
  for mode in plain aot; do
    declare -n runs=$mode
    printf '%s\n' "${runs[@]}" | python3 -c '
import statistics, sys
rows = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
print(f"{sys.argv[1]:<8} {sys.argv[2]:<6} ns/update median {statistics.median(r[0] for r in rows):6.2f}  "
      f"wall median {statistics.median(r[1] for r in rows):5.2f} s  ({len(rows)} runs)")' "$(basename "$inst")" "$mode"
  done
done
