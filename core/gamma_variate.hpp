// Exact gamma and chi-square variates from the project's portable RNG (core/rng.hpp), for any
// shape up to 1e15 and beyond: Marsaglia & Tsang (2000), "A simple method for generating gamma
// variables", with the boost Gamma(a) = Gamma(a + 1) U^{1/a} for a < 1. Only integer arithmetic,
// IEEE sqrt, log and log1p are used, so a seed gives the same numbers with any standard library.
#pragma once
#include <cmath>

#include "core/rng.hpp"

namespace benign {

namespace detail {

// log of the Marsaglia–Tsang acceptance ratio minus x²/2: dd (1 − v + log v) + x²/2 with
// v = (1 + t)³, t = x / (3 √dd). For large dd the two terms cancel to O(t⁴ dd): the series
// 3 dd Σ_{k≥4} (−1)^{k+1} t^k / k (exact algebra of log1p) keeps full relative accuracy there.
inline double mt_log_ratio(double dd, double x, double t) {
  if (std::fabs(t) < 1e-3) {
    double s = 0, tk = t * t * t;
    for (int k = 4; k <= 10; ++k) {
      tk *= t;
      s += ((k % 2 == 0) ? -tk : tk) / double(k);
    }
    return 3.0 * dd * s;
  }
  const double v = (1 + t) * (1 + t) * (1 + t);
  return 0.5 * x * x + dd * (1.0 - v + 3.0 * std::log1p(t));
}

}  // namespace detail

// Gamma(a, 1), a > 0 (Marsaglia–Tsang squeeze and rejection; boost for a < 1).
inline double gamma_variate(Rng& rng, double a) {
  if (a < 1.0) {
    const double g = gamma_variate(rng, a + 1.0);
    double u;
    do u = rng.uniform(); while (u == 0.0);
    return g * std::exp(std::log(u) / a);
  }
  const double dd = a - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * dd);
  for (;;) {
    double x, t;
    do {
      x = rng.normal();
      t = c * x;
    } while (t <= -1.0);
    const double v = (1 + t) * (1 + t) * (1 + t);
    double u;
    do u = rng.uniform(); while (u == 0.0);
    const double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return dd * v;                  // squeeze
    if (std::log(u) < detail::mt_log_ratio(dd, x, t)) return dd * v;  // log u < x²/2 + dd (1 − v + log v)
  }
}

// χ²_k = 2 Gamma(k/2, 1), k > 0 (any real degrees of freedom).
inline double chi_square_variate(Rng& rng, double k) { return 2.0 * gamma_variate(rng, 0.5 * k); }

}  // namespace benign
