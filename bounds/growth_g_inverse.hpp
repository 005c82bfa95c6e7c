// The inverse of the growth function: the gap x with g(x) = y (theory.md §3).
#pragma once
#include "core/precision.hpp"

namespace benign {

// x = g⁻¹(y), g(x) = 2x + 2 sinh(x − log T)  [paper; theory.md §3; g is increasing, g' ≥ 4].
// Relative error a few eps for every finite y of S (also y = ±1e300 in double or mpfr, and y whose
// root x is tiny, e.g. y next to g(0) = 1/T − T). No intermediate overflows:
//   |x| ≥ 32 + 2 log T : the dominant exponential is divided out (Newton on 1 − (y − 2x + T e^{−x}) T e^{−x},
//                        resp. on its mirror image for y < 0), started from log T ± log|y|;
//   |x| ≤ 1/2          : Newton on g(x) − g(0) = c, both sides formed without cancellation
//                        (c = y + T − 1/T with an exact product);
//   otherwise          : Newton on g(x) − y.
// All inside a bracket with bisection as the fallback. NaN in, NaN out; ±inf in, ±inf out.
template <class S> S growth_g_inverse(const S& y, long T);

}  // namespace benign
