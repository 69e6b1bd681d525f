#!/usr/bin/env bash
# Measures the command line's first solve against a warm one, with and without the AOT cache
# (target/neuroquantum.aot, made by ./mvnw package on JDK 25+), modes interleaved so that the load of
# a shared machine hits them alike:
#   bin/first-solve-benchmark.sh [rounds]        (default 5)
#   MODES="plain aot eager" BEFORE=/path/to/older/checkout bin/first-solve-benchmark.sh 5
# Modes: plain (java -jar, no cache), aot (the cache, as bin/nq runs it), eager (the cache and
# -XX:+AOTCompileEagerly), before (the cache and jar under $BEFORE/target, to compare two builds).
# Per case, mode and round one JVM runs the solve 5 times (bin/probe/…/RepeatedSolve.java): run 1 is
# the first solve, the median of runs 3–5 the warm one. Prints medians over the rounds of ns per
# spin-update attempt as the CLI reports it (wall time of the sampling), of process CPU time per
# attempt (JIT threads included; a loaded machine inflates it less), and the wall time of a short
# whole `solve` process; and the load average before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
JAVAC="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/javac"
ROUNDS="${1:-5}"
MODES=(${MODES:-plain aot eager})
[ -n "${BEFORE:-}" ] && MODES+=(before)
[ -f target/neuroquantum.aot ] || { echo "no target/neuroquantum.aot: ./mvnw -B -DskipTests package on JDK 25+" >&2; exit 1; }
PROBE=target/probe
mkdir -p "$PROBE"
"$JAVAC" -cp target/neuroquantum.jar -d "$PROBE" bin/probe/io/neuroquantum/cli/RepeatedSolve.java
G=src/test/resources/instances/gset
declare -A CASES=(
  [G1-sa]="solve --problem maxcut --input $G/G1 --sweeps 1000 --reads 64 --threads 1 --seed 1 --json"
  [G11-pt]="solve --problem maxcut --input $G/G11 --solver pt --sweeps 200 --threads 1 --seed 1 --json"
)
SHORT="solve --problem maxcut --input $G/G11 --solver pt --sweeps 50 --seed 1 --json"
jvm() {   # mode → java and flags, one per line
  local home=. log=(-Xlog:disable -Xlog:all=warning:stderr)
  case "$1" in
    plain) printf '%s\n' "$JAVA"; return ;;
    before) home="$BEFORE" ;;
  esac
  printf '%s\n' "$JAVA" -XX:AOTCache="$home/target/neuroquantum.aot" "${log[@]}"
  [ "$1" = eager ] && printf '%s\n' -XX:+UnlockExperimentalVMOptions -XX:+AOTCompileEagerly
  return 0
}
jar() { [ "$1" = before ] && echo "$BEFORE/target/neuroquantum.jar" || echo target/neuroquantum.jar; }
out=$(mktemp -d)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 0; r < ROUNDS; r++)); do
  for c in "${!CASES[@]}"; do
    for m in "${MODES[@]}"; do
      mapfile -t cmd < <(jvm "$m")
      # shellcheck disable=SC2086
      "${cmd[@]}" -cp "$(jar "$m"):$PROBE" io.neuroquantum.cli.RepeatedSolve 5 ${CASES[$c]} 2>/dev/null >> "$out/$c.$m"
    done
  done
  for m in "${MODES[@]}"; do
    mapfile -t cmd < <(jvm "$m")
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    "${cmd[@]}" -jar "$(jar "$m")" $SHORT > /dev/null 2>&1
    echo "$start $(date +%s.%N)" >> "$out/short.$m"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$out" "${MODES[@]}" <<'PY'
import os, statistics, sys
out, modes = sys.argv[1], sys.argv[2:]
med = statistics.median
for case in sorted({f.split('.')[0] for f in os.listdir(out)} - {'short'}):
    for m in modes:
        runs = [l.split() for l in open(f"{out}/{case}.{m}")]
        rounds = [runs[i:i + 5] for i in range(0, len(runs), 5)]
        first = [(float(r[0][3]), float(r[0][5])) for r in rounds]
        warm = [(med(float(x[3]) for x in r[2:]), med(float(x[5]) for x in r[2:])) for r in rounds]
        print(f"{case:<7} {m:<7} first {med(f[0] for f in first):6.2f} ns/update (cpu {med(f[1] for f in first):6.2f})"
              f"  warm {med(w[0] for w in warm):6.2f} (cpu {med(w[1] for w in warm):6.2f})  ({len(rounds)} rounds)")
for m in modes:
    walls = [float(b) - float(a) for a, b in (l.split() for l in open(f"{out}/short.{m}"))]
    print(f"short solve (G11 pt --sweeps 50, whole process) {m:<7} wall median {med(walls):5.2f} s ({len(walls)} runs)")
PY
rm -rf "$out"
