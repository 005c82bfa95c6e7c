// The confidence logarithm of the first version's assumptions A1 and A2 (theory.md §4).
#pragma once
#include "bounds/accurate_elementary.hpp"

namespace benign {

// log(T n / δ)  [v1, assumptions A1 and A2; theory.md §4], T ≥ 1, n ≥ 1, 0 < δ < 1.
template <class S> S log_tn_delta(long T, long n, const S& delta) {
  return bounds_detail::log_accurate(S(S(T * n) / delta));
}

}  // namespace benign
