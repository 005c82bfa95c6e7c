// The interface shared by the engines: logits of the current parameters and one update.
#pragma once
#include <string>

#include "simulate/linalg.hpp"

namespace benign {

template <class T> class Engine {
 public:
  virtual ~Engine() = default;
  // Training logits z = X W p (n·T).
  virtual const Vec<T>& z() const = 0;
  // Test logits X_test W p (n_test·T).
  virtual Vec<T> z_test() const = 0;
  // The same rounded to dd, for test observables computed in dd (issue 11); engines with a cheaper
  // way (the reduced engine) override it.
  virtual Vec<dd> z_test_dd() const {
    const Vec<T> zt = z_test();
    Vec<dd> out(zt.size());
    for (long k = 0; k < zt.size(); ++k) out[k] = to_dd(zt[k]);
    return out;
  }
  // One gradient-descent step on W and/or p, given g = ∂L/∂z at the current parameters.
  virtual void step(const T& lr, const Vec<T>& g) = 0;
  // ‖p‖² and the components of q = W p along μ_{+1}/‖μ‖ and μ_{−1}/‖μ‖.
  virtual T p_norm2() const = 0;
  virtual T q_along(bool positive) const = 0;
  virtual std::string name() const = 0;
};

}  // namespace benign
