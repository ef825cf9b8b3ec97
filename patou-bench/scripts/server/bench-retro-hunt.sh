#!/usr/bin/env bash
# Retro-hunt speed: one rule translated to an index prefilter vs the same hunt scanning every
# stored event, on a store of EVENTS Windows events (synthetic Winlogbeat process creations,
# network connections and logons, with SigmaHQ's regression records spread through them), and the
# whole bundled SigmaHQ rule set in one scan.
# Usage: patou-bench/scripts/server/bench-retro-hunt.sh [EVENTS] [RULES_HUNTED]  (defaults: 200000, 40)
# Prints: store build time; translated hunts (mean/median/max ms, events read per hunt); full-scan
# hunts (mean ms); the speed-up ratio; the whole-rule-set scan (ms, events/s). Fixed seed.
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
here="$root/patou-app"
events="${1:-200000}"
hunted="${2:-40}"
regression="$root/../shared/data/sigma/regression/regression_data"
if [ ! -d "$regression" ]; then echo "bench-retro-hunt: $regression is missing (../shared/data)" >&2; exit 2; fi
. "$(dirname "$0")/../lib/java21.sh"
find_java21 bench-retro-hunt
cd "$root"
# In the reactor (no install): patou-core resolves to its target/classes.
./mvnw -B -q -pl patou-app -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test >&2
cp="$here/target/test-classes:$here/target/classes:$(cat "$here/target/bench-cp.txt")"
echo "bench-retro-hunt: $(nproc) CPUs, $java" >&2
exec "$java" -Xmx2g -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED -cp "$cp" org.patou.runtime.BenchRetroHunt \
  "$root/rules/sigmahq" "$regression" "$events" "$hunted"
