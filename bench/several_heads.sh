#!/usr/bin/env bash
# Several heads (issue 15; a report, not a test): the paper's three settings (bounds/calibration:
# benign d = 2000 |mu| = 20, harmful d = 5000 |mu| = 5, not_overfitting d = 1000 |mu| = 100; n = 20,
# T = 8, rho = 0.1, eta = 0.2) with H = 1, 2, 4, 8 heads, head_nu shared and split, SEEDS seeds each
# (default 4), gradient descent (reduced engine, double, lr 5e-3, STEPS steps, default 5000: time
# 25), W(0) Kaiming, p(0) = 0. Prints (1) the observed regime's frequencies over seeds (the
# classifier of verify/observed_regime on the model's outputs, via `benign sweep`) with Wilson 95%
# intervals and (2) per head, the token types that head's attention selects on noisy / clean / test
# samples (seed 1): do the heads specialise?
# Usage: bash bench/several_heads.sh [--build DIR] [SEEDS] [STEPS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
if [[ "${1:-}" == "--build" ]]; then build="$2"; shift 2; fi
seeds=${1:-4}
steps=${2:-5000}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
common="--n 20 --T 8 --rho 0.1 --eta 0.2 --lr 5e-3 --steps $steps --every 0 --track 0"
for setting in benign:2000:20 harmful:5000:5 not_overfitting:1000:100; do
  IFS=: read -r label d mu <<<"$setting"
  for nu in shared split; do
    "$build/benign" sweep --x "seed=1:$seeds:1" --y heads=1,2,4,8 --d "$d" --mu "$mu" --head-nu "$nu" $common \
      --threads 2 --quiet --out "$out/sweep_${label}_$nu" >/dev/null
    for H in 2 4 8; do
      "$build/benign" simulate --seed 1 --heads "$H" --d "$d" --mu "$mu" --head-nu "$nu" $common --quiet \
        --out "$out/sim_${label}_${nu}_$H" >/dev/null
    done
  done
done
python3 - "$out" "$seeds" "$steps" <<'PY'
import csv, json, math, sys
out, seeds, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def wilson(k, n, z=1.959964):
    if n == 0: return (0.0, 1.0)
    p = k / n; den = 1 + z * z / n
    c = (p + z * z / (2 * n)) / den; h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return (max(0.0, c - h), min(1.0, c + h))
settings = [("benign", 2000, 20), ("harmful", 5000, 5), ("not_overfitting", 1000, 100)]
print(f"Observed regime over {seeds} seeds (gradient descent, {steps} steps, lr 5e-3; Wilson 95% intervals); "
      "mean test accuracy and mean fraction of noisy samples fitted")
print("\n| setting | head_nu | H | regimes | test acc | noisy fitted |\n|---|---|---:|---|---:|---:|")
for label, d, mu in settings:
    for nu in ("shared", "split"):
        rows = list(csv.DictReader(open(f"{out}/sweep_{label}_{nu}/sweep.csv")))
        for H in ("1", "2", "4", "8"):
            r = [x for x in rows if x["heads"] == H]
            n = len(r); counts = {}
            for x in r: counts[x["observed"]] = counts.get(x["observed"], 0) + 1
            reg = "; ".join(f"{k} {v}/{n} [{wilson(v, n)[0]:.2f}, {wilson(v, n)[1]:.2f}]" for k, v in sorted(counts.items()))
            ta = sum(float(x["test_acc"]) for x in r) / n
            nf = sum(float(x["train_acc_noisy"]) for x in r) / n
            print(f"| {label} | {nu} | {H} | {reg} | {ta:.4f} | {nf:.3f} |")
print("\nPer head (seed 1): fraction of noisy training samples whose head-h attention selects a relevant (R), "
      "weak same-label (WS), weak opposite-label (WO) or irrelevant (I) token; clean and test: fraction selecting R")
print("\n| setting | head_nu | H | head | noisy R/WS/WO/I | clean R | test R | model noisy R/WS/WO/I |\n|---|---|---:|---:|---|---:|---:|---|")
T = ("relevant", "weak_same", "weak_opp", "irrelevant")
for label, d, mu in settings:
    for nu in ("shared", "split"):
        for H in (2, 4, 8):
            j = json.load(open(f"{out}/sim_{label}_{nu}_{H}/summary.json"))
            last = list(csv.DictReader(open(f"{out}/sim_{label}_{nu}_{H}/trajectory.csv")))[-1]
            model = "/".join(f"{float(last['sel_noisy_' + t]):.2f}" for t in T)
            for h, hd in enumerate(j["final"]["heads"]):
                noisy = "/".join(f"{hd['sel_noisy_' + t]:.2f}" for t in T)
                print(f"| {label} | {nu} | {H} | {h} | {noisy} | {hd['sel_clean_relevant']:.2f} | {hd['sel_test_relevant']:.3f} | "
                      f"{model if h == 0 else ''} |")
PY
