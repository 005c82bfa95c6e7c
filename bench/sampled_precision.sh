#!/usr/bin/env bash
# Digits lost at large d (issue 9): the same sampled draw run in double and in bin50 (Grams accumulated
# natively), paper's benign setting scaled to d (SNR = 0.447, lr = 5e-3 * 2000 / d, 1000 GD steps,
# n_test 100); prints the relative differences of the final losses and the digits the run reports.
# Usage: bash bench/sampled_precision.sh [--build DIR] [d ...]
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
if [[ "${1:-}" == "--build" ]]; then build="$2"; shift 2; fi
ds=("$@"); ((${#ds[@]})) || ds=(1e3 1e6 1e9 1e12 1e15)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for d in "${ds[@]}"; do
  args=$(python3 -c "d=float('$d'); print(f'--d $d --mu {0.4472135955*d**0.5!r} --lr {5e-3*2000/d!r}')")
  for p in double bin50; do
    "$build/benign" simulate --source sampled --w-init gaussian $args --n-test 100 --every 1000 --track 0 \
      --precision $p --setup native --quiet --out "$out/${p}_$d" >/dev/null
  done
done
python3 - "$out" "${ds[@]}" <<'PY'
import json, math, sys
out, ds = sys.argv[1], sys.argv[2:]
print("| d | train_loss (bin50) | rel. diff train_loss | rel. diff test_loss | digits agreeing | reported gram digits kept (double) | warning |")
print("|---|---:|---:|---:|---:|---:|---|")
for d in ds:
    a = json.load(open(f"{out}/double_{d}/summary.json")); b = json.load(open(f"{out}/bin50_{d}/summary.json"))
    rt = abs(a["final"]["train_loss"] - b["final"]["train_loss"]) / abs(b["final"]["train_loss"])
    re = abs(a["final"]["test_loss"] - b["final"]["test_loss"]) / abs(b["final"]["test_loss"])
    dg = a["diagnostics"]; kept = dg["gram_digits"] - dg["gram_digits_lost"]
    agree = -math.log10(max(rt, re, 1e-18))
    print(f"| {d} | {b['final']['train_loss']:.10f} | {rt:.2e} | {re:.2e} | {agree:.1f} | {kept:.1f} | {'yes' if not dg['resolved'] else 'no'} |")
PY
