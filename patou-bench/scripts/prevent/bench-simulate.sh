#!/usr/bin/env bash
# patou simulate throughput on a large sshd log, and fail2ban-regex on the same file when it is
# installed (or installable: apt-get install -y fail2ban), with the ratio.
#
# The log is built from the public sshd samples of crowdsecurity/hub (../shared/data/auth/
# crowdsec-hub-tests/tests/*/ *.log with log_type syslog): each output line is a sample line with a
# new time (increasing, 0-400 ms apart) and a new source address (60 %: bursts of 1-12 lines from
# 500 persistent attackers; 40 %: one-off scanners), drawn from a fixed seed (20261126), so every
# run builds the same file.
#
# Usage: patou-bench/scripts/prevent/bench-simulate.sh [lines (default 2000000)] [work dir]
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
lines="${1:-2000000}"
work="${2:-$(mktemp -d /tmp/patou-prevent-bench.XXXXXX)}"
tests="$root/../shared/data/auth/crowdsec-hub-tests/tests"
[ -d "$tests" ] || { echo "bench-simulate: no samples at $tests" >&2; exit 2; }
mkdir -p "$work"
log="$work/auth.log"

if [ ! -s "$log" ] || [ "$(wc -l <"$log")" -ne "$lines" ]; then
  python3 - "$tests" "$log" "$lines" <<'PY'
import glob, os, random, re, sys, datetime
tests, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(20261126)
head = re.compile(r"^[A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d:\d\d (\S+) ")
samples = []
for cfg in sorted(glob.glob(os.path.join(tests, "*", "config.yaml"))):
    text = open(cfg, encoding="utf-8").read()
    if "log_type: syslog" not in text:
        continue
    d = os.path.dirname(cfg)
    f = re.search(r"log_file: (\S+)", text).group(1)
    for line in open(os.path.join(d, f), encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        if " sshd" in line and re.search(r"\d+\.\d+\.\d+\.\d+", line) and head.match(line):
            samples.append(line)
ip = re.compile(r"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b")
attackers = ["%d.%d.%d.%d" % (rng.randint(1, 223), rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)) for _ in range(500)]
t = datetime.datetime(2026, 3, 1, 0, 0, 0)
written = 0
with open(out, "w", encoding="utf-8") as w:
    while written < n:
        # 60 %: a burst of 1-12 lines from one of the persistent attackers; else a one-off scanner.
        if rng.random() < 0.6:
            src, burst = rng.choice(attackers), rng.randint(1, 12)
        else:
            src, burst = "%d.%d.%d.%d" % (rng.randint(1, 223), rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)), 1
        for _ in range(min(burst, n - written)):
            s = rng.choice(samples)
            m = head.match(s)
            t += datetime.timedelta(milliseconds=rng.randint(0, 400))
            body = ip.sub(src, s[m.end():])
            w.write("%s %2d %s %s %s\n" % (t.strftime("%b"), t.day, t.strftime("%H:%M:%S"), m.group(1), body))
            written += 1
PY
fi
echo "input: $(wc -l <"$log") lines, $(du -m "$log" | cut -f1) MB at $log"

"$root/patou" version >/dev/null   # builds on first use
start=$(date +%s.%N)
"$root/patou" simulate "$log" --type sshd --year 2026 >"$work/decisions.jsonl" 2>"$work/simulate.err"
end=$(date +%s.%N)
psecs=$(echo "$end - $start" | bc -l)
n=$(wc -l <"$log")
printf 'patou simulate: %.1f s wall (JVM start included), %.0f lines/s, %d decisions\n' "$psecs" "$(echo "$n / $psecs" | bc -l)" "$(wc -l <"$work/decisions.jsonl")"
tail -1 "$work/simulate.err"

if ! command -v fail2ban-regex >/dev/null 2>&1; then
  (apt-get install -y fail2ban >/dev/null 2>&1 || true)
fi
if command -v fail2ban-regex >/dev/null 2>&1; then
  start=$(date +%s.%N)
  fail2ban-regex "$log" /etc/fail2ban/filter.d/sshd.conf >"$work/fail2ban.txt" 2>&1 || true
  end=$(date +%s.%N)
  fsecs=$(echo "$end - $start" | bc -l)
  printf 'fail2ban-regex (sshd filter): %.1f s wall, %.0f lines/s\n' "$fsecs" "$(echo "$n / $fsecs" | bc -l)"
  grep -E '^(Failregex|Lines):' "$work/fail2ban.txt" || true
  printf 'ratio patou/fail2ban (lines/s): %.1fx\n' "$(echo "$fsecs / $psecs" | bc -l)"
else
  echo "fail2ban-regex: not installed and apt-get install -y fail2ban failed; no comparison"
fi
