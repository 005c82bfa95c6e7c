// A regime boundary located from pooled outcomes (issue 10): along a line in log ‖μ‖, the
// probability of being above the boundary is modelled as p(x) = 1/(1 + e^{−b (x − x₅₀)}) and fitted
// by maximum likelihood over all seeds and points (binomial counts; pooled fractions enter as
// successes out of trials). x₅₀ is the 50% point; its 95% interval is the profile-likelihood set
// {x : 2 (ℓ̂ − max_b ℓ(b, x)) ≤ χ²₁,0.95 = 3.841} (Venzon & Moolgavkar 1988).
#pragma once
#include <vector>

namespace benign {

struct BinomialPoint {
  double x = 0;          // e.g. log ‖μ‖
  double successes = 0;  // outcomes above the boundary (may be fractional for pooled fractions)
  double trials = 0;
};

struct LogisticBoundary {
  bool fitted = false;    // false: no crossing in the data (all outcomes on one side), x50 undefined
  bool separated = false; // outcomes perfectly separated: b → ∞, x50 only known to lie in the gap
  double x50 = 0, slope = 0;   // 50% point and b (slope capped at b_max when separated)
  double lo = 0, hi = 0;       // 95% profile-likelihood interval of x50
  bool lo_open = false, hi_open = false;  // the interval reached the search limit on that side
  double loglik = 0;
  long iterations = 0;
};

// Profile log-likelihood of x50: max over b ≥ 0 of ℓ(b, x50) (concave in b; golden section on [0, b_max]).
double logistic_profile(const std::vector<BinomialPoint>& pts, double x50, double b_max);

// Fit; `chi2` is the χ²₁ quantile of the interval (3.841 for 95%). The search for the interval
// extends one data range beyond the data on each side.
LogisticBoundary fit_logistic_boundary(const std::vector<BinomialPoint>& pts, double chi2 = 3.841458820694124);

}  // namespace benign
