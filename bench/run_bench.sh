#!/usr/bin/env bash
# Runs the simulator benchmarks (bench/bench_simulate.cpp) and prints a Markdown table:
# benchmark, label, wall time per iteration, CPU time per iteration, iterations.
#
# Usage: bash bench/run_bench.sh [--quick] [--build DIR] [extra Google Benchmark flags...]
#   --quick      skip the slow items (bin50 default run, Kaiming set-up at d=20000,
#                n=80 steps in the multiprecision types)
#   --build DIR  build directory holding benign_bench (default: ./build)
# Example: bash bench/run_bench.sh --quick --benchmark_filter='ReducedStep<double>'
# Timings are per iteration; a "step" is g = dL/dz plus one engine update. Run on an idle machine:
# the load average is printed, and a load above the core count inflates every wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
quick=0
extra=()
while (($#)); do
  case "$1" in
    --quick) quick=1 ;;
    --build) build="$2"; shift ;;
    *) extra+=("$1") ;;
  esac
  shift
done
bin="$build/benign_bench"
if [[ ! -x "$bin" ]]; then
  echo "run_bench.sh: $bin not found; build it first: cmake -S . -B $build && cmake --build $build --target benign_bench" >&2
  exit 2
fi
filter=()
if ((quick)); then
  filter=(--benchmark_filter='^(BM_ReducedStep<double>|BM_ReducedStep<(float128|bin50|mpfr)>/[0-9]+/20/|BM_GramSetup<double>/[0-9]+/0|BM_GramSetup<double>/(250|2000)/1|BM_FullStep<double>/(250|2000)/|BM_FlowStep<double>|BM_TestLogits|BM_CheckpointObserve|BM_DefaultRun/[01]|BM_MatVecMadd)')
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "benign_bench on $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"$bin" "${filter[@]}" "${extra[@]}" --benchmark_out="$out" --benchmark_out_format=json >&2
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# Google Benchmark's JSON has one "key": value per line; collect each benchmark object's fields.
awk '
  function val(line,   v) { v = line; sub(/^[^:]*:[ ]*/, "", v); sub(/,[ ]*$/, "", v); gsub(/^"|"$/, "", v); return v }
  function fmt(t, u,   v) {
    v = t + 0
    if (u == "ns") v = v / 1e3; else if (u == "ms") v = v * 1e3; else if (u == "s") v = v * 1e6
    if (v >= 1e6) return sprintf("%.3f s", v / 1e6)
    if (v >= 1e3) return sprintf("%.2f ms", v / 1e3)
    return sprintf("%.1f µs", v)
  }
  BEGIN { print "| benchmark | label | time/iter (wall) | CPU/iter | iterations | counters |"; print "|---|---|---:|---:|---:|---|" }
  /"benchmarks":/ { inb = 1; next }
  inb && /^[ ]*{/ { name = label = rt = ct = unit = it = err = extra = ""; next }
  inb && /"(N|setup_s|train_s)":/ { k = $0; sub(/^[ ]*"/, "", k); sub(/".*/, "", k); extra = extra (extra == "" ? "" : ", ") k "=" sprintf("%.4g", val($0)) }
  inb && /"name":/ { name = val($0) }
  inb && /"label":/ { label = val($0) }
  inb && /"real_time":/ { rt = val($0) }
  inb && /"cpu_time":/ { ct = val($0) }
  inb && /"time_unit":/ { unit = val($0) }
  inb && /"iterations":/ { it = val($0) }
  inb && /"error_message":/ { err = val($0) }
  inb && /^[ ]*}/ && name != "" {
    if (err != "") printf "| %s | %s | error: %s | | | |\n", name, label, err
    else printf "| %s | %s | %s | %s | %s | %s |\n", name, label, fmt(rt, unit), fmt(ct, unit), it, extra
    name = ""
  }' "$out"
