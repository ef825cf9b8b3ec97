#!/usr/bin/env bash
# Parse-only cost per record of patou serve's RecordParser (no store, no rules): syslog sshd lines,
# a Winlogbeat-style JSON record, a real Zeek conn.log (TSV, with its header) and the Suricata EVE
# fixture. Best of 7 rounds per kind. Usage: patou-bench/scripts/parse/bench-parse.sh [TREE]
# TREE (default: this checkout) must have been compiled (./mvnw -o -pl patou-app -am test-compile);
# nothing is installed. Run it on two trees to compare them on the same machine, alternating.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
tree="${1:-$root}"
shared="${PATOU_SHARED:-$root/../shared}"
java=""
for j in "${JAVA_HOME:-}" /usr/lib/jvm/*; do
  if [ -n "$j" ] && [ -x "$j/bin/java" ]; then
    v="$("$j/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')"
    if [ "${v%%.*}" -ge 21 ] 2>/dev/null; then java="$j/bin/java"; break; fi
  fi
done
if [ -z "$java" ]; then echo "bench-parse: a JDK 21 or newer is needed" >&2; exit 2; fi
cd "$root"
./mvnw -B -q -o -pl patou-app dependency:build-classpath -Dmdep.outputFile="$root/patou-app/target/parse-bench-cp.txt" >&2
deps="$(tr ':' '\n' < "$root/patou-app/target/parse-bench-cp.txt" | grep -v '/org/patou/' | paste -sd:)"
cp="$tree/patou-app/target/classes:$tree/patou-core/target/classes:$tree/patou-evtx/target/classes:$deps"
args=("$shared/data/auth/crowdsec-hub-tests/tests/ssh-bf/ssh-bf.log")
if [ -f "$tree/patou-app/src/test/resources/parse/suricata/eve.json" ]; then
  args+=("$shared/data/zeek/stratosphere/011-zeek-mixed/data/conn.log.labeled" "$tree/patou-app/src/test/resources/parse/suricata/eve.json")
fi
echo "bench-parse: $tree, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), $java" >&2
exec "$java" -Xmx1g -cp "$cp" "$here/ParseBench.java" "${args[@]}"
