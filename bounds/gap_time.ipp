// Definitions of bounds/gap_time.hpp; included only by bounds/instantiate/*.cpp.
#pragma once
#include <algorithm>
#include <cmath>
#include <limits>

#include "bounds/exp_terms.hpp"
#include "bounds/gap_time.hpp"
#include "bounds/growth_g.hpp"
#include "bounds/input_checks.hpp"
#include "bounds/newton_bracketed.hpp"

namespace benign {

namespace bounds_detail {

// The three terms of g(hi) − g(lo) for hi > lo, each ≥ 0  [derived from theory.md §3]:
// 2D, E(hi)·f and F(lo)·f with D = hi − lo, f = 1 − e^{−D}.
template <class S> struct IncrementTerms {
  S D, f, linear, upper, lower;
};

template <class S> IncrementTerms<S> increment_terms(const S& lo, const S& hi, const S& t) {
  IncrementTerms<S> r;
  r.D = hi - lo;
  r.f = -bounds_detail::expm1_accurate(S(-r.D));
  r.linear = 2 * r.D;
  r.upper = exp_scaled(hi, r.f, S(1), t);
  r.lower = exp_scaled(S(-lo), r.f, t, S(1));
  return r;
}

template <class S> S increment_sum(const IncrementTerms<S>& r) { return (r.linear + r.lower) + r.upper; }

// log(e^a + e^b + e^c) without overflow.
template <class S> S log_sum_exp3(const S& a, const S& b, const S& c) {
  using std::exp;
  using std::log;
  S m = std::max(a, std::max(b, c));
  return m + log(exp(a - m) + exp(b - m) + exp(c - m));
}

// log(g(hi) − g(lo)) for hi > lo, finite also when the increment overflows S.
template <class S> S log_increment(const IncrementTerms<S>& r, const S& lo, const S& hi, const S& logT) {
  using std::isfinite;
  using std::log;
  S s = increment_sum(r);
  if (isfinite(s)) return log(s);
  S log_f = log(r.f);
  S la = isfinite(r.upper) ? log(r.upper) : (hi - logT) + log_f;
  S lb = isfinite(r.lower) ? log(r.lower) : (logT - lo) + log_f;
  S lc = isfinite(r.linear) ? log(r.linear) : log(S(2)) + log(r.D);
  return log_sum_exp3(la, lb, lc);
}

// log g'(x) = log(2 + e^x/T + T e^{−x}), finite also when g'(x) overflows S.
template <class S> S log_growth_g_prime(const S& x, long T, const S& logT) {
  using std::isfinite;
  using std::log;
  S gp = growth_g_prime(x, T);
  if (isfinite(gp)) return log(gp);
  return log_sum_exp3(S(log(S(2))), S(x - logT), S(logT - x));
}

// e^z f / (m κ) for the time terms when the increment overflows: κ divides one half of e^z.
template <class S> S exp_scaled_over_kappa(const S& z, const S& f, const S& m, const S& q, const S& kappa) {
  using std::exp;
  using std::isfinite;
  using std::log;
  S h = exp_accurate(S(z / 2));
  if (isfinite(h)) return (((h * f) * m) / q) * (h / kappa);
  return exp(((z + log(f)) + (log(m) - log(q))) - log(kappa));
}

}  // namespace bounds_detail

// g(x1) − g(x0) = ±(2D + (E(x_hi) + F(x_lo))(1 − e^{−D}))  [derived from theory.md §3]
template <class S> S growth_g_increment(const S& x0, const S& x1, long T) {
  check_tokens(T);
  if (x1 == x0) return S(0);
  const S t = S(T);
  if (x1 > x0) return bounds_detail::increment_sum(bounds_detail::increment_terms(x0, x1, t));
  return S(-bounds_detail::increment_sum(bounds_detail::increment_terms(x1, x0, t)));
}

// τ = (g(x1) − g(x0)) / κ  [theory.md §3]
template <class S> S gap_time(const S& x0, const S& x1, const S& kappa, long T) {
  using namespace bounds_detail;
  using std::isfinite;
  check_tokens(T);
  check_positive(kappa, "kappa");
  if (x1 == x0) return S(0);
  const S t = S(T);
  const bool up = x1 > x0;
  const S lo = up ? x0 : x1, hi = up ? x1 : x0;
  IncrementTerms<S> r = increment_terms(lo, hi, t);
  S s = increment_sum(r);
  S time;
  if (isfinite(s)) {
    time = s / kappa;
  } else {  // the increment overflows S but the time may not: divide each term by κ first
    S a = exp_scaled_over_kappa(hi, r.f, S(1), t, kappa);
    S b = exp_scaled_over_kappa(S(-lo), r.f, t, S(1), kappa);
    time = (r.linear / kappa + b) + a;
  }
  return up ? time : S(-time);
}

// x1 with g(x1) − g(x0) = κτ  [theory.md §3]
template <class S> S gap_reached(const S& x0, const S& tau, const S& kappa, long T) {
  using namespace bounds_detail;
  using std::abs;
  using std::exp;
  using std::isfinite;
  using std::isnan;
  using std::isnormal;
  using std::log;
  using std::log1p;
  check_tokens(T);
  check_positive(kappa, "kappa");
  if (isnan(x0) || isnan(tau)) return x0 + tau;
  if (tau == 0) return x0;
  const S t = S(T), logT = log(t);
  const S eps = std::numeric_limits<S>::epsilon();
  const bool up = tau > 0;
  const S abs_tau = abs(tau);
  // r = κ|τ| and log r; the product is used when it is a normal number (one rounding).
  const S r = kappa * abs_tau;
  const bool r_ok = isnormal(r);
  const S log_r = r_ok ? S(log(r)) : S(log(kappa) + log(abs_tau));
  auto log_add = [](const S& a, const S& b) {  // log(e^a + e^b)
    S m = std::max(a, b);
    return m + log1p(exp(S(-abs(a - b))));
  };

  // φ(x) = log(|g(x) − g(x0)| / r), increasing in x for τ > 0; the mirror image for τ < 0.
  // Newton step φ / φ' with φ' = g'(x) / |g(x) − g(x0)|.
  auto eval = [&](const S& x) {
    if (up ? !(x > x0) : !(x < x0))
      return NewtonEval<S>{S(up ? -1 : 1), std::numeric_limits<S>::quiet_NaN()};
    const S lo = up ? x0 : x, hi = up ? x : x0;
    IncrementTerms<S> terms = increment_terms(lo, hi, t);
    S inc = increment_sum(terms);
    S phi, ratio;  // ratio = increment / g'(x)
    const S gp = growth_g_prime(x, T);
    if (isfinite(inc) && r_ok && isfinite(gp)) {
      phi = log(inc / r);
      ratio = inc / gp;
    } else {
      S li = log_increment(terms, lo, hi, logT);
      phi = li - log_r;
      ratio = exp(li - log_growth_g_prime(x, T, logT));
    }
    if (!up) phi = -phi;
    return NewtonEval<S>{phi, S(phi * ratio)};  // φ' = g'(x)/increment in both directions
  };

  // Bracket: |g(x) − g(x0)| ≥ 4|x − x0|, and ≥ e^x/T − e^{x0}/T (τ > 0) or T e^{−x} − T e^{−x0} (τ < 0).
  const S by_slope = exp(log_r - log(S(4)));
  S far;
  if (up) {
    far = std::min(S(x0 + by_slope), S(logT + log_add(log_r, S(x0 - logT))));
  } else {
    far = std::max(S(x0 - by_slope), S(logT - log_add(log_r, S(logT - x0))));
  }
  S width = abs(far - x0);
  const S min_width = std::max(S(eps * abs(x0)), std::numeric_limits<S>::min());
  if (!(width >= min_width)) width = min_width;
  // widen until the far end is past the root (guards the rounding of the estimates above)
  for (int i = 0; i < 4096; ++i) {
    far = up ? S(x0 + width) : S(x0 - width);
    NewtonEval<S> e = eval(far);
    if (up ? e.value >= 0 : e.value <= 0) break;
    width = width * 2;
  }
  const S lo = up ? x0 : far, hi = up ? far : x0;
  // start: the first-order move r / g'(x0), from which Newton on the concave φ climbs monotonically
  const S move = exp(log_r - log_growth_g_prime(x0, T, logT));
  S start = up ? S(x0 + move) : S(x0 - move);
  if (!(start > lo && start < hi)) start = far;
  return newton_bracketed(lo, hi, start, eval, S(16 * eps));
}

}  // namespace benign
