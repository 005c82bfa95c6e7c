// Geometric mean of a positive sample with a 95% interval from the Student-t interval of ln x:
// exp(mean ln x) and exp(mean ln x ± t_{0.975, m−1} s_ln/√m). For quantities spanning decades (τ_fit, τ_gen, τ_sel).
#pragma once
#include <vector>

#include "verify/mean_interval.hpp"

namespace benign {

// Values that are not finite and > 0 (e.g. a τ never reached, −1) are skipped; `count` says how many were used.
// mean/lo/hi are in the units of the values; sd is the standard deviation of ln x.
MeanInterval geometric_mean_interval(const std::vector<double>& values);

}  // namespace benign
