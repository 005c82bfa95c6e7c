#!/usr/bin/env bash
# Peak resident memory of a sampled-source run at d = 1e12 (issue 9: must stay under 200 MB),
# measured by /usr/bin/time -v around `benign simulate` (set-up + 1000 GD steps, n = 20, n_test = 1000).
# Usage: bash bench/sampled_memory.sh [--build DIR] [d ...]   (default d: 1e12)
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
if [[ "${1:-}" == "--build" ]]; then build="$2"; shift 2; fi
ds=("$@"); ((${#ds[@]})) || ds=(1e12)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "| d | n | peak RSS | wall |"
echo "|---|---:|---:|---:|"
for d in "${ds[@]}"; do
  for n in 20 80; do
    /usr/bin/time -v "$build/benign" simulate --source sampled --w-init gaussian --d "$d" --n "$n" --quiet --out "$out/run" \
      >/dev/null 2>"$out/time.txt"
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$out/time.txt")
    echo "| $d | $n | $((rss / 1024)) MB | $wall |"
  done
done
