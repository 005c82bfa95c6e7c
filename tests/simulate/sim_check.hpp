// Shared helpers of the simulator's numerical tests (test_engines, test_numerics, test_training):
// a reference scalar far wider than any working precision, tiny hand-made data sets, and
// error measures stated in units of the working epsilon.
#pragma once
#include <boost/multiprecision/mpfr.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/precision.hpp"
#include "core/rng.hpp"
#include "simulate/dataset.hpp"
#include "simulate/linalg.hpp"

namespace benign::test {

// Reference scalar: MPFR with 240 decimal digits fixed at compile time (no process-wide state,
// unlike benign::mpfr whose digits are set at run time). Central differences with h = 1e-70 are
// exact to ~1e-140 in it, far below the rounding of bin100 (eps ≈ 1e-100).
using ref_t = boost::multiprecision::number<boost::multiprecision::mpfr_float_backend<240>,
                                            boost::multiprecision::et_off>;

template <class T> double eps_of() { return static_cast<double>(std::numeric_limits<T>::epsilon()); }
template <class T> T eps_t() { return std::numeric_limits<T>::epsilon(); }

template <class T> double dbl(const T& x) { return static_cast<double>(x); }

// x exactly in ref_t (a dd is hi + lo; the other scalars convert directly).
template <class T> ref_t to_ref(const T& x) {
  if constexpr (std::is_same_v<T, dd>) return ref_t(x.hi()) + ref_t(x.lo());
  else return ref_t(x);
}

// Print measured values when BENIGN_TEST_VERBOSE is set (the report quotes them).
inline bool verbose() { return std::getenv("BENIGN_TEST_VERBOSE") != nullptr; }
#define BENIGN_REPORT(...)                          \
  do {                                              \
    if (::benign::test::verbose()) {                \
      std::fprintf(stderr, "[measured] " __VA_ARGS__); \
      std::fprintf(stderr, "\n");                   \
    }                                               \
  } while (0)

// ‖a − b‖_∞ / ‖b‖_∞ in the scalar of a, returned as double (0 if both are 0).
template <class T> double rel_inf(const Vec<T>& a, const Vec<T>& b) {
  using std::abs;
  T num = T(0), den = T(0);
  for (long k = 0; k < b.size(); ++k) {
    num = std::max<T>(num, T(abs(T(a[k] - b[k]))));
    den = std::max<T>(den, T(abs(b[k])));
  }
  if (den == T(0)) return num == T(0) ? 0.0 : std::numeric_limits<double>::infinity();
  return dbl(T(num / den));
}
template <class T> bool all_finite(const Vec<T>& v) {
  using std::isfinite;
  using boost::multiprecision::isfinite;
  for (long k = 0; k < v.size(); ++k) if (!isfinite(v[k])) return false;
  return true;
}
template <class T> bool all_finite(const Mat<T>& m) {
  using std::isfinite;
  using boost::multiprecision::isfinite;
  for (long r = 0; r < m.rows(); ++r)
    for (long k = 0; k < m.cols(); ++k) if (!isfinite(m(r, k))) return false;
  return true;
}

// Bitwise equality of doubles (NaN == NaN if the bits agree).
inline bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// A tiny hand-made data set ("user data" path): arbitrary X, ν, W0, p0, so every entry of the
// model is generic (no structure the engines could exploit by accident). Values are doubles with
// few significant bits, exactly representable in every scalar.
inline Dataset tiny_dataset(long n, long T, long d, long n_test, std::uint64_t seed, bool with_W0 = true,
                            double p_scale = 1.0) {
  Rng rng(seed, 7);
  auto draw = [&] { return std::ldexp(std::round(std::ldexp(rng.normal(), 10)), -10); };
  Dataset D;
  D.n = n; D.n_test = n_test; D.T = T; D.d = d;
  D.source = "tiny";
  D.X.resize(n * T, d);
  for (long r = 0; r < n * T; ++r) for (long j = 0; j < d; ++j) D.X(r, j) = draw();
  D.X_test.resize(n_test * T, d);
  for (long r = 0; r < n_test * T; ++r) for (long j = 0; j < d; ++j) D.X_test(r, j) = draw();
  D.y_clean.resize(n); D.y.resize(n); D.y_test.resize(n_test);
  for (long i = 0; i < n; ++i) { D.y_clean[i] = i % 2 ? -1 : 1; D.y[i] = (i == 1) ? -D.y_clean[i] : D.y_clean[i]; }
  for (long i = 0; i < n_test; ++i) D.y_test[i] = i % 2 ? -1 : 1;
  D.token_type.assign(T, TokenType::Irrelevant);
  D.token_type[0] = TokenType::Relevant;
  if (T > 1) D.token_type[1] = TokenType::WeakSame;
  if (T > 2) D.token_type[2] = TokenType::WeakOpp;
  D.nu.resize(d);
  for (long j = 0; j < d; ++j) D.nu[j] = draw();
  D.mu_pos = VecD::Zero(d); D.mu_pos[0] = 1.0;
  D.mu_neg = VecD::Zero(d); D.mu_neg[d > 1 ? 1 : 0] = 1.0;
  D.has_W0 = with_W0;
  if (with_W0) {
    D.W0.resize(d, d);
    for (long r = 0; r < d; ++r) for (long j = 0; j < d; ++j) D.W0(r, j) = draw() / std::sqrt(double(d));
  }
  D.has_p0 = true;
  D.p0.resize(d);
  for (long j = 0; j < d; ++j) D.p0[j] = p_scale * draw();
  return D;
}

// A Config that matches a tiny data set (for make_problem / make_grams / FullEngine).
inline Config tiny_config(const Dataset& D) {
  Config c;
  c.n = D.n; c.T = D.T; c.d = D.d; c.n_test = D.n_test;
  c.n_relevant = 1; c.n_weak_same = D.T > 1 ? 1 : 0; c.n_weak_opp = D.T > 2 ? 1 : 0;
  c.w_init = "gaussian";  // ignored: W0 comes from D
  c.p_init = "gaussian";  // ignored: p0 comes from D
  c.setup = "native";
  return c;
}

}  // namespace benign::test
