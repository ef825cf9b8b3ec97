#!/usr/bin/env bash
# patou simulate throughput on a large sshd log, with fail2ban-regex (sshd filter) and CrowdSec's
# replay mode (Debian's crowdsec, offline, sshd collection) on the same file, and the ratios; and
# the banned address sets of patou and CrowdSec compared. Each peer is installed with apt-get when
# missing (fail2ban; crowdsec, whose Debian package ships an offline hub snapshot). Wall and CPU
# time (user+sys) are printed for each, with the load average before the run: on a shared machine
# the ratio of CPU times is the steadier one.
#
# The log is built from the public sshd samples of crowdsecurity/hub (../shared/data/auth/
# crowdsec-hub-tests/tests/*/ *.log with log_type syslog): each output line is a sample line with a
# new time (increasing, 0-400 ms apart) and a new source address (60 %: bursts of 1-12 lines from
# 500 persistent attackers; 40 %: one-off scanners), drawn from a fixed seed (20261126), so every
# run builds the same file.
#
# Usage: patou-bench/scripts/prevent/bench-simulate.sh [lines (default 2000000)] [work dir]
#   CROWDSEC=0 skips CrowdSec's replay (about 20 min of CPU on 2M lines with Debian's 1.4.6).
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
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
n=$(wc -l <"$log")

# timed NAME OUTFILE ERRFILE CMD...: runs CMD; sets wall and cpu (user+sys), in seconds.
timed() {
  local name="$1" out="$2" errf="$3"; shift 3
  /usr/bin/time -f '%e %U %S' -o "$work/$name.time" "$@" >"$out" 2>"$errf" || true
  local usr sys
  read -r wall usr sys <"$work/$name.time"
  cpu=$(echo "$usr + $sys" | bc -l)
}

"$root/patou" version >/dev/null   # builds on first use
timed patou "$work/decisions.jsonl" "$work/simulate.err" "$root/patou" simulate "$log" --type sshd --year 2026
psecs=$wall pcpu=$cpu
printf 'patou simulate (all bundled scenarios): %.1f s wall (JVM start included), %.1f s CPU, %.0f lines/s, %d decisions\n' \
  "$psecs" "$pcpu" "$(echo "$n / $psecs" | bc -l)" "$(wc -l <"$work/decisions.jsonl")"
tail -1 "$work/simulate.err"

if ! command -v fail2ban-regex >/dev/null 2>&1; then
  (apt-get install -y fail2ban >/dev/null 2>&1 || true)
fi
if command -v fail2ban-regex >/dev/null 2>&1; then
  timed fail2ban "$work/fail2ban.txt" "$work/fail2ban.err" fail2ban-regex "$log" /etc/fail2ban/filter.d/sshd.conf
  fsecs=$wall fcpu=$cpu
  printf 'fail2ban-regex (sshd filter): %.1f s wall, %.1f s CPU, %.0f lines/s\n' "$fsecs" "$fcpu" "$(echo "$n / $fsecs" | bc -l)"
  grep -E '^(Failregex|Lines):' "$work/fail2ban.txt" || true
  printf 'ratio patou/fail2ban (lines/s): %.1fx wall, %.1fx CPU\n' "$(echo "$fsecs / $psecs" | bc -l)" "$(echo "$fcpu / $pcpu" | bc -l)"
else
  echo "fail2ban-regex: not installed and apt-get install -y fail2ban failed; no comparison"
fi

# CrowdSec's replay mode ("time machine": crowdsec -dsn file://... -type syslog), offline, with only
# the linux and sshd collections of the Debian package's hub snapshot, in a private configuration
# (its own SQLite database and local API port), so nothing of an installed CrowdSec is touched.
if [ "${CROWDSEC:-1}" = 0 ]; then
  echo "crowdsec: skipped (CROWDSEC=0)"
  exit 0
fi
if ! command -v crowdsec >/dev/null 2>&1; then
  # The package's post-install registers to CrowdSec's Central API unless this file is non-empty;
  # there is no network here, so say "offline" first (see the package's README.Debian).
  mkdir -p /etc/crowdsec
  [ -s /etc/crowdsec/online_api_credentials.yaml ] || echo "# offline: no Central API" >/etc/crowdsec/online_api_credentials.yaml
  (DEBIAN_FRONTEND=noninteractive apt-get install -y crowdsec >/dev/null 2>&1 || true)
fi
hub=/usr/share/crowdsec/hub
if ! command -v crowdsec >/dev/null 2>&1 || [ ! -f "$hub/.index.json" ]; then
  echo "crowdsec: not installed and apt-get install -y crowdsec failed (or no hub at $hub); no comparison"
  exit 0
fi
cs="$work/crowdsec"
rm -rf "$cs"
mkdir -p "$cs/etc" "$cs/data"
cp -r /etc/crowdsec/patterns "$cs/etc/"
cp /usr/share/crowdsec/data/* "$cs/data/" 2>/dev/null || true
printf 'name: default_ip_remediation\nfilters:\n - Alert.Remediation == true && Alert.GetScope() == "Ip"\ndecisions:\n - type: ban\n   duration: 4h\non_success: break\n' >"$cs/etc/profiles.yaml"
printf 'simulation: off\n' >"$cs/etc/simulation.yaml"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$cs/etc/config.yaml" <<EOF
common:
  daemonize: false
  log_media: file
  log_level: warning
  log_dir: $cs/
  working_dir: .
config_paths:
  config_dir: $cs/etc/
  data_dir: $cs/data/
  simulation_path: $cs/etc/simulation.yaml
  hub_dir: $hub/
  index_path: $hub/.index.json
  notification_dir: $cs/etc/notifications/
  plugin_dir: /usr/lib/crowdsec/plugins/
crowdsec_service:
  acquisition_path: $cs/etc/acquis.yaml
  parser_routines: 1
db_config:
  log_level: warning
  type: sqlite
  db_path: $cs/data/crowdsec.db
  use_wal: true
api:
  client:
    credentials_path: $cs/etc/lapi.yaml
  server:
    log_level: warning
    listen_uri: 127.0.0.1:$port
    profiles_path: $cs/etc/profiles.yaml
    trusted_ips: [127.0.0.1]
prometheus:
  enabled: false
EOF
: >"$cs/etc/acquis.yaml"
: >"$cs/etc/lapi.yaml"
# What "cscli collections install crowdsecurity/linux" does, from the local hub (cscli 1.4 insists
# on downloading): the collection's items linked under the configuration folder, vendor stripped.
for item in collections/crowdsecurity/linux.yaml collections/crowdsecurity/sshd.yaml \
    parsers/s00-raw/crowdsecurity/syslog-logs.yaml parsers/s01-parse/crowdsecurity/sshd-logs.yaml \
    parsers/s02-enrich/crowdsecurity/dateparse-enrich.yaml \
    scenarios/crowdsecurity/ssh-bf.yaml scenarios/crowdsecurity/ssh-slow-bf.yaml; do
  d="$cs/etc/$(dirname "$(dirname "$item")")"
  mkdir -p "$d"
  ln -s "$hub/$item" "$d/$(basename "$item")"
done
cscli -c "$cs/etc/config.yaml" machines add bench --auto -f "$cs/etc/lapi.yaml" >/dev/null 2>&1
echo "crowdsec $(crowdsec -version 2>&1 | sed -n 's/.*version: *//p' | head -1), offline hub items: $(cscli -c "$cs/etc/config.yaml" --branch master hub list -o raw 2>/dev/null | awk -F, '$2 == "enabled" {printf "%s ", $1}')"
timed crowdsec "$cs/stdout.txt" "$cs/stderr.txt" crowdsec -c "$cs/etc/config.yaml" -dsn "file://$log" -type syslog -no-capi
csecs=$wall ccpu=$cpu
# The same scenarios on the patou side: the sshd collection's four (CrowdSec names).
only=crowdsecurity/ssh-bf,crowdsecurity/ssh-bf_user-enum,crowdsecurity/ssh-slow-bf,crowdsecurity/ssh-slow-bf_user-enum
timed patou-sshd "$work/decisions-sshd.jsonl" "$work/simulate-sshd.err" "$root/patou" simulate "$log" --type sshd --year 2026 --only "$only"
qsecs=$wall qcpu=$cpu
printf 'crowdsec replay (linux+sshd collections): %.1f s wall, %.1f s CPU, %.0f lines/s\n' "$csecs" "$ccpu" "$(echo "$n / $csecs" | bc -l)"
printf 'patou simulate --only the same 4 scenarios: %.1f s wall, %.1f s CPU, %.0f lines/s\n' "$qsecs" "$qcpu" "$(echo "$n / $qsecs" | bc -l)"
tail -1 "$work/simulate-sshd.err"
printf 'ratio patou/crowdsec (lines/s): %.1fx wall, %.1fx CPU\n' "$(echo "$csecs / $qsecs" | bc -l)" "$(echo "$ccpu / $qcpu" | bc -l)"
# The bundled scenarios' ssh_failure follows the current hub's samples (OpenSSH 9.8's sshd-session
# lines) and counts "Did not receive identification string" and "Bad protocol version
# identification" (not "Magic value check failed", yet); Debian's 1.4.6 parser differs on each. The same four
# scenarios over what that snapshot calls a failed authentication (crowdsec-1.4-sshd.yaml) must
# give CrowdSec's banned set exactly: that compares the scenario engines, parser versions aside.
timed patou-cs146 "$work/decisions-cs146.jsonl" "$work/simulate-cs146.err" "$root/patou" simulate "$log" --type sshd --year 2026 \
  --no-default-scenarios --scenarios "$(dirname "$0")/crowdsec-1.4-sshd.yaml"
printf 'patou simulate with crowdsec-1.4-sshd.yaml: %.1f s wall, %.1f s CPU, %.0f lines/s\n' "$wall" "$cpu" "$(echo "$n / $wall" | bc -l)"
tail -1 "$work/simulate-cs146.err"
python3 - "$cs/data/crowdsec.db" "$work" <<'PY'
import json, sqlite3, sys
db, work = sys.argv[1:3]
c = sqlite3.connect(db)
alerts = c.execute("SELECT COUNT(*) FROM alerts").fetchone()[0]
cs = {r[0] for r in c.execute("SELECT DISTINCT value FROM decisions WHERE scope = 'Ip'")}
print("crowdsec: %d banned addresses, %d alerts" % (len(cs), alerts))
for run, label in (("sshd", "bundled scenarios (current hub's parser)"), ("cs146", "crowdsec-1.4-sshd.yaml (1.4.6's parser)")):
    p = {json.loads(l)["value"] for l in open("%s/decisions-%s.jsonl" % (work, run), encoding="utf-8") if l.strip()}
    for name, s in (("only-crowdsec", cs - p), ("only-patou", p - cs)):
        with open("%s/%s-%s.txt" % (work, name, run), "w") as w:
            w.write("".join(v + "\n" for v in sorted(s)))
    print("patou, %s: %d banned, both %d, only crowdsec %d, only patou %d: same banned set: %s"
          % (label, len(p), len(cs & p), len(cs - p), len(p - cs),
             "yes" if cs == p else "no (lists: %s/only-*-%s.txt)" % (work, run)))
PY
