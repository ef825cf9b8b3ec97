#!/usr/bin/env bash
# Live inventory discovery cost on the pipeline thread: the real Zeek conn events of
# ../shared/data/zeek/stratosphere/008-zeek-mixed (ECS) x ROUNDS through InventoryDiscovery, commits
# every 1,000 events, database writes included; the peer in the same run is parsing the same JSON.
# Usage: patou-bench/scripts/inventory/bench-discovery.sh [ROUNDS]   (default 40: 226,800 events)
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
here="$root/patou-app"
. "$(dirname "$0")/../lib/java21.sh"
find_java21 bench-discovery
java_bin="$java"
cd "$root"
./mvnw -B -q -o -pl patou-app -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$here/target/bench-discovery.classpath" -Dmdep.includeScope=test >&2
cp="$here/target/test-classes:$here/target/classes:$(cat "$here/target/bench-discovery.classpath")"
exec "$java_bin" -Xmx2g -XX:+UseParallelGC -cp "$cp" org.patou.runtime.bench.DiscoveryBenchmark "$@"
