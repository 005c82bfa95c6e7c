// Definitions of bounds/growth_g_inverse.hpp; included only by bounds/instantiate/*.cpp.
#pragma once
#include <cmath>
#include <limits>
#include <type_traits>

#include "bounds/exp_terms.hpp"
#include "bounds/growth_g.hpp"
#include "bounds/growth_g_inverse.hpp"
#include "bounds/newton_bracketed.hpp"

namespace benign {

namespace bounds_detail {

// Bits in the significand of x (for mpfr: the precision of this value).
template <class S> int significand_bits(const S& x) {
  if constexpr (std::is_same_v<S, mpfr>) return int(mpfr_get_prec(x.backend().data()));
  else { (void)x; return std::numeric_limits<S>::digits; }
}

inline int bit_width(long v) {
  int w = 0;
  while (v > 0) { ++w; v >>= 1; }
  return w;
}

// c = y − g(0) = y + T − 1/T  [g(0) = 1/T − T, theory.md §3], with a relative error of a few eps
// also when y is next to g(0): s = y + T is then exact (Sterbenz), and T·s − 1 is formed exactly by
// splitting s into a high part of p − w bits and a low part of w bits (T has w bits), so that both
// products with T are exact. Needs p ≥ 2w + 1; float works in double instead.
template <class S> S offset_from_g0(const S& y, long T) {
  using std::frexp;
  using std::isfinite;
  using std::ldexp;
  using std::trunc;
  if (T == 1) return y;
  if constexpr (std::is_same_v<S, float>) {
    return float(offset_from_g0<double>(double(y), T));
  } else {
    const S t = S(T);
    const S s = y + t;
    const int w = bit_width(T);
    const int p = significand_bits(s);
    if (p < 2 * w + 1 || s == 0 || !isfinite(s)) return s - S(1) / t;
    int e = 0;
    const S m = frexp(s, &e);
    const S s_hi = ldexp(trunc(ldexp(m, p - w)), e - (p - w));
    const S s_lo = s - s_hi;
    return ((t * s_hi - 1) + t * s_lo) / t;
  }
}

// Start for the Newton iterations of the moderate regions, in double: u = x − log T solves
// 2u + 2 sinh u = y − 2 log T; u ≈ asinh(w/4) for small |w|, ≈ log(|w| − 2 log|w|) for large.
inline double growth_g_inverse_start(double y, long T) {
  double logT = std::log(double(T));
  double w = y - 2 * logT;
  double a = std::fabs(w);
  double u = a < 8 ? std::asinh(a / 4) : std::log(a - 2 * std::log(a));
  return logT + (w < 0 ? -u : u);
}

}  // namespace bounds_detail

template <class S> S growth_g_inverse(const S& y, long T) {
  using namespace bounds_detail;
  using std::isinf;
  using std::isnan;
  using std::log;
  check_tokens(T);
  if (isnan(y) || isinf(y)) return y;
  const S t = S(T);
  const S logT = log(t);
  const S tol = 16 * std::numeric_limits<S>::epsilon();
  const S half = S(1) / S(2);
  const S x_big = S(32) + 2 * logT;  // beyond ±x_big one exponential term dominates g

  // Start of the moderate regions: the double solution (for double itself, the closed-form start).
  auto start = [&](const S& lo, const S& hi) -> S {
    double yd = static_cast<double>(y);
    double xd = std::is_same_v<S, double> ? growth_g_inverse_start(yd, T) : growth_g_inverse<double>(yd, T);
    S x = S(xd);
    return x < lo ? lo : (x > hi ? hi : x);
  };

  if (y >= growth_g(x_big, T)) {
    // x ≥ x_big: y = 2x + e^x/T − T e^{−x}. With w = y − 2x + T e^{−x} (= e^x/T at the root),
    // φ(x) = 1 − w T e^{−x} is increasing, φ' = T e^{−x} (w + 2 + T e^{−x}) ≈ 1 near the root.
    // g(log T + log y) = 2 (log T + log y) + y − 1/y ≥ y; widened by a few eps for its rounding
    const S lo = x_big, hi = (logT + log(y)) * (1 + 4 * std::numeric_limits<S>::epsilon());
    auto eval = [&](const S& x) {
      S F = exp_term_F(x, t);
      S w = (y - 2 * x) + F;
      S q = exp_scaled(S(-x), w, t, S(1));           // w T e^{−x}
      S r = exp_scaled(S(-x), S(F + 2), t, S(1));    // (2 + F) T e^{−x}
      S phi = 1 - q;
      return NewtonEval<S>{phi, phi / (q + r)};
    };
    return newton_bracketed(lo, hi, hi, eval, tol);
  }
  if (y <= growth_g(S(-x_big), T)) {
    // x ≤ −x_big: with w = 2x + e^x/T − y (= T e^{−x} at the root), ψ(x) = w e^x/T − 1 is
    // increasing, ψ' = e^x/T (w + 2 + e^x/T) ≈ 1 near the root.
    // g(log T − log(−y)) ≤ y here; widened by a few eps for its rounding
    const S lo = (logT - log(S(-y))) * (1 + 4 * std::numeric_limits<S>::epsilon()), hi = S(-x_big);
    auto eval = [&](const S& x) {
      S E = exp_term_E(x, t);
      S w = (2 * x + E) - y;
      S q = exp_scaled(x, w, S(1), t);          // w e^x / T
      S r = exp_scaled(x, S(E + 2), S(1), t);   // (2 + E) e^x / T
      S psi = q - 1;
      return NewtonEval<S>{psi, psi / (q + r)};
    };
    return newton_bracketed(lo, hi, lo, eval, tol);
  }
  const S y_half = growth_g(half, T);
  if (y >= growth_g(S(-half), T) && y <= y_half) {
    // |x| ≤ 1/2: P(x) = g(x) − g(0) = 2x + expm1(x)/T − T expm1(−x) (three terms of the sign of x)
    // equals c = y − g(0).
    const S c = offset_from_g0(y, T);
    if (c == 0) return S(0);
    auto eval = [&](const S& x) {
      S P = (2 * x + expm1_accurate(x) / t) - t * expm1_accurate(S(-x));
      S v = P - c;
      return NewtonEval<S>{v, v / growth_g_prime(x, T)};
    };
    return newton_bracketed(S(-half), half, start(S(-half), half), eval, tol);
  }
  // 1/2 < |x| < x_big: Newton on g(x) − y; its rounding error, eps·(2|x| + e^x/T + T e^{−x}),
  // is at most about 2|x|·eps·g'(x), a relative error of a few eps in x.
  const S lo = y > y_half ? half : S(-x_big), hi = y > y_half ? x_big : S(-half);
  auto eval = [&](const S& x) {
    S v = growth_g(x, T) - y;
    return NewtonEval<S>{v, v / growth_g_prime(x, T)};
  };
  return newton_bracketed(lo, hi, start(lo, hi), eval, tol);
}

}  // namespace benign
