// Wishart factors by the Bartlett decomposition (Bartlett 1933; Smith & Hocking 1972): for
// k ≥ p, W = L Lᵀ ~ Wishart_p(k, I) with L lower triangular, L_ii = χ_{k−i} (i = 0 … p−1) and
// L_ij ~ N(0, 1) for i > j, all independent. Exact for any k (chi-square from core/gamma_variate.hpp).
#pragma once
#include <cmath>

#include "core/gamma_variate.hpp"
#include "simulate/dataset.hpp"

namespace benign {

// Bartlett factor L (p × p) of Wishart_p(dof, I); needs dof ≥ p.
inline MatD bartlett_factor(Rng& rng, long p, double dof) {
  MatD L = MatD::Zero(p, p);
  for (long i = 0; i < p; ++i) {
    L(i, i) = std::sqrt(chi_square_variate(rng, dof - double(i)));
    for (long j = 0; j < i; ++j) L(i, j) = rng.normal();
  }
  return L;
}

// A factor F (p × m) with F Fᵀ ~ Wishart_p(k, I) for any integer k ≥ 0: Bartlett when k ≥ p
// (m = p), else k Gaussian columns (m = k; the singular Wishart).
inline MatD wishart_factor(Rng& rng, long p, long k) {
  if (k >= p) return bartlett_factor(rng, p, double(k));
  MatD Z(p, k);
  for (long i = 0; i < p; ++i) for (long j = 0; j < k; ++j) Z(i, j) = rng.normal();
  return Z;
}

}  // namespace benign
