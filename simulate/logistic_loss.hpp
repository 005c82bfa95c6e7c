// Logistic loss ℓ(m) = log(1 + e^{−m}) and ℓ'(m) = −1/(1 + e^{m}) (theory.md §2), stable for any margin.
#pragma once
#include <boost/math/special_functions/log1p.hpp>
#include <cmath>

namespace benign {

// ℓ(m) = log(1 + e^{−m}), without overflow for m ≪ 0 and without loss of digits for m ≫ 0.
template <class T> T logistic_loss(const T& m) {
  using std::exp;
  if (m >= T(0)) return boost::math::log1p(T(exp(-m)));
  return -m + boost::math::log1p(T(exp(m)));
}

// ℓ'(m) = −1/(1 + e^{m}) = −σ(−m).
template <class T> T logistic_loss_derivative(const T& m) {
  using std::exp;
  if (m >= T(0)) {
    T e = exp(-m);
    return -e / (T(1) + e);
  }
  return -T(1) / (T(1) + exp(m));
}

}  // namespace benign
