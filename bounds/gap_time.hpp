// Time for an attention gap to move under dΛ/dτ = κ s(1−s), and the gap reached at a time
// (theory.md §3: g(Λ(τ)) − g(Λ(0)) = κτ).
#pragma once
#include "core/precision.hpp"

namespace benign {

// g(x1) − g(x0) = 2D + (e^{x_hi}/T + T e^{−x_lo})(1 − e^{−D}), D = x_hi − x_lo  [derived from theory.md §3],
// with the sign of x1 − x0. All three terms have one sign: relative error a few eps, also for
// x1 → x0, and no overflow unless the difference itself overflows.
template <class S> S growth_g_increment(const S& x0, const S& x1, long T);

// τ(x0 → x1) = (g(x1) − g(x0)) / κ  [theory.md §3], κ > 0. Relative error a few eps; finite whenever
// the time is (the difference is divided by κ before it can overflow).
template <class S> S gap_time(const S& x0, const S& x1, const S& kappa, long T);

// x1 = g⁻¹(g(x0) + κτ), the gap reached at time τ from x0  [theory.md §3], κ > 0, any finite τ.
// Solved as log(g(x1) − g(x0)) = log(κτ) (for τ < 0 the mirror image) with the increment formed as
// above, so neither g(x0) + κτ nor κτ itself is ever formed when it would overflow. The result is
// exact for a τ perturbed by a few eps relative (backward stable in τ), plus the final rounding of x1.
template <class S> S gap_reached(const S& x0, const S& tau, const S& kappa, long T);

}  // namespace benign
