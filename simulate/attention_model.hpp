// The attention model f(X) = ν^T X^T S(X W p) = Σ_t s_t γ_t with token scores γ_t = ν^T x_t,
// and the gradient of the empirical logistic loss with respect to the logits z = X W p.
#pragma once
#include <vector>

#include "simulate/logistic_loss.hpp"
#include "simulate/softmax.hpp"

namespace benign {

// One sample's forward pass: attention s, complements 1 − s, prediction f, and
// ∂f/∂z_t = s_t (γ_t − f) = s_t Σ_u s_u (γ_t − γ_u) (no cancellation when s_t ≈ 1).
template <class T> struct SampleForward {
  std::vector<T> s, comp, dfdz;
  T f = T(0);
  void run(const T* z, const T* gamma, long len, bool want_grad) {
    s.resize(len); comp.resize(len); dfdz.resize(len);
    softmax(z, len, s.data(), comp.data());
    f = T(0);
    for (long t = 0; t < len; ++t) f += s[t] * gamma[t];
    if (want_grad) {
      for (long t = 0; t < len; ++t) {
        T acc = T(0);
        for (long u = 0; u < len; ++u) if (u != t) acc += s[u] * (gamma[t] - gamma[u]);
        dfdz[t] = s[t] * acc;
      }
    }
  }
};

// L = (1/n) Σ_i ℓ(y_i f_i) and g = ∂L/∂z, g_{i,t} = (1/n) ℓ'(y_i f_i) y_i ∂f_i/∂z_{i,t} (theory.md §5).
template <class T> T loss_and_gradient(const T* z, const T* gamma, const int* y, long n, long len, T* g) {
  SampleForward<T> fw;
  T loss = T(0);
  const T inv_n = T(1) / T(n);
  for (long i = 0; i < n; ++i) {
    fw.run(z + i * len, gamma + i * len, len, g != nullptr);
    const T m = T(y[i]) * fw.f;
    loss += logistic_loss(m);
    if (g) {
      const T w = logistic_loss_derivative(m) * T(y[i]) * inv_n;
      for (long t = 0; t < len; ++t) g[i * len + t] = w * fw.dfdz[t];
    }
  }
  return loss * inv_n;
}

}  // namespace benign
