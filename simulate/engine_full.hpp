// The full engine: plain d-dimensional gradient descent on W (d×d) and p (d), O(d²) per step.
// Kept as the check on the reduced engine. Gradients (theory.md §5): u = Xᵀ g,
// ∇_W L = u pᵀ, ∇_p L = Wᵀ u; both updated from the old parameters.
#pragma once
#include "core/config.hpp"
#include "simulate/dataset.hpp"
#include "simulate/engine.hpp"
#include "simulate/problem.hpp"

namespace benign {

template <class T> class FullEngine final : public Engine<T> {
 public:
  FullEngine(const Config& c, const Dataset& D, TrainMode mode);
  const Vec<T>& z() const override { return z_; }
  Vec<T> z_test() const override { return Xt_ * (W_ * p_); }
  void step(const T& lr, const Vec<T>& g) override;
  T p_norm2() const override { return p_.squaredNorm(); }
  T q_along(bool positive) const override { return (positive ? mu_pos_ : mu_neg_).dot(W_ * p_); }
  std::string name() const override { return "full"; }
  const Mat<T>& W() const { return W_; }
  const Vec<T>& p() const { return p_; }

 private:
  void refresh() { z_.noalias() = X_ * (W_ * p_); }
  TrainMode mode_;
  Mat<T> X_, Xt_, W_;
  Vec<T> p_, z_, mu_pos_, mu_neg_;
};

}  // namespace benign
