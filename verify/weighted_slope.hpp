// Weighted least squares line y = a + b x with weights 1/σ_i² and the slope's 95% interval, and
// local slopes between neighbouring points: boundary exponents from located points with intervals.
#pragma once
#include <vector>

namespace benign {

struct WeightedSlope {
  long points = 0;
  double intercept = 0, slope = 0;
  double se = 0;            // slope standard error: √(1/S_xx,w), scaled by √max(1, χ²/(m−2))
  double chi2 = 0;          // Σ w_i r_i²
  double scale = 1;         // max(1, χ²/(m−2)) (Birge ratio): the points scatter more than their σ
  double ci_lo = 0, ci_hi = 0;  // slope ± t_{0.975, m−2} se (a Student quantile, so conservative)
};

// Fit with σ_i > 0 (points with non-finite or non-positive σ are skipped). Needs ≥ 3 points for an
// interval (fewer: ci = ±inf).
WeightedSlope weighted_slope(const std::vector<double>& x, const std::vector<double>& y, const std::vector<double>& sigma);

struct LocalSlope {
  double x_from = 0, x_to = 0;  // the two neighbouring points
  double slope = 0, lo = 0, hi = 0;  // (y₂ − y₁)/(x₂ − x₁) ± 1.96 √(σ₁² + σ₂²)/(x₂ − x₁)
};

// Slopes between consecutive points (in the order given; x should increase).
std::vector<LocalSlope> local_slopes(const std::vector<double>& x, const std::vector<double>& y,
                                     const std::vector<double>& sigma);

}  // namespace benign
