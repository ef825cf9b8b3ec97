#!/usr/bin/env bash
# Detections per ATT&CK technique folder of the EVTX attack corpus, with the bundled rules.
# Prints a Markdown table: folder, files, detections, distinct rules.
# Usage: patou-bench/scripts/hunt/hunt-per-folder.sh [extra hunt options]
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
corpus="$(cd "$root/../shared/data/evtx/evtx-to-mitre-attack" 2>/dev/null && pwd)" || corpus=""
[ -n "$corpus" ] && [ -d "$corpus" ] || { echo "hunt-per-folder: no corpus at $corpus" >&2; exit 2; }
out="$(mktemp)"
"$root/patou" hunt "$corpus" --format jsonl --quiet "$@" >"$out" || true
python3 - "$corpus" "$out" <<'PY'
import json, os, sys, collections
corpus, out = sys.argv[1], sys.argv[2]
files = collections.Counter(); det = collections.Counter(); rules = collections.defaultdict(set)
for dirpath, _, names in os.walk(corpus):
    for n in names:
        if n.endswith(".evtx"):
            rel = os.path.relpath(os.path.join(dirpath, n), corpus).split(os.sep)
            files[os.sep.join(rel[:2]) if len(rel) > 2 else rel[0]] += 1
for line in open(out, encoding="utf-8"):
    d = json.loads(line)
    p = os.path.abspath(d["log.file.path"])
    rel = os.path.relpath(p, corpus).split(os.sep)
    key = os.sep.join(rel[:2]) if len(rel) > 2 else rel[0]
    det[key] += 1; rules[key].add(d["rule"]["id"] or d["rule"]["title"])
print("| folder | files | detections | distinct rules |")
print("|---|---:|---:|---:|")
hit = 0
for k in sorted(files):
    hit += det[k] > 0
    print(f"| {k} | {files[k]} | {det[k]} | {len(rules[k])} |")
print(f"\n{hit} of {len(files)} folders with at least one detection; {sum(det.values())} detections in all.")
PY
