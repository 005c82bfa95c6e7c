#!/usr/bin/env bash
# MPI speed-up (issue 14; a measurement, not a test): the same sweep with 1 rank and with 2 ranks
# (one thread each), REPEATS times interleaved, and one process alone on 1 and 2 threads for
# comparison; prints wall and CPU seconds per run and the outputs' identity. Run it on an idle
# machine: the load average is printed before each run, and a load above the core count makes the
# ratio meaningless (the scheduler then shares the cores among everything that runs).
# Usage: bash bench/mpi_speedup.sh [--build DIR] [REPEATS]   (default sweep: d = 2000 … 5000 step 500
# × 2 seeds, 14 cells of the default configuration, each ≈ 1 s of one core; SWEEP overrides the flags)
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
if [[ "${1:-}" == "--build" ]]; then build="$2"; shift 2; fi
repeats=${1:-2}
sweep=${SWEEP:---x d=2000:5000:500 --y seed=1,2}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "| run | repeat | load before | wall s | CPU s (user + sys) |"
echo "|---|---:|---:|---:|---:|"
for r in $(seq 1 "$repeats"); do
  for run in "1 rank:mpirun --oversubscribe -np 1" "2 ranks:mpirun --oversubscribe -np 2" "alone, 1 thread:" "alone, 2 threads:"; do
    name=${run%%:*} launcher=${run#*:}
    threads=1; [[ "$name" == "alone, 2 threads" ]] && threads=2
    load=$(cut -d' ' -f1 /proc/loadavg)
    dir="$out/${name// /_}-$r"
    /usr/bin/time -f "%e %U %S" -o "$out/time" $launcher "$build/benign" sweep $sweep --threads "$threads" --quiet --out "$dir" >/dev/null
    read -r wall user sys <"$out/time"
    echo "| $name | $r | $load | $wall | $(python3 -c "print(round($user + $sys, 2))") |"
    cmp -s "$dir/sweep.csv" "$out/1_rank-1/sweep.csv" || echo "| $name | $r | sweep.csv DIFFERS from 1 rank | | |"
  done
done
