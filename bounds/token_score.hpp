// Token scores of the class signals under the fixed head ν (theory.md §2).
#pragma once
#include <cmath>

namespace benign {

// ν^T μ_y = y / √2 for y = ±1, with ν = (μ_{+1} − μ_{−1}) / (‖μ_{+1} − μ_{−1}‖ ‖μ‖)  [code; theory.md §2]
template <class S> S token_score(int y) {
  using std::sqrt;
  return S(y) / sqrt(S(2));
}

}  // namespace benign
