// Mean of a sample with its Student-t 95% confidence interval: x̄ ± t_{0.975, m−1} s/√m.
// Per-case means over seeds (accuracies, test loss, τ's) are reported with it.
#pragma once
#include <vector>

namespace benign {

struct MeanInterval {
  long count = 0;                 // values used (finite ones)
  double mean = 0, sd = 0;        // sample mean and standard deviation (m − 1 in the denominator)
  double lo = 0, hi = 0;          // 95% interval; lo = hi = mean when count = 1, NaN when count = 0
};

// Non-finite values (e.g. a τ never reached) are skipped; `count` says how many were used.
MeanInterval mean_interval(const std::vector<double>& values);

}  // namespace benign
