#!/usr/bin/env bash
# Sigma engine throughput: the SigmaHQ Windows rule set over the regression events, one thread.
# Prints events/s and bytes allocated per event (JMH -prof gc, gc.alloc.rate.norm).
# Usage: patou-bench/scripts/sigma/bench-sigma.sh [extra JMH args, e.g. -wi 1 -i 3]
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
./mvnw -B -q -DskipTests package -pl patou-bench -am
# The newest JDK >= 21: JAVA_HOME if it is one, else the newest under /usr/lib/jvm.
java_bin=""
for j in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV); do
  v="$("$j" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  if [ "${v%%.*}" -ge 21 ] 2>/dev/null; then java_bin="$j"; break; fi
done
[ -n "$java_bin" ] || { echo "bench-sigma: needs a JDK >= 21 (JAVA_HOME or /usr/lib/jvm)" >&2; exit 2; }
out="$(mktemp -d)"
"$java_bin" -cp "patou-bench/target/patou-bench.jar:patou-bench/target/lib/*" \
  -Dpatou.shared="$root/../shared" org.openjdk.jmh.Main SigmaBenchmark -prof gc \
  -rf json -rff "$out/result.json" "$@" | tee "$out/log.txt"
python3 - "$out/result.json" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1])):
    score = r["primaryMetric"]["score"]
    alloc = r["secondaryMetrics"].get("·gc.alloc.rate.norm", r["secondaryMetrics"].get("gc.alloc.rate.norm", {})).get("score")
    print(f"{r['benchmark']}: {score:,.0f} events/s on one thread; "
          f"{alloc if alloc is None else round(alloc)} bytes allocated per event; "
          f"JVM {r['jvm']} {r['jdkVersion']} {' '.join(r['jvmArgs'])}")
    print(f"target 100,000 events/s: {'met' if score >= 100000 else 'NOT met'} ({score/100000:.2f}x)")
PY
