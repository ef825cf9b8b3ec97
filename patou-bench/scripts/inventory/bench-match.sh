#!/usr/bin/env bash
# Matching benchmark: 10,000 installed packages against 200,000 generated OSV advisories (fixed seed).
# Usage: patou-bench/scripts/inventory/bench-match.sh [seed] [packages] [advisories] [rounds]
# Prints the seed, the JVM, parse time and the best of N match rounds (target < 2 s).
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
here="$root/patou-app"
. "$(dirname "$0")/../lib/java21.sh"
find_java21 bench-match
java_bin="$java"
cd "$root"
# In the reactor (no install into ~/.m2): patou-core resolves to its target/classes.
./mvnw -B -q -pl patou-app -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="$here/target/test-classes:$here/target/classes:$(cat "$here/target/bench.classpath")"
exec "$java_bin" -Xmx3g -XX:+UseParallelGC -cp "$cp" org.patou.vuln.bench.MatchBenchmark "$@"
