// Settle detection on a trajectory in log time (issue 10): a run has settled at time t when, over
// the last `decades` decades [t·10^−decades, t], no training label changed its fit (the counts of
// fitted samples and the token type each training sample selects are constant) and every
// continuous observable (test accuracy, selection fractions) moved by less than `tol`
// (max − min over the window).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "simulate/trajectory.hpp"

namespace benign {

struct SettleCriteria {
  double decades = 2;   // window length in decades of time
  double tol = 0.01;    // largest allowed range of each continuous observable over the window
  double t_min = 0;     // windows start no earlier (the early plateau of a flow from t ≈ 0 is not "settled")
};

// What the detector reads from one checkpoint.
struct SettleSample {
  double time = 0;
  std::vector<long> labels;          // must not change at all (fit counts, per-sample selected type)
  std::vector<double> observables;   // must move by < tol
};

struct SettleStatus {
  bool settled = false;
  double settled_at = -1;   // first checkpoint time whose window is quiet (−1: never)
  long k_settled = -1;      // its checkpoint index
  std::string moving;       // not settled: what moved over the last window
};

// Names of SettleSample::observables as made by settle_sample, for messages.
const std::vector<std::string>& settle_observable_names();

// labels: fitted clean and noisy counts (n = training samples), then the selected type of every training sample;
// observables: test accuracy, fraction of test samples selecting a relevant token, fractions of
// clean / noisy training samples selecting each token type.
SettleSample settle_sample(const Checkpoint& c, long n);

// The earliest settled checkpoint; `names` label the observables in `moving` (may be empty).
SettleStatus settle_status(const std::vector<SettleSample>& samples, const SettleCriteria& crit,
                           const std::vector<std::string>& names = {});

// Convenience: from a run's checkpoints (flow runs with log-spaced checkpoints).
SettleStatus settle_status(const RunResult& r, const SettleCriteria& crit);

}  // namespace benign
