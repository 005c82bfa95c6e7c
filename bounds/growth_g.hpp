// The growth function of the attention gaps (theory.md §3):
//   g(x)  = 2x + 2 sinh(x − log T)            [paper]
//   g'(x) = 2 + 2 cosh(x − log T) = 1/(s(1−s)), s = e^x/(e^x + T)   [derived]
// A gap obeying dΛ/dτ = κ s(1−s) satisfies g(Λ(τ)) − g(Λ(0)) = κτ, so g turns a gap into the
// time needed to reach it. T is the number of tokens per sample (T ≥ 1).
// Instantiated for the seven scalar types of core/precision.hpp (bounds/instantiate/).
#pragma once
#include "bounds/input_checks.hpp"
#include "core/precision.hpp"

namespace benign {

// g(x) = 2x + 2 sinh(x − log T)  [paper; theory.md §3].
// Error ≤ a few eps · (|2x| + |2 sinh(x − log T)|): relative wherever the two terms do not cancel
// (everywhere when T = 1; for T ≥ 2 only near the root of g is the error absolute). Overflows only
// when g(x) itself exceeds the range of S. NaN in, NaN out; ±inf in, ±inf out.
template <class S> S growth_g(const S& x, long T);

// g'(x) = 2 + 2 cosh(x − log T) = 2 + e^x/T + T e^{−x}  [derived; theory.md §3]. Relative error a few eps.
template <class S> S growth_g_prime(const S& x, long T);

}  // namespace benign
