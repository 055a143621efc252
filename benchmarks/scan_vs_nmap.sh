#!/usr/bin/env bash
# Full-range TCP connect scan of 127.0.0.1: `iotmark scan` against
# `nmap -sT -p- -T4 -n`, in the same run, with ~20 listeners of our own.
#   benchmarks/scan_vs_nmap.sh [ROUNDS]        (IOTMARK=path/to/iotmark, default build/iotmark)
# Both tools must find the same open ports (every listener we started, plus
# whatever else the host runs); exits 1 if the sets differ, 2 on setup errors.
# Prints the median time of each tool over ROUNDS (default 3) and the ratio.
# Target (issue 4): iotmark <= 0.5 x nmap.
set -euo pipefail

ROUNDS="${1:-3}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
IOTMARK="${IOTMARK:-$ROOT/build/iotmark}"
command -v nmap >/dev/null || { echo "nmap not installed (apt-get install nmap)" >&2; exit 2; }
[ -x "$IOTMARK" ] || { echo "iotmark binary not found: $IOTMARK (set IOTMARK=...)" >&2; exit 2; }

WORK="$(mktemp -d /tmp/iotmark-scan-bench.XXXXXX)"
STATE="$WORK/state"
cleanup() {
  "$IOTMARK" sim-device stop --state-dir "$STATE" --timeout 10 >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# 20 free TCP ports on 127.0.0.1 (HTTP, HTTPS and 18 banner services) and one UDP.
read -r -a PORTS <<<"$(python3 - <<'PY'
import socket
socks, ports = [], []
for _ in range(20):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s); ports.append(s.getsockname()[1])
print(" ".join(map(str, ports)))
PY
)"
{
  echo "listen_address: 127.0.0.1"
  echo "http_port: ${PORTS[0]}"
  echo "tls: {enabled: true, port: ${PORTS[1]}, min_version: tls1.2}"
  echo "extra_tcp:"
  for port in "${PORTS[@]:2}"; do echo "  - {port: $port, banner: \"SVC-$port 1.0\"}"; done
} >"$WORK/device.yaml"
"$IOTMARK" sim-device --config "$WORK/device.yaml" --state-dir "$STATE" >"$WORK/device.log" 2>&1 &
for _ in $(seq 1 300); do [ -f "$STATE/ready" ] && break; sleep 0.1; done
[ -f "$STATE/ready" ] || { echo "sim-device did not become ready:" >&2; cat "$WORK/device.log" >&2; exit 2; }
EXPECTED="$(printf '%s\n' "${PORTS[@]}" | sort -n | tr '\n' ' ')"

now() { date +%s.%N; }
iotmark_times=(); nmap_times=()
status=0
for round in $(seq 1 "$ROUNDS"); do
  start=$(now)
  "$IOTMARK" scan --host 127.0.0.1 --tcp 1-65535 --json >"$WORK/iotmark.json"
  end=$(now); iotmark_times+=("$(echo "$end - $start" | bc)")
  start=$(now)
  nmap -sT -p- -T4 -n 127.0.0.1 -oG "$WORK/nmap.gnmap" >/dev/null
  end=$(now); nmap_times+=("$(echo "$end - $start" | bc)")

  ours="$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join(str(p["port"]) for p in d["tcp"]["ports"] if p["state"]=="open"))' "$WORK/iotmark.json")"
  theirs="$(grep -o '[0-9]*/open/tcp' "$WORK/nmap.gnmap" | cut -d/ -f1 | sort -n | tr '\n' ' ' | sed 's/ $//')"
  if [ "$ours" != "$theirs" ]; then
    echo "round $round: open port sets differ" >&2
    echo "  iotmark: $ours" >&2
    echo "  nmap:    $theirs" >&2
    status=1
  fi
  for port in $EXPECTED; do
    case " $ours " in *" $port "*) ;; *) echo "round $round: iotmark missed our listener $port" >&2; status=1;; esac
    case " $theirs " in *" $port "*) ;; *) echo "round $round: nmap missed our listener $port" >&2; status=1;; esac
  done
  echo "round $round: iotmark ${iotmark_times[-1]} s, nmap ${nmap_times[-1]} s, open: $ours"
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ours_median=$(median "${iotmark_times[@]}")
nmap_median=$(median "${nmap_times[@]}")
ratio=$(echo "scale=3; $ours_median / $nmap_median" | bc)
echo "listeners started: 20 (${EXPECTED% })"
echo "iotmark scan median: ${ours_median} s"
echo "nmap -sT -p- -T4 -n median: ${nmap_median} s"
echo "ratio iotmark/nmap: ${ratio} (target <= 0.5)"
if [ "$status" -ne 0 ]; then echo "RESULT: open port sets differ" >&2; fi
exit "$status"
