// g, g', g⁻¹, the gap time and the gap reached against the golden tables (tests/bounds/golden/,
// 800-bit MPFR, independent methods: definitions with mpfr_sinh/cosh and bisection), in all seven
// precisions. Errors are measured in a 160-digit reference type, in units of the epsilon of the
// precision under test (eps = 2^{1-p}, the distance from 1 to the next number).
//
// Tolerances (eps), from the operations on the path, each with error ≤ 1/2 eps relative, plus the
// library exp/expm1/log (≤ 1 eps in glibc, libquadmath and MPFR; cpp_bin_float's exp is evaluated in
// twice the digits, bounds/accurate_elementary.hpp). Measured worst errors over the tables are
// ≤ 1.25 eps (g), 1.12 (g'), 1.52 (g⁻¹), 1.42 (gap time), 1.0 (gap reached) in every precision;
// the tolerances of 4 eps leave a factor ≈ 3 for other CPUs and library versions.
//   g        4 eps of |2x| + |2 sinh(x − log T)|: e^{x}/T, T e^{−x}, two additions; the scale is that
//            of the terms, so the bound is relative wherever they do not cancel (T = 1: everywhere)
//   g'       4 eps relative: three positive terms
//   g⁻¹      4 eps relative (also for roots of size 1e-17 next to g(0)): the residual is formed
//            without cancellation of the unknown's digits, and Newton is run to convergence
//   gap time 4 eps relative: three terms of one sign, each from exp and expm1
//   gap reached 4 eps of |x1| + |κτ|/g'(x1): backward stable in τ, plus the rounding of x1
#include <catch2/catch.hpp>
#include <cmath>
#include <iostream>

#include "bounds/gap_time.hpp"
#include "bounds/growth_g.hpp"
#include "bounds/growth_g_inverse.hpp"
#include "golden_support.hpp"

using namespace benign;
using namespace benign::test;

namespace {

constexpr double kTolG = 4, kTolGPrime = 4, kTolInverse = 4, kTolGapTime = 4, kTolGapReached = 4;

template <class S> void use_precision() {
  if constexpr (std::is_same_v<S, mpfr>) set_mpfr_digits(100);
}

const GoldenTable& g_table() { static GoldenTable t = read_golden("g.csv"); return t; }
const GoldenTable& inverse_table() { static GoldenTable t = read_golden("g_inverse.csv"); return t; }
const GoldenTable& gap_time_table() { static GoldenTable t = read_golden("gap_time.csv"); return t; }
const GoldenTable& gap_reached_table() { static GoldenTable t = read_golden("gap_reached.csv"); return t; }

// Error of a value that should be `expected`, in eps of S relative to `scale`; a result beyond the
// range of S must be ±inf. Returns false (row skipped) when the expected value is within a rounding
// of overflow or below the normal range of S.
template <class S> bool error_in_eps(const S& got, const Ref& expected, const Ref& scale, double& err) {
  using std::isinf;
  const Ref mx = max_of<S>();
  const Ref a = abs(expected);
  if (a > mx * (1 + 16 * Ref(eps_of<S>()))) {
    err = (isinf(got) && (got > 0) == (expected > 0)) ? 0.0 : std::numeric_limits<double>::infinity();
    return true;
  }
  if (a > mx * (1 - 16 * Ref(eps_of<S>()))) return false;
  if (expected != 0 && a < to_ref(std::numeric_limits<S>::min())) return false;
  using std::isfinite;
  if (!isfinite(got)) { err = std::numeric_limits<double>::infinity(); return true; }
  if (expected == 0 || scale == 0) {  // an exact zero must come out exactly
    err = got == 0 ? 0.0 : std::numeric_limits<double>::infinity();
    return true;
  }
  err = to_double(abs(to_ref(got) - expected) / (Ref(eps_of<S>()) * scale));
  return true;
}

template <class S, class G> Worst check_g(G g, bool derivative) {
  const auto& t = g_table();
  Worst w;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    long T = std::stol(t.at(i, "T"));
    S x;
    if (!dyadic_value(t.at(i, "x_m"), t.at(i, "x_e"), x)) { ++w.skipped; continue; }
    Ref expected(t.at(i, derivative ? "g_prime" : "g"));
    Ref scale = derivative ? abs(expected) : Ref(t.at(i, "scale"));
    double err;
    if (!error_in_eps<S>(g(x, T), expected, scale, err)) { ++w.skipped; continue; }
    w.update(err, "T = " + std::to_string(T) + ", x = " + t.at(i, "x_approx"));
  }
  return w;
}

template <class S, class F> Worst check_inverse(F inverse) {
  const auto& t = inverse_table();
  Worst w;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    long T = std::stol(t.at(i, "T"));
    S y;
    if (!dyadic_value(t.at(i, "y_m"), t.at(i, "y_e"), y)) { ++w.skipped; continue; }
    Ref expected(t.at(i, "x"));
    double err;
    if (!error_in_eps<S>(inverse(y, T), expected, abs(expected), err)) { ++w.skipped; continue; }
    w.update(err, "T = " + std::to_string(T) + ", y = " + t.at(i, "y_approx") + " (" + t.at(i, "y_m") + "*2^" + t.at(i, "y_e") + ")");
  }
  return w;
}

template <class S, class F> Worst check_gap_time(F time) {
  const auto& t = gap_time_table();
  Worst w;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    long T = std::stol(t.at(i, "T"));
    S x0, x1, kappa;
    if (!dyadic_value(t.at(i, "x0_m"), t.at(i, "x0_e"), x0) || !dyadic_value(t.at(i, "x1_m"), t.at(i, "x1_e"), x1) ||
        !dyadic_value(t.at(i, "kappa_m"), t.at(i, "kappa_e"), kappa)) { ++w.skipped; continue; }
    Ref expected(t.at(i, "time"));
    double err;
    if (!error_in_eps<S>(time(x0, x1, kappa, T), expected, abs(expected), err)) { ++w.skipped; continue; }
    w.update(err, "T = " + std::to_string(T) + ", x0 = " + t.at(i, "x0_approx") + ", x1 = " + t.at(i, "x1_approx") +
                      ", kappa = " + t.at(i, "kappa_approx"));
  }
  return w;
}

template <class S, class F> Worst check_gap_reached(F reached) {
  const auto& t = gap_reached_table();
  Worst w;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    long T = std::stol(t.at(i, "T"));
    S x0, tau, kappa;
    if (!dyadic_value(t.at(i, "x0_m"), t.at(i, "x0_e"), x0) || !dyadic_value(t.at(i, "tau_m"), t.at(i, "tau_e"), tau) ||
        !dyadic_value(t.at(i, "kappa_m"), t.at(i, "kappa_e"), kappa)) { ++w.skipped; continue; }
    Ref expected(t.at(i, "x1"));
    // scale |x1| + |κτ| / g'(x1): an error of a few eps relative in τ moves x1 by eps·|κτ|/g'(x1)
    Ref scale = abs(expected) + abs(to_ref(kappa) * to_ref(tau)) / Ref(t.at(i, "g_prime_x1"));
    double err;
    if (!error_in_eps<S>(reached(x0, tau, kappa, T), expected, scale, err)) { ++w.skipped; continue; }
    w.update(err, "T = " + std::to_string(T) + ", x0 = " + t.at(i, "x0_approx") + ", tau = " + t.at(i, "tau_approx") +
                      ", kappa = " + t.at(i, "kappa_approx"));
  }
  return w;
}

void print(const std::string& line) { std::cout << line << "\n"; }

}  // namespace

#define BENIGN_PRECISIONS float, double, long double, benign::float128, benign::bin50, benign::bin100, benign::mpfr

TEMPLATE_TEST_CASE("g and g' match the golden table in every precision", "[bounds][golden]", BENIGN_PRECISIONS) {
  using S = TestType;
  use_precision<S>();
  Worst g = check_g<S>([](const S& x, long T) { return growth_g<S>(x, T); }, false);
  Worst gp = check_g<S>([](const S& x, long T) { return growth_g_prime<S>(x, T); }, true);
  print(g.report("g", scalar_name<S>()));
  print(gp.report("g'", scalar_name<S>()));
  INFO(g.report("g", scalar_name<S>()));
  INFO(gp.report("g'", scalar_name<S>()));
  CHECK(g.checked > 100);
  CHECK(g.error <= kTolG);
  CHECK(gp.error <= kTolGPrime);
}

TEMPLATE_TEST_CASE("g inverse matches the golden table in every precision", "[bounds][golden]", BENIGN_PRECISIONS) {
  using S = TestType;
  use_precision<S>();
  Worst w = check_inverse<S>([](const S& y, long T) { return growth_g_inverse<S>(y, T); });
  print(w.report("g^-1", scalar_name<S>()));
  INFO(w.report("g^-1", scalar_name<S>()));
  CHECK(w.checked > 100);
  CHECK(w.error <= kTolInverse);
}

TEMPLATE_TEST_CASE("gap time and gap reached match the golden tables in every precision", "[bounds][golden]", BENIGN_PRECISIONS) {
  using S = TestType;
  use_precision<S>();
  Worst time = check_gap_time<S>([](const S& a, const S& b, const S& k, long T) { return gap_time<S>(a, b, k, T); });
  Worst reached = check_gap_reached<S>([](const S& a, const S& tau, const S& k, long T) { return gap_reached<S>(a, tau, k, T); });
  print(time.report("gap time", scalar_name<S>()));
  print(reached.report("gap reached", scalar_name<S>()));
  INFO(time.report("gap time", scalar_name<S>()));
  INFO(reached.report("gap reached", scalar_name<S>()));
  CHECK(time.checked > 100);
  CHECK(reached.checked > 100);
  CHECK(time.error <= kTolGapTime);
  CHECK(reached.error <= kTolGapReached);
}

// Negative controls: the tables and tolerances must catch a wrong formula and a deviation of a
// few times the tolerance.
TEMPLATE_TEST_CASE("negative control: perturbed formulas fail the golden tables", "[bounds][golden][negative]", double, benign::mpfr) {
  using S = TestType;
  use_precision<S>();
  const S bump = 1 + S(4 * kTolG) * std::numeric_limits<S>::epsilon();
  // g with log(T + 1) in place of log T
  Worst wrong_g = check_g<S>([](const S& x, long T) {
    using std::log; using std::sinh;
    return S(2 * x + 2 * sinh(S(x - log(S(T + 1)))));
  }, false);
  // g off by 4·tol eps relative
  Worst bumped_g = check_g<S>([&](const S& x, long T) { return S(growth_g<S>(x, T) * bump); }, false);
  // g⁻¹ solved for T + 1 tokens; and off by 4·tol eps relative
  Worst wrong_inverse = check_inverse<S>([](const S& y, long T) { return growth_g_inverse<S>(y, T + 1); });
  const S bump_inverse = 1 + S(4 * kTolInverse) * std::numeric_limits<S>::epsilon();
  Worst bumped_inverse = check_inverse<S>([&](const S& y, long T) { return S(growth_g_inverse<S>(y, T) * bump_inverse); });
  // the naive gap time (g(x1) − g(x0))/κ loses the digits of nearby gaps
  Worst naive_time = check_gap_time<S>([](const S& a, const S& b, const S& k, long T) {
    return S((growth_g<S>(b, T) - growth_g<S>(a, T)) / k);
  });
  print(wrong_g.report("negative control g with log(T+1)", scalar_name<S>()));
  print(bumped_g.report("negative control g * (1 + 16 eps)", scalar_name<S>()));
  print(wrong_inverse.report("negative control g^-1 for T+1", scalar_name<S>()));
  print(bumped_inverse.report("negative control g^-1 * (1 + 16 eps)", scalar_name<S>()));
  print(naive_time.report("negative control naive gap time", scalar_name<S>()));
  CHECK(wrong_g.error > 1e6 * kTolG);
  CHECK(bumped_g.error > kTolG);
  CHECK(wrong_inverse.error > 1e6 * kTolInverse);
  CHECK(bumped_inverse.error > kTolInverse);
  CHECK(naive_time.error > kTolGapTime);
}
