#!/usr/bin/env bash
# Matching benchmark: 10,000 installed packages against 200,000 generated OSV advisories (fixed seed).
# Usage: patou-bench/scripts/inventory/bench-match.sh [seed] [packages] [advisories] [rounds]
# Prints the seed, the JVM, parse time and the best of N match rounds (target < 2 s).
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
here="$root/patou-app"
java_bin=""
for j in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  if [ -n "$j" ] && [ -x "$j/bin/java" ]; then
    v="$("$j/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
    if [ "${v%%.*}" -ge 21 ] 2>/dev/null; then java_bin="$j/bin/java"; break; fi
  fi
done
if [ -z "$java_bin" ]; then echo "bench-match: needs a JDK >= 21 (JAVA_HOME or /usr/lib/jvm/*)" >&2; exit 1; fi
cd "$root"
./mvnw -B -q -DskipTests install -pl patou-app -am
./mvnw -B -q -pl patou-app test-compile dependency:build-classpath -Dmdep.outputFile="$here/target/bench.classpath" -Dmdep.includeScope=test
cp="$here/target/test-classes:$here/target/classes:$(cat "$here/target/bench.classpath")"
exec "$java_bin" -Xmx3g -XX:+UseParallelGC -cp "$cp" org.patou.vuln.bench.MatchBenchmark "$@"
