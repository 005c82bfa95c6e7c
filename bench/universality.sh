#!/usr/bin/env bash
# Universality comparison for issue 9 (a note, not a test): the paper's benign setting at d = 2000,
# explicit Kaiming-uniform W(0) against sampled Gaussian W(0) with w_var = 1/3 (same variance),
# SEEDS seeds each (default 200); prints quantiles of final train/test accuracy and loss side by side.
# Usage: bash bench/universality.sh [--build DIR] [SEEDS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
if [[ "${1:-}" == "--build" ]]; then build="$2"; shift 2; fi
seeds=${1:-200}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for s in $(seq 1 "$seeds"); do
  "$build/benign" simulate --seed "$s" --every 1000 --track 0 --quiet --out "$out/explicit_$s" >/dev/null
  "$build/benign" simulate --seed "$s" --source sampled --w-init gaussian --w-var 0.3333333333333333 --every 1000 --track 0 \
    --quiet --out "$out/sampled_$s" >/dev/null
done
python3 - "$out" "$seeds" <<'PY'
import json, sys, statistics as st
out, n = sys.argv[1], int(sys.argv[2])
keys = ["train_acc", "train_acc_noisy", "test_acc", "train_loss", "test_loss"]
def load(src):
    rows = [json.load(open(f"{out}/{src}_{s}/summary.json"))["final"] for s in range(1, n + 1)]
    return {k: sorted(r[k] for r in rows) for k in keys}
def q(v, p): return v[min(len(v) - 1, int(p * (len(v) - 1) + 0.5))]
def ks(a, b):
    import bisect
    return max(abs(bisect.bisect_right(a, x) / len(a) - bisect.bisect_right(b, x) / len(b)) for x in a + b)
E, S = load("explicit"), load("sampled")
print(f"| quantity | source | mean | 5% | 25% | 50% | 75% | 95% | KS D ({n}+{n}; 1% critical {1.628*(2/n)**0.5:.3f}) |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for k in keys:
    for name, v in (("explicit kaiming", E[k]), ("sampled gaussian 1/3", S[k])):
        print(f"| {k} | {name} | {st.mean(v):.4f} | " + " | ".join(f"{q(v,p):.4f}" for p in (0.05, .25, .5, .75, .95)) +
              (f" | {ks(E[k], S[k]):.3f} |" if name.startswith("sampled") else " | |"))
PY
