#!/usr/bin/env bash
# Times EVTX readers on the same files in one run and prints records/s and ratios:
#   patou-evtx (org.patou.evtx.tools.Dump, JSON lines to /dev/null, 1 and 2 decoding threads),
#   evtx_dump (Rust evtx 0.12.2, ../shared/tools/evtx-rust, -o jsonl -t 1),
#   python-evtx (Debian python3-evtx, evtx_dump.py, XML; a time-capped subset),
#   @ts-evtx/core (npm, pinned, installed into a temp dir; JSON of its event objects).
#
# Usage: patou-bench/scripts/evtx/bench-evtx.sh [ROUNDS] [FILES...]
#   patou rows: "threads N" is one cold JVM (start-up and JIT included, like a CLI run); "C1 JIT"
#   the same with -XX:TieredStopAtLevel=1 -XX:+UseSerialGC (cheaper compilation for short runs);
#   "warm" times WARM_ROUNDS (default 20) passes after WARMUP (default 20) untimed ones, in-process.
#   ROUNDS (default 5): passes over the file set (one process per file for evtx_dump and
#   python-evtx, one process in all for patou-evtx and @ts-evtx/core, so start-up is paid once
#   there). `patou evtx dump` (the launcher) and @ts-evtx/core are also each run both ways, a
#   process per pass and one process for all passes, and compared like with like;
#   FILES default to the 40 largest .evtx under ../shared/data.
# Env: PY_CAP_S (default 60) caps python-evtx; TS_EVTX_VERSION (default 1.1.1).
# Output goes to /dev/null (python-evtx's to a file, to count its records).
# Wall-clock and CPU (user+sys) rates are both printed: on a shared machine wall time is noisy,
# CPU time measures the work. evtx_dump's figures have the start-up of an empty process
# (/bin/true, same loop) subtracted.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
SHARED=$(cd "$ROOT/../shared" 2>/dev/null && pwd || true)
[ -n "$SHARED" ] || { echo "needs ../shared beside $ROOT" >&2; exit 1; }
ROUNDS=${1:-5}
shift || true
WORK=$(mktemp -d /tmp/bench-evtx.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

if [ $# -gt 0 ]; then
  printf '%s\n' "$@" > "$WORK/files"
else
  find "$SHARED/data" -name '*.evtx' -printf '%s\t%p\n' | sort -rn | awk -F'\t' 'NR <= 40 { print $2 }' > "$WORK/files"
fi
mapfile -t FILES < "$WORK/files"

# --- patou classpath -------------------------------------------------------------------------
M2=${M2_REPO:-$HOME/.m2/repository}
if [ ! -d "$ROOT/patou-evtx/target/classes/org/patou/evtx/tools" ]; then
  (cd "$ROOT" && ./mvnw -B -o -q -pl patou-evtx compile)
fi
CORE_JAR="$M2/org/patou/patou-core/0.1.0-SNAPSHOT/patou-core-0.1.0-SNAPSHOT.jar"
[ -f "$CORE_JAR" ] || CORE_JAR=$(ls "$ROOT"/patou-core/target/patou-core-*.jar | head -1)
JACKSON=$(ls "$M2"/com/fasterxml/jackson/core/jackson-core/2.22.4/jackson-core-2.22.4.jar)
CP="$ROOT/patou-evtx/target/classes:$CORE_JAR:$JACKSON"
JAVA=${JAVA:-java}

TIMEFORMAT='%R %U %S'
# run NAME COMMAND... : times the command, stores wall and cpu seconds in $WALL $CPU
OUT="$WORK/out" # run's stdout; /dev/null where the reader reports its own count
run() {
  local t
  t=$( { time "$@" > "$OUT" 2> "$WORK/err"; } 2>&1 )
  WALL=$(awk '{print $1}' <<< "$t")
  CPU=$(awk '{print $2 + $3}' <<< "$t")
}
rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "n/a" }'; }

declare -A R_WALL R_CPU R_N
record() { R_N[$1]=$2; R_WALL[$1]=$(rate "$2" "$3"); R_CPU[$1]=$(rate "$2" "$4"); }

echo "files: ${#FILES[@]}, rounds: $ROUNDS, machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# --- patou ----------------------------------------------------------------------------------
# JSON lines go to /dev/null; Dump --stats reports the record count.
OUT=/dev/null
for t in 1 2; do
  run "$JAVA" -XX:+UseParallelGC -cp "$CP" org.patou.evtx.tools.Dump --threads "$t" --repeat "$ROUNDS" --stats "${FILES[@]}"
  n=$(grep 'records in' "$WORK/err" | tail -1 | awk '{print $1}')
  record "patou-evtx (threads $t)" "$n" "$WALL" "$CPU"
done
PATOU_N=${R_N["patou-evtx (threads 1)"]}
# Cold with the client-style JIT (C1 only): less compilation for short runs such as one dump.
run "$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$CP" org.patou.evtx.tools.Dump --threads 1 \
  --repeat "$ROUNDS" --stats "${FILES[@]}"
n=$(grep 'records in' "$WORK/err" | tail -1 | awk '{print $1}')
record "patou-evtx C1 JIT (threads 1)" "$n" "$WALL" "$CPU"
# The command line itself, through the launcher, as a responder would run it; compared with
# @ts-evtx/core run the same way (below): one process per pass (ROUNDS processes each), and one
# process for all passes (the file list given ROUNDS times).
if [ -x "$ROOT/patou" ]; then
  "$ROOT/patou" version > /dev/null 2>&1 || true # builds outside the timing
  # Its start-up archive, likewise: on JDK 25 the first run records, the second builds the AOT
  # cache in the background; wait for it.
  for _ in 1 2; do "$ROOT/patou" evtx dump "${FILES[0]}" > /dev/null 2>&1 || true; done
  for _ in $(seq 60); do
    compgen -G "$ROOT/patou-app/target/cds/evtx-*.aot.*" > /dev/null || break
    sleep 0.5
  done
  cli() { local r; for ((r = 0; r < ROUNDS; r++)); do "$ROOT/patou" evtx dump "${FILES[@]}"; done; }
  OUT=/dev/null
  run cli
  record "patou evtx dump (CLI, a process per pass)" "$PATOU_N" "$WALL" "$CPU"
  ALL=()
  for ((r = 0; r < ROUNDS; r++)); do ALL+=("${FILES[@]}"); done
  run "$ROOT/patou" evtx dump "${ALL[@]}"
  record "patou evtx dump (CLI, one process)" "$PATOU_N" "$WALL" "$CPU"
fi
# Warm: the same passes after WARMUP untimed ones in the same JVM (JIT compiled), timed inside.
WARMUP=${WARMUP:-20}
WARM_ROUNDS=${WARM_ROUNDS:-20}
for t in 1 2; do
  run "$JAVA" -XX:+UseParallelGC -cp "$CP" org.patou.evtx.tools.Dump --threads "$t" --warmup "$WARMUP" \
    --repeat "$WARM_ROUNDS" --stats "${FILES[@]}"
  line=$(grep 'records in' "$WORK/err" | tail -1)
  n=$(awk '{print $1}' <<< "$line")
  wall=$(awk '{print $4}' <<< "$line")
  cpu=$(awk '$10 == "CPU" {print $11; next} {print 0}' <<< "$line")
  record "patou-evtx warm (threads $t)" "$n" "$wall" "$cpu"
done

# --- evtx_dump (Rust) -----------------------------------------------------------------------
EVTX_DUMP="$SHARED/tools/evtx-rust/evtx_dump"
if [ -x "$EVTX_DUMP" ]; then
  loop() { local r f; for ((r = 0; r < ROUNDS; r++)); do for f in "${FILES[@]}"; do "$@" "$f"; done; done; }
  run loop /bin/true
  base_wall=$WALL base_cpu=$CPU
  run loop "$EVTX_DUMP" -o jsonl -t 1
  n=$PATOU_N # same files, same records (the patou-evtx tests assert equal counts per file)
  record "evtx_dump (Rust, -t 1)" "$n" "$(awk -v a="$WALL" -v b="$base_wall" 'BEGIN{print a-b}')" \
    "$(awk -v a="$CPU" -v b="$base_cpu" 'BEGIN{print a-b}')"
else
  echo "evtx_dump absent: skipped"
fi

# --- python-evtx ----------------------------------------------------------------------------
PY_DUMP=$(command -v evtx_dump.py || true)
if [ -z "$PY_DUMP" ] && command -v apt-get > /dev/null; then
  apt-get install -y python3-evtx > "$WORK/apt.log" 2>&1 || true
  PY_DUMP=$(command -v evtx_dump.py || true)
fi
if [ -n "$PY_DUMP" ]; then
  PY_CAP_S=${PY_CAP_S:-60}
  pyloop() {
    local f start=$SECONDS
    for f in "${FILES[@]}"; do
      (( SECONDS - start >= PY_CAP_S )) && break
      "$PY_DUMP" "$f"
    done
  }
  OUT="$WORK/out"
  run pyloop
  n=$(grep -c '</Event>' "$WORK/out" || true)
  OUT=/dev/null
  record "python-evtx (evtx_dump.py, capped ${PY_CAP_S}s)" "$n" "$WALL" "$CPU"
else
  echo "python-evtx absent and not installable: skipped"
fi

# --- @ts-evtx/core --------------------------------------------------------------------------
TS_VERSION=${TS_EVTX_VERSION:-1.1.1}
if command -v npm > /dev/null; then
  mkdir -p "$WORK/ts" && cp "$(dirname "$0")/ts-evtx-dump.mjs" "$WORK/ts/"
  if (cd "$WORK/ts" && npm init -y > /dev/null && npm install --no-audit --no-fund "@ts-evtx/core@$TS_VERSION" > "$WORK/npm.log" 2>&1); then
    OUT="$WORK/out"
    TS_ONE="@ts-evtx/core $TS_VERSION (node $(node --version), one process)"
    TS_PER="@ts-evtx/core $TS_VERSION (node $(node --version), a process per pass)"
    run node "$WORK/ts/ts-evtx-dump.mjs" "$ROUNDS" "${FILES[@]}"
    read -r n failed < "$WORK/out"
    record "$TS_ONE" "$n" "$WALL" "$CPU"
    [ "$failed" = 0 ] || echo "@ts-evtx/core failed on $failed file passes"
    tsloop() {
      local r n=0 k f
      for ((r = 0; r < ROUNDS; r++)); do
        node "$WORK/ts/ts-evtx-dump.mjs" 1 "${FILES[@]}" > "$WORK/ts.out"
        read -r k f < "$WORK/ts.out"
        n=$((n + k))
      done
      echo "$n"
    }
    run tsloop
    n=$(cat "$WORK/out")
    record "$TS_PER" "$n" "$WALL" "$CPU"
    OUT=/dev/null
  else
    echo "@ts-evtx/core could not be installed: skipped"
  fi
fi

# --- table ----------------------------------------------------------------------------------
P1_CPU=${R_CPU["patou-evtx warm (threads 1)"]}
P1_WALL=${R_WALL["patou-evtx warm (threads 1)"]}
C1_CPU=${R_CPU["patou-evtx (threads 1)"]}
printf '\n%-44s %8s %12s %12s %10s %10s %10s\n' reader records "rec/s wall" "rec/s cpu" "warm/x wall" "warm/x cpu" "cold/x cpu"
for k in "patou-evtx (threads 1)" "patou-evtx (threads 2)" "patou-evtx C1 JIT (threads 1)" \
         "patou evtx dump (CLI, a process per pass)" "patou evtx dump (CLI, one process)" \
         "patou-evtx warm (threads 1)" \
         "patou-evtx warm (threads 2)" "evtx_dump (Rust, -t 1)" \
         $(printf '%s\n' "${!R_N[@]}" | grep -E '^(python|@ts)' | tr ' ' '\001'); do
  k=${k//$'\001'/ }
  [ -n "${R_N[$k]:-}" ] || continue
  rw=$(awk -v a="$P1_WALL" -v b="${R_WALL[$k]}" 'BEGIN{ if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "n/a" }')
  rc=$(awk -v a="$P1_CPU" -v b="${R_CPU[$k]}" 'BEGIN{ if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "n/a" }')
  cc=$(awk -v a="$C1_CPU" -v b="${R_CPU[$k]}" 'BEGIN{ if (a + 0 > 0 && b + 0 > 0) printf "%.2f", a / b; else print "n/a" }')
  printf '%-44s %8s %12s %12s %10s %10s %10s\n' "$k" "${R_N[$k]}" "${R_WALL[$k]}" "${R_CPU[$k]}" "$rw" "$rc" "$cc"
done
# The command line against @ts-evtx/core run the same way (same processes, same passes each).
for pair in "patou evtx dump (CLI, a process per pass)|${TS_PER:-}" "patou evtx dump (CLI, one process)|${TS_ONE:-}"; do
  p=${pair%%|*} t=${pair#*|}
  [ -n "$t" ] && [ -n "${R_N[$p]:-}" ] && [ -n "${R_N[$t]:-}" ] || continue
  awk -v p="$p" -v pw="${R_WALL[$p]}" -v pc="${R_CPU[$p]}" -v tw="${R_WALL[$t]}" -v tc="${R_CPU[$t]}" \
    'BEGIN { printf "%s vs @ts-evtx/core run the same way: %.2fx wall, %.2fx cpu (target >= 3x)\n", p, pw / tw, pc / tc }'
done
echo "(records per pass: $((PATOU_N / ROUNDS)); warm/x and cold/x: patou-evtx single-thread rate over x's;"
echo " cpu = user+sys seconds of the process, or the main thread's CPU for the warm single-thread row)"
