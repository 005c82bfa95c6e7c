// The growth function as the paper uses it (theory.md §3): g turns a gap obeying
// dΛ/dτ = κ s(1−s) into the time to reach it; g' = 1/(s(1−s)); extreme arguments; bad input.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "bounds/gap_time.hpp"
#include "bounds/growth_g.hpp"
#include "bounds/growth_g_inverse.hpp"
#include "bounds/input_checks.hpp"
#include "core/errors.hpp"

using namespace benign;

TEST_CASE("g' is 1/(s(1-s)) with s = e^x/(e^x + T)", "[bounds][growth]") {
  // s = 1/(1 + a), 1 − s = a/(1 + a) with a = T e^{−x} (no cancellation in 1 − s), in long double
  for (long T : {1L, 8L, 1000L})
    for (double x : {-30.0, -2.0, 0.0, 0.7, 2.0794415416798357, 9.0, 40.0}) {
      long double a = T * std::exp(-(long double)x);
      long double s = 1 / (1 + a), one_minus_s = a / (1 + a);
      CHECK(growth_g_prime<double>(x, T) == Approx(double(1 / (s * one_minus_s))).epsilon(4e-16));
    }
}

TEST_CASE("a gap obeying dL/dtau = kappa s(1-s) is at g^-1(g(L0) + kappa tau)", "[bounds][growth]") {
  // RK4 on the gap ODE (theory.md §3) in double, 20000 steps: error ≈ h^4 ≈ 1e-12
  const long T = 8;
  const double kappa = 0.75, x0 = -3, tau_end = 400;
  auto rate = [&](double L) {
    double s = 1 / (1 + T * std::exp(-L));
    return kappa * s * (1 - s);
  };
  const int steps = 20000;
  const double h = tau_end / steps;
  double L = x0;
  for (int i = 1; i <= steps; ++i) {
    double k1 = rate(L), k2 = rate(L + h / 2 * k1), k3 = rate(L + h / 2 * k2), k4 = rate(L + h * k3);
    L += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
    if (i % 5000 == 0) {
      double tau = i * h;
      CHECK(gap_reached<double>(x0, tau, kappa, T) == Approx(L).epsilon(1e-10));
      CHECK(gap_time<double>(x0, L, kappa, T) == Approx(tau).epsilon(1e-10));
    }
  }
  // gaps grow like log τ: the gap at time τ is log T + log(κτ) + o(1)
  CHECK(gap_reached<double>(x0, 1e12, kappa, T) == Approx(std::log(double(T)) + std::log(kappa * 1e12)).epsilon(1e-10));
}

TEST_CASE("g^-1 inverts g at the extremes of every range", "[bounds][growth]") {
  // double: the largest finite y, and y whose g^-1 needs e^x/T with e^x itself beyond the range
  const double ymax = std::numeric_limits<double>::max();
  double x = growth_g_inverse<double>(ymax, 8);
  CHECK(std::isfinite(x));
  // the rounding of x (712 · eps/2 relative through g's condition number x g'/g ≈ x) bounds the round trip
  CHECK(growth_g<double>(x, 8) == Approx(ymax).epsilon(x * 2.3e-16));
  CHECK(std::exp(x) == std::numeric_limits<double>::infinity());  // e^x overflows, e^x / T does not
  CHECK(growth_g_inverse<double>(-ymax, 8) == Approx(std::log(8.0) - std::log(ymax)).epsilon(1e-15));
  CHECK(growth_g_inverse<double>(std::numeric_limits<double>::denorm_min(), 1) <= std::numeric_limits<double>::denorm_min());
  CHECK(growth_g_inverse<double>(std::numeric_limits<double>::infinity(), 8) == std::numeric_limits<double>::infinity());
  CHECK(std::isnan(growth_g_inverse<double>(std::nan(""), 8)));
  // g overflows only when its value does
  CHECK(std::isinf(growth_g<double>(720, 8)));
  CHECK(std::isfinite(growth_g<double>(711, 8)));  // e^711 overflows, e^711/8 = 1.1e308 does not
  // mpfr: y = ±1e300 and far beyond any double
  set_mpfr_digits(100);
  for (const char* text : {"1e300", "-1e300", "1e100000", "-1e100000", "1e-100000"}) {
    mpfr y(text);
    mpfr xm = growth_g_inverse<mpfr>(y, 8);
    INFO(text << " -> " << to_text(xm));
    // the rounding of x moves g by eps·|x|·g'(x)
    CHECK(abs(growth_g<mpfr>(xm, 8) - y) <= 8 * std::numeric_limits<mpfr>::epsilon() * (abs(xm) * growth_g_prime<mpfr>(xm, 8) + abs(y)));
  }
  // 1e100000: x = log 8 + log(1e100000) - 2x/y... to all digits
  mpfr expect = log(mpfr(8)) + log(mpfr("1e100000"));
  CHECK(abs(growth_g_inverse<mpfr>(mpfr("1e100000"), 8) - expect) < 4 * std::numeric_limits<mpfr>::epsilon() * expect);
}

TEST_CASE("gap time does not overflow when the time is finite", "[bounds][growth]") {
  // g(720) - g(0) overflows double, divided by kappa = 1e300 it is e^720/8/1e300 ≈ 2.9e11
  double t = gap_time<double>(0, 720, 1e300, 8);
  CHECK(t == Approx(std::exp(360.0) / 8 * (std::exp(360.0) / 1e300)).epsilon(1e-13));
  // and the inverse: kappa tau = 1e600 is never formed
  CHECK(gap_reached<double>(0, 1e300, 1e300, 8) == Approx(std::log(8.0) + 600 * std::log(10.0)).epsilon(1e-15));
  CHECK(gap_reached<double>(0, -1e300, 1e300, 8) == Approx(std::log(8.0) - 600 * std::log(10.0)).epsilon(1e-15));
  CHECK(gap_time<double>(3, 3, 1, 8) == 0);
  CHECK(gap_time<double>(3, 2, 1, 8) == -gap_time<double>(2, 3, 1, 8));
}

TEST_CASE("bad input to the growth functions names the key and range", "[bounds][growth]") {
  auto message = [](auto f) {
    try { f(); } catch (const ConfigError& e) { return std::string(e.what()); }
    return std::string();
  };
  CHECK(message([] { growth_g<double>(1.0, 0); }).find("'T' = 0 is out of range: allowed integer in [1, inf)") != std::string::npos);
  CHECK(message([] { gap_time<double>(0.0, 1.0, 0.0, 8); }).find("'kappa' = 0 is out of range: allowed real in (0, inf)") != std::string::npos);
  CHECK(message([] { gap_reached<double>(0.0, 1.0, -1.0, 8); }).find("'kappa'") != std::string::npos);
  CHECK(message([] { scalar_from_text<float>("1e300", "y"); }).find("'y' = '1e300' is out of range for precision float") != std::string::npos);
  CHECK(message([] { scalar_from_text<float>("1e-300", "x"); }).find("underflows to 0 in precision float") != std::string::npos);
  CHECK(message([] { scalar_from_text<double>("abc", "x"); }).find("'x' = 'abc' is not a decimal number") != std::string::npos);
  CHECK(message([] { scalar_from_text<double>("inf", "x"); }).find("not a decimal number") != std::string::npos);
  CHECK(scalar_from_text<double>("-0.0", "x") == 0);
  set_mpfr_digits(50);
  CHECK(scalar_from_text<mpfr>("1e300000", "y") > mpfr("9.9e299999"));
}
