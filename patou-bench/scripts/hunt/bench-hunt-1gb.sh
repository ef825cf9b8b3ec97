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
start=$(date +%s.%N)
PATOU_JAVA_OPTS="-Xmx512m" /usr/bin/time -v "$root/patou" hunt "$work/evtx" --format jsonl --quiet \
  >"$work/detections.jsonl" 2>"$work/stderr.txt" || true
end=$(date +%s.%N)
secs=$(echo "$end - $start" | bc -l)
records=$(find "$corpus" -name '*.evtx' -print0 | xargs -0 "$root/patou" evtx dump 2>/dev/null | wc -l)
total=$((records * copies))
rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/stderr.txt")
echo "records: $total ($records per copy x $copies copies)"
printf 'wall: %.1f s; %.0f events/s end to end on %s cores; peak RSS %d MB; detections %d\n' \
  "$secs" "$(echo "$total / $secs" | bc -l)" "$(nproc)" "$((rss / 1024))" "$(wc -l <"$work/detections.jsonl")"
grep -v -E '^\s*(Command being timed|User time|System time|Percent|Elapsed|Average|Maximum|Major|Minor|Voluntary|Involuntary|Swaps|File system|Socket|Signals|Page size|Exit status)' "$work/stderr.txt" | tail -5 || true
