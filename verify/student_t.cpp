#include "verify/student_t.hpp"

#include <cmath>
#include <limits>

namespace benign {

namespace {

// Continued fraction of I_x(a, b) (Numerical Recipes §6.4, modified Lentz).
double beta_cf(double a, double b, double x) {
  const double tiny = 1e-300;
  double c = 1, d = 1 - (a + b) * x / (a + 1);
  if (std::abs(d) < tiny) d = tiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m <= 10000; ++m) {
    const double m2 = 2.0 * m;
    double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d; if (std::abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (std::abs(c) < tiny) c = tiny;
    d = 1 / d; h *= d * c;
    aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d; if (std::abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (std::abs(c) < tiny) c = tiny;
    d = 1 / d;
    const double del = d * c;
    h *= del;
    if (std::abs(del - 1) < 1e-15) break;
  }
  return h;
}

}  // namespace

double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double lfront = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return std::exp(lfront) * beta_cf(a, b, x) / a;
  return 1 - std::exp(lfront) * beta_cf(b, a, 1 - x) / b;
}

double student_t_cdf(double t, double dof) {
  const double tail = 0.5 * incomplete_beta(dof / 2, 0.5, dof / (dof + t * t));
  return t >= 0 ? 1 - tail : tail;
}

double student_t_quantile(double q, double dof) {
  if (!(q > 0 && q < 1) || !(dof > 0)) return std::numeric_limits<double>::quiet_NaN();
  if (q < 0.5) return -student_t_quantile(1 - q, dof);
  double lo = 0, hi = 1;
  while (student_t_cdf(hi, dof) < q && hi < 1e300) hi *= 2;
  for (int it = 0; it < 200 && hi - lo > 1e-12 * std::max(1.0, hi); ++it) {
    const double mid = 0.5 * (lo + hi);
    (student_t_cdf(mid, dof) < q ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

double t_quantile_975(long dof) {
  if (dof <= 0) return std::numeric_limits<double>::infinity();
  return student_t_quantile(0.975, double(dof));
}

}  // namespace benign
