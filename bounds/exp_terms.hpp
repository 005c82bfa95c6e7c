// The two exponential terms of the growth function (theory.md §3):
//   g(x) = 2x + 2 sinh(x − log T) = 2x + E(x) − F(x),  E(x) = e^x / T,  F(x) = T e^{−x}.
// They are formed as e^z · f · m / q without a spurious overflow or a subnormal e^z in the middle
// (e^z alone may overflow while e^z / T, or e^z times a small factor, is finite).
#pragma once
#include <cmath>

#include "bounds/accurate_elementary.hpp"

namespace benign::bounds_detail {

// e^z · f · m / q for f, m, q > 0 (f ≤ 1 or moderate): e^z is split into e^{z/2} · e^{z/2} when
// it is not a normal number, and the small factors are applied between the halves.
template <class S> S exp_scaled(const S& z, const S& f, const S& m, const S& q) {
  using std::isnormal;
  S e = exp_accurate(z);
  if (isnormal(e)) return ((e * f) * m) / q;
  S h = exp_accurate(S(z / 2));
  return (((h * f) * m) / q) * h;
}

// E(x) = e^x / T  [theory.md §3, 2 sinh(x − log T) = E − F]
template <class S> S exp_term_E(const S& x, const S& T) { return exp_scaled(x, S(1), S(1), T); }

// F(x) = T e^{−x}  [theory.md §3]
template <class S> S exp_term_F(const S& x, const S& T) { return exp_scaled(S(-x), S(1), T, S(1)); }

}  // namespace benign::bounds_detail
