#!/usr/bin/env bash
# benign against the authors' loop (issue 11; a measurement, not a test): the same settings run by
# bench/authors_loop.py (their main.py's computation in PyTorch float32; needs Debian's python3-torch
# and, for their BLAS, libopenblas0-pthread: `apt-get install python3-torch libopenblas0-pthread`;
# their code: github.com/keitaroskmt/benign-attention) and by `benign simulate` in double, one after
# the other, REPEATS times; prints wall and CPU seconds of each and their ratio. Run it on an idle
# machine (the load average is printed): under load the CPU ratio is the meaningful one.
# Usage: bash bench/authors_side_by_side.sh [--build DIR] [REPEATS]   (env SETTINGS: "d:mu:steps ...",
# default "2000:20:1000"; THREADS for torch, default 2)
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
if [[ "${1:-}" == "--build" ]]; then build="$2"; shift 2; fi
repeats=${1:-1}
py=/usr/bin/python3
"$py" -c "import torch" 2>/dev/null || { echo "authors_side_by_side.sh: $py has no torch: apt-get install python3-torch libopenblas0-pthread" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "| d | ‖μ‖ | steps | repeat | load | theirs wall / CPU s | benign wall / CPU s | ratio wall / CPU |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for s in ${SETTINGS:-2000:20:1000}; do
  IFS=: read -r d mu steps <<<"$s"
  for r in $(seq 1 "$repeats"); do
    load=$(cut -d' ' -f1 /proc/loadavg)
    read -r _ tw _ _ tc _ < <("$py" bench/authors_loop.py --d "$d" --mu "$mu" --steps "$steps" --threads "${THREADS:-2}")
    /usr/bin/time -f "%e %U %S" -o "$out/t" "$build/benign" simulate --d "$d" --mu "$mu" --steps "$steps" --out "$out/run" >/dev/null
    read -r bw bu bs <"$out/t"
    bc=$(python3 -c "print(round($bu + $bs, 3))")
    echo "| $d | $mu | $steps | $r | $load | $tw / $tc | $bw / $bc | $(python3 -c "print(f'{$tw / $bw:.0f}x / {$tc / $bc:.0f}x')") |"
  done
done
