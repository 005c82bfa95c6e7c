#include "verify/weighted_slope.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "verify/student_t.hpp"

namespace benign {

WeightedSlope weighted_slope(const std::vector<double>& x, const std::vector<double>& y, const std::vector<double>& sigma) {
  WeightedSlope f;
  double sw = 0, sx = 0, sy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!(std::isfinite(sigma[i]) && sigma[i] > 0 && std::isfinite(x[i]) && std::isfinite(y[i]))) continue;
    const double w = 1 / (sigma[i] * sigma[i]);
    sw += w; sx += w * x[i]; sy += w * y[i];
    ++f.points;
  }
  const double inf = std::numeric_limits<double>::infinity();
  f.ci_lo = -inf; f.ci_hi = inf;
  if (f.points < 2) return f;
  const double mx = sx / sw, my = sy / sw;
  double sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!(std::isfinite(sigma[i]) && sigma[i] > 0 && std::isfinite(x[i]) && std::isfinite(y[i]))) continue;
    const double w = 1 / (sigma[i] * sigma[i]);
    sxx += w * (x[i] - mx) * (x[i] - mx);
    sxy += w * (x[i] - mx) * (y[i] - my);
  }
  if (!(sxx > 0)) return f;
  f.slope = sxy / sxx;
  f.intercept = my - f.slope * mx;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!(std::isfinite(sigma[i]) && sigma[i] > 0 && std::isfinite(x[i]) && std::isfinite(y[i]))) continue;
    const double r = (y[i] - f.intercept - f.slope * x[i]) / sigma[i];
    f.chi2 += r * r;
  }
  if (f.points < 3) { f.se = std::sqrt(1 / sxx); return f; }
  f.scale = std::max(1.0, f.chi2 / double(f.points - 2));
  f.se = std::sqrt(f.scale / sxx);
  const double t = t_quantile_975(f.points - 2);
  f.ci_lo = f.slope - t * f.se;
  f.ci_hi = f.slope + t * f.se;
  return f;
}

std::vector<LocalSlope> local_slopes(const std::vector<double>& x, const std::vector<double>& y,
                                     const std::vector<double>& sigma) {
  std::vector<LocalSlope> out;
  for (std::size_t i = 0; i + 1 < x.size(); ++i) {
    LocalSlope s;
    s.x_from = x[i]; s.x_to = x[i + 1];
    const double dx = x[i + 1] - x[i];
    if (dx == 0) continue;
    s.slope = (y[i + 1] - y[i]) / dx;
    const double half = 1.959963984540054 * std::sqrt(sigma[i] * sigma[i] + sigma[i + 1] * sigma[i + 1]) / std::abs(dx);
    s.lo = s.slope - half;
    s.hi = s.slope + half;
    out.push_back(s);
  }
  return out;
}

}  // namespace benign
