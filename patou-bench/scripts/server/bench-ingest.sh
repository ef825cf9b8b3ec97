#!/usr/bin/env bash
# Sustained syslog-over-TCP ingestion into patou serve with the full bundled SigmaHQ rule set.
# Usage: patou-bench/scripts/server/bench-ingest.sh [SECONDS] [RATE]   (defaults: 20 s, 10000 events/s)
# Prints: start time, phase 1 (saturation: events/s accepted, stored+checked), phase 2 (paced at
# RATE: p50/p99/max receipt->alert delay), phase 3 (offered twice phase 1's rate: heap after GC
# over time, which must stay flat). Server and senders share the machine's cores: on a
# 2-core box the figures are for 2 cores in all. Fixed seeds.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
here="$root/patou-app"
seconds="${1:-20}"
rate="${2:-10000}"
. "$(dirname "$0")/../lib/java21.sh"
find_java21 bench-ingest
cd "$root"
# In the reactor (no install): patou-core and patou-evtx resolve to their target/classes.
./mvnw -B -q -pl patou-app -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test >&2
cp="$here/target/test-classes:$here/target/classes:$(cat "$here/target/bench-cp.txt")"
echo "bench-ingest: $(nproc) CPUs, $java" >&2
exec "$java" -Xmx2g -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED ${BENCH_JAVA_OPTS:-} -cp "$cp" org.patou.server.BenchIngest "$root/rules/sigmahq" "$seconds" "$rate"
