// Newton's method kept inside a bracket: the root finder behind g⁻¹ and the gap reached at a time.
#pragma once
#include <cmath>
#include <limits>

namespace benign::bounds_detail {

// One evaluation of an increasing function φ: its value (only the sign is used for the bracket)
// and the Newton step φ/φ' (computed by the caller in whatever scaled form avoids overflow).
template <class S> struct NewtonEval {
  S value;
  S step;
};

// Root of an increasing φ in [lo, hi] (φ(lo) ≤ 0 ≤ φ(hi)), from the start x. Newton steps that
// leave the bracket, or are not finite, are replaced by bisection. Stops when a step no longer
// changes x beyond `rel_tol` · |x| (Newton converges quadratically, so the last step already
// carried the full precision) or when the bracket has collapsed to adjacent numbers.
template <class S, class Eval>
S newton_bracketed(S lo, S hi, S x, Eval eval, const S& rel_tol, int max_iter = 400) {
  using std::abs;
  using std::isfinite;
  if (!(x >= lo && x <= hi)) x = (lo + hi) / 2;
  for (int it = 0; it < max_iter; ++it) {
    NewtonEval<S> e = eval(x);
    if (e.value == 0) return x;
    if (e.value < 0) lo = x;
    else if (e.value > 0) hi = x;  // a NaN value moves neither end: bisect below
    S xn = x - e.step;
    bool newton_ok = e.value == e.value && e.step != 0 && isfinite(xn) && xn >= lo && xn <= hi;
    if (!newton_ok) {
      xn = lo + (hi - lo) / 2;
      if (xn == lo || xn == hi) return x;  // bracket of adjacent numbers
    }
    if (xn == x) return x;
    if (newton_ok && abs(xn - x) <= rel_tol * abs(xn)) return xn;
    x = xn;
  }
  return x;
}

}  // namespace benign::bounds_detail
