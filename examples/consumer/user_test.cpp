// A user's own tests against the installed package: g⁻¹ at 100 digits and the predicted regime.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "bounds/growth_g.hpp"
#include "bounds/growth_g_inverse.hpp"
#include "bounds/predict.hpp"
#include "core/precision.hpp"

using benign::mpfr;

// g(g⁻¹(y)) = y [theory.md §3]. Tolerance: g' ≥ 4, so |g(x) − y| ≤ 4·|y|·(a few eps) for the relative
// error of a few eps that growth_g_inverse states; 64 eps leaves room for g's own rounding.
TEST_CASE("g inverse at 100 digits: g(g^-1(y)) = y to 64 eps", "[user]") {
  benign::set_mpfr_digits(100);
  const mpfr eps = std::numeric_limits<mpfr>::epsilon();
  CHECK(eps < mpfr("1e-99"));  // 100 digits are in effect
  for (const char* ys : {"-1e20", "-3", "0.125", "7", "1e40"}) {
    const mpfr y(ys);
    const mpfr x = benign::growth_g_inverse<mpfr>(y, 8);
    INFO("y = " << ys << ", x = " << x.str(40));
    CHECK(abs(benign::growth_g<mpfr>(x, 8) - y) <= 64 * eps * (abs(y) + 1));
  }
}

// The paper's map orders regimes by SNR = ‖μ‖/(σ√d) (theory.md §4): a far smaller ‖μ‖ is harmful,
// a far larger one not overfitting, and the regime is the one the boundary sides name.
TEST_CASE("predicted regime follows the SNR order of the paper's map", "[user]") {
  const benign::RegimeMap map = benign::paper_regime_map();
  benign::Config c;  // n = 20, T = 8, d = 2000 (the defaults of `benign run`)
  benign::set_key(c, "mu", "1e-6");
  CHECK(benign::predict<double>(c, map).regime == map.regimes.front());
  benign::set_key(c, "mu", "1e6");
  CHECK(benign::predict<double>(c, map).regime == map.regimes.back());
  benign::set_key(c, "mu", "20");
  const auto p = benign::predict<double>(c, map);
  std::size_t above = 0;
  for (const auto& b : p.boundaries) above += b.margin > 0;
  CHECK(p.regime == map.regimes[above]);
}
