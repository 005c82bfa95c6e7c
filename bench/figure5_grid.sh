#!/usr/bin/env bash
# Figure 5's whole grid through the program (issue 11): `benign figures --only 5` (39 x 39 cells,
# 1000 steps, 1000 test samples, observe = final) under /usr/bin/time -v into a fresh directory;
# prints wall and CPU seconds, cells per second and peak RSS with the load average before and after.
# Usage: bash bench/figure5_grid.sh [--bin build/benign] [--quick] [--threads N]
# For one measured row instead: build/benign_bench --benchmark_filter=BM_Figure5Row
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/benign
args=()
while (($#)); do
  case "$1" in
    --bin) bin="$2"; shift ;;
    --quick) args+=(--quick) ;;
    --threads) args+=(--threads "$2"); shift ;;
    *) echo "figure5_grid.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done
[[ -x "$bin" && -x /usr/bin/time ]] || { echo "figure5_grid.sh: needs $bin and /usr/bin/time (apt-get install time)" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
before=$(cut -d' ' -f1-3 /proc/loadavg)
/usr/bin/time -v "$bin" figures --only 5 --quiet "${args[@]}" --out "$out/fig" >"$out/stdout" 2>"$out/time"
after=$(cut -d' ' -f1-3 /proc/loadavg)
cells=$(($(wc -l < "$out/fig/figure5.csv") - 1))
wall=$(grep 'Elapsed (wall' "$out/time" | awk '{print $NF}' | awk -F: '{ s = 0; for (i = 1; i <= NF; ++i) s = s * 60 + $i; print s }')
cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END { print s }' "$out/time")
rss=$(awk -F': ' '/Maximum resident/ { printf "%.0f", $2 / 1024 }' "$out/time")
echo "| cells | wall s | CPU s | cells/s (wall) | peak RSS MB | load average before / after |"
echo "|---:|---:|---:|---:|---:|---|"
echo "| $cells | $wall | $cpu | $(awk -v c="$cells" -v w="$wall" 'BEGIN { printf "%.2f", c / w }') | $rss | $before / $after |"
