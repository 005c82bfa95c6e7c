#pragma once
#include "simulate/engine_full.hpp"

namespace benign {

template <class T> FullEngine<T>::FullEngine(const Config& c, const Dataset& D, TrainMode mode) : mode_(mode) {
  const long d = D.d;
  X_ = D.X.template cast<T>();
  Xt_ = D.X_test.template cast<T>();
  W_.resize(d, d);
  std::vector<double> row(d);
  for (long r = 0; r < d; ++r) {
    if (D.has_W0) for (long j = 0; j < d; ++j) W_(r, j) = T(D.W0(r, j));
    else {
      w0_row(c, r, row.data());
      for (long j = 0; j < d; ++j) W_(r, j) = T(row[j]);
    }
  }
  p_.resize(d);
  const std::vector<double> p0 = D.has_p0 ? std::vector<double>(D.p0.data(), D.p0.data() + d) : p0_vector(c);
  for (long j = 0; j < d; ++j) p_[j] = T(p0[j]);
  mu_pos_ = D.mu_pos.template cast<T>();
  mu_neg_ = D.mu_neg.template cast<T>();
  if (D.mu_pos.norm() > 0) mu_pos_ /= T(D.mu_pos.norm());
  if (D.mu_neg.norm() > 0) mu_neg_ /= T(D.mu_neg.norm());
  z_.resize(X_.rows());
  refresh();
}

template <class T> void FullEngine<T>::step(const T& lr, const Vec<T>& g) {
  const Vec<T> u = X_.transpose() * g;  // u = Xᵀ g
  if (mode_.p && mode_.W) {
    const Vec<T> Wtu = W_.transpose() * u;  // ∇_p L with the old W
    W_.noalias() -= lr * (u * p_.transpose());
    p_.noalias() -= lr * Wtu;
  } else if (mode_.p) {
    p_.noalias() -= lr * (W_.transpose() * u);
  } else {
    W_.noalias() -= lr * (u * p_.transpose());
  }
  refresh();
}

}  // namespace benign
