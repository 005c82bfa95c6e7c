#!/usr/bin/env bash
# Explicit set-up alone (issue 11): `benign simulate --steps 0 --observe final` at n = 20, T = 8,
# Kaiming W0, n_test (default 1000), for each d given; prints d, set-up seconds (summary.json's
# setup_s), wall and CPU seconds and peak RSS from /usr/bin/time -v, with the load average.
# Usage: bash bench/explicit_setup.sh [--bin build/benign] [--n-test 1000] [d ...]   (default d: 2000 20000 100000)
# d = 100000 takes minutes (2 N d^2 = 3.2e12 multiply-adds for X W0 and W0 (X W0)^T) and ~7 GB.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/benign
n_test=1000
ds=()
while (($#)); do
  case "$1" in
    --bin) bin="$2"; shift ;;
    --n-test) n_test="$2"; shift ;;
    *) ds+=("$1") ;;
  esac
  shift
done
((${#ds[@]})) || ds=(2000 20000 100000)
[[ -x "$bin" && -x /usr/bin/time ]] || { echo "explicit_setup.sh: needs $bin and /usr/bin/time (apt-get install time)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "| d | n_test | setup_s | wall s | CPU s | peak RSS MB | load average before |"
echo "|---:|---:|---:|---:|---:|---:|---|"
for d in "${ds[@]}"; do
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  /usr/bin/time -v "$bin" simulate --quiet --d "$d" --n 20 --T 8 --n-test "$n_test" --steps 0 --observe final \
    --out "$tmp/d$d" >/dev/null 2>"$tmp/time$d"
  setup=$(grep -o '"setup_s": [0-9.e+-]*' "$tmp/d$d/summary.json" | cut -d' ' -f2)
  wall=$(grep 'Elapsed (wall' "$tmp/time$d" | awk '{print $NF}' | awk -F: '{ s = 0; for (i = 1; i <= NF; ++i) s = s * 60 + $i; print s }')
  cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$tmp/time$d")
  rss=$(awk -F': ' '/Maximum resident/ { printf "%.0f", $2 / 1024 }' "$tmp/time$d")
  echo "| $d | $n_test | $setup | $wall | $cpu | $rss | $load |"
done
