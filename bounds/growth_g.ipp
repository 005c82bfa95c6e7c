// Definitions of bounds/growth_g.hpp; included only by bounds/instantiate/*.cpp.
#pragma once
#include <cmath>

#include "bounds/exp_terms.hpp"
#include "bounds/growth_g.hpp"

namespace benign {

// g(x) = 2x + 2 sinh(x − log T) = 2x + E(x) − F(x)  [paper; theory.md §3]
template <class S> S growth_g(const S& x, long T) {
  using std::abs;
  check_tokens(T);
  if (T == 1 && abs(x) < S(1)) {
    // 2 sinh x = expm1(x) − expm1(−x): the two terms have opposite signs, so nothing cancels
    // and g(x) = 4x + O(x³) keeps its relative accuracy down to the smallest x.
    return 2 * x + (bounds_detail::expm1_accurate(x) - bounds_detail::expm1_accurate(S(-x)));
  }
  const S t = S(T);
  return 2 * x + (bounds_detail::exp_term_E(x, t) - bounds_detail::exp_term_F(x, t));
}

// g'(x) = 2 + E(x) + F(x) = 2 + 2 cosh(x − log T)  [derived; theory.md §3]
template <class S> S growth_g_prime(const S& x, long T) {
  check_tokens(T);
  const S t = S(T);
  return (bounds_detail::exp_term_E(x, t) + bounds_detail::exp_term_F(x, t)) + 2;
}

}  // namespace benign
