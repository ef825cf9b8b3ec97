#!/usr/bin/env bash
# End-to-end hunt throughput in bounded memory: the EVTX attack corpus copied until it weighs at
# least 1 GB, hunted with the full bundled rule set under -Xmx512m. Prints records, seconds,
# events/s, peak RSS and detections.
# Usage: patou-bench/scripts/hunt/bench-hunt-1gb.sh [target-MB (default 1024)] [work dir]
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
target_mb="${1:-1024}"
work="${2:-$(mktemp -d /tmp/patou-hunt-bench.XXXXXX)}"
corpus="$root/../shared/data/evtx"
[ -d "$corpus" ] || { echo "bench-hunt: no corpus at $corpus" >&2; exit 2; }

mkdir -p "$work/evtx"
have_mb=$(du -sm "$work/evtx" | cut -f1)
i=$(find "$work/evtx" -mindepth 1 -maxdepth 1 -type d -name 'copy-*' | wc -l) # continue after kept copies
while [ "$have_mb" -lt "$target_mb" ]; do
  i=$((i + 1))
  mkdir -p "$work/evtx/copy-$i"
  find "$corpus" -name '*.evtx' -print0 | while IFS= read -r -d '' f; do
    rel="${f#"$corpus"/}"
    cp "$f" "$work/evtx/copy-$i/$(echo "$rel" | tr '/ ' '__')"
  done
  have_mb=$(du -sm "$work/evtx" | cut -f1)
done
# Copies made by this run or kept in the work dir from an earlier one.
copies=$(find "$work/evtx" -mindepth 1 -maxdepth 1 -type d -name 'copy-*' | wc -l)
files=$(find "$work/evtx" -name '*.evtx' | wc -l)
echo "input: $files files, $have_mb MB under $work/evtx"

"$root/patou" version >/dev/null   # builds on first use
# A first hunt over one file, untimed: it fills the rule-document cache (~/.cache/patou/rules) and
# the launcher's class-data archive, as any earlier hunt on this machine would have. Set
# COLD_CACHE=1 to time a hunt that reads every rule's YAML instead.
if [ -z "${COLD_CACHE:-}" ]; then
  "$root/patou" hunt "$(find "$corpus" -name '*.evtx' | head -n 1)" --quiet --format jsonl >/dev/null 2>&1 || true
else
  export PATOU_JAVA_OPTS="-Dpatou.cache=off"
fi
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
PATOU_JAVA_OPTS="${PATOU_JAVA_OPTS:-} -Xmx512m" /usr/bin/time -v "$root/patou" hunt "$work/evtx" --format jsonl --quiet \
  >"$work/detections.jsonl" 2>"$work/stderr.txt" || true
end=$(date +%s.%N)
secs=$(echo "$end - $start" | bc -l)
records=$(find "$corpus" -name '*.evtx' -print0 | xargs -0 "$root/patou" evtx dump 2>/dev/null | wc -l)
total=$((records * copies))
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/stderr.txt")
cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$work/stderr.txt")
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "records: $total ($records per copy x $copies copies)"
printf 'wall: %.1f s; %.0f events/s end to end on %s cores; peak RSS %d MB; detections %d\n' \
  "$secs" "$(echo "$total / $secs" | bc -l)" "$(nproc)" "$((rss / 1024))" "$(wc -l <"$work/detections.jsonl")"
# CPU time: on a shared machine wall time depends on the other load; two cores' worth of CPU
# seconds is what the hunt would take alone on 2 cores if both stayed busy.
printf 'cpu: %.1f s user+sys; %.0f events per CPU second; %.0f events/s if 2 cores were all its own\n' \
  "$cpu" "$(echo "$total / $cpu" | bc -l)" "$(echo "2 * $total / $cpu" | bc -l)"
grep -v -E '^\s*(Command being timed|User time|System time|Percent|Elapsed|Average|Maximum|Major|Minor|Voluntary|Involuntary|Swaps|File system|Socket|Signals|Page size|Exit status)' "$work/stderr.txt" | tail -5 || true
