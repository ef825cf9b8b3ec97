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
. "$(dirname "$0")/../lib/java21.sh"
find_java21 bench-parse
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
