// Random arguments over the whole double range: g⁻¹, the gap time and the gap reached in double
// against the same functions in mpfr at 100 digits (themselves checked against the golden tables),
// with the tolerances of test_growth_golden.cpp. Catches regions the fixed grid misses.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "bounds/gap_time.hpp"
#include "bounds/growth_g.hpp"
#include "bounds/growth_g_inverse.hpp"
#include "golden_support.hpp"

using namespace benign;
using namespace benign::test;

namespace {

// ±10^u with u uniform in [lo, hi]
double log_uniform(std::mt19937_64& rng, double lo, double hi) {
  std::uniform_real_distribution<double> u(lo, hi);
  std::bernoulli_distribution sign(0.5);
  double v = std::pow(10.0, u(rng));
  return sign(rng) ? -v : v;
}

double eps_error(const mpfr& got, const mpfr& ref, const mpfr& scale) {
  if (ref == 0) return got == 0 ? 0 : std::numeric_limits<double>::infinity();
  return static_cast<double>(abs(got - ref) / (scale * std::numeric_limits<double>::epsilon()));
}

}  // namespace

TEST_CASE("random arguments: double agrees with mpfr to a few eps", "[bounds][growth][random]") {
  set_mpfr_digits(100);
  std::mt19937_64 rng(20240917);
  const long tokens[] = {1, 2, 8, 100, 100000};
  std::uniform_int_distribution<int> pick(0, 4);
  double worst_inverse = 0, worst_time = 0, worst_reached = 0;
  for (int i = 0; i < 3000; ++i) {
    const long T = tokens[pick(rng)];
    // g⁻¹ over |y| in [1e-300, 1e308]
    double y = log_uniform(rng, -300, 308);
    mpfr x_ref = growth_g_inverse<mpfr>(mpfr(y), T);
    double e = eps_error(mpfr(growth_g_inverse<double>(y, T)), x_ref, abs(x_ref));
    INFO("g^-1: T = " << T << ", y = " << y);
    CHECK(e <= 4);
    worst_inverse = std::max(worst_inverse, e);
    // gap time and gap reached between gaps |x| in [1e-3, 700], rates in [1e-5, 1e5]
    double x0 = log_uniform(rng, -3, std::log10(700.0)), x1 = log_uniform(rng, -3, std::log10(700.0));
    double kappa = std::abs(log_uniform(rng, -5, 5));
    mpfr t_ref = gap_time<mpfr>(mpfr(x0), mpfr(x1), mpfr(kappa), T);
    double t = gap_time<double>(x0, x1, kappa, T);
    if (abs(t_ref) < mpfr(std::numeric_limits<double>::max()) / 2) {
      e = eps_error(mpfr(t), t_ref, abs(t_ref));
      INFO("gap time: T = " << T << ", x0 = " << x0 << ", x1 = " << x1 << ", kappa = " << kappa);
      CHECK(e <= 4);
      worst_time = std::max(worst_time, e);
      // the gap reached at that (rounded) time from x0: backward error, i.e. how far the time from
      // x0 to the returned gap (in mpfr) is from τ, in eps of |τ| plus the rounding of the gap
      // itself (g'(x)·|x|·eps/κ). A forward comparison would be meaningless where g(x0) dominates
      // both g(x1) and κτ: then τ fixes x1 only to within hundreds (e.g. x0 = 420, x1 ≈ 0).
      double tau = t;
      double r = gap_reached<double>(x0, tau, kappa, T);
      mpfr back = gap_time<mpfr>(mpfr(x0), mpfr(r), mpfr(kappa), T);
      mpfr scale = abs(mpfr(tau)) + growth_g_prime<mpfr>(mpfr(r), T) * abs(mpfr(r)) / mpfr(kappa);
      e = eps_error(back, mpfr(tau), scale);
      INFO("gap reached: tau = " << tau << " -> " << r);
      CHECK(e <= 4);
      worst_reached = std::max(worst_reached, e);
    }
  }
  std::cout << "random arguments [double vs mpfr]: worst g^-1 " << worst_inverse << " eps, gap time " << worst_time
            << " eps, gap reached " << worst_reached << " eps\n";
}
