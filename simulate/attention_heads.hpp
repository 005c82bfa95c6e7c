// The several-head attention model f(X) = Σ_h f^h, f^h = ν_hᵀ Xᵀ S(X W_h p_h) = Σ_t s^h_t γ^h_t (issue 15),
// and the gradient of the empirical logistic loss with respect to every head's logits z^h = X W_h p_h:
//   g^h_{i,t} = ∂L/∂z^h_{i,t} = (1/n) ℓ'(y_i f_i) y_i s^h_t (γ^h_t − f^h_i)
// (f couples the heads only through ℓ'; each head's ∂f^h/∂z^h is the single-head one, SampleForward).
// With one head every operation is the single-head loss_and_gradient's, so the bits agree.
#pragma once
#include <vector>

#include "simulate/attention_model.hpp"
#include "simulate/linalg.hpp"

namespace benign {

// Every head's forward pass on the sample at offset off (len tokens); returns f = Σ_h f^h.
template <class T>
T heads_forward(std::vector<SampleForward<T>>& fw, const std::vector<const Vec<T>*>& z, const std::vector<Vec<T>>& gamma,
                long off, long len, bool want_grad) {
  const std::size_t H = z.size();
  for (std::size_t h = 0; h < H; ++h) fw[h].run(z[h]->data() + off, gamma[h].data() + off, len, want_grad);
  T f = fw[0].f;
  for (std::size_t h = 1; h < H; ++h) f += fw[h].f;
  return f;
}

// z[h], gamma[h]: head h's logits and scores (n·len each); g (if not null) gets g^h in (*g)[h].
template <class T>
T heads_loss_and_gradient(const std::vector<const Vec<T>*>& z, const std::vector<Vec<T>>& gamma, const int* y, long n,
                          long len, std::vector<Vec<T>>* g) {
  const std::size_t H = z.size();
  std::vector<SampleForward<T>> fw(H);
  T loss = T(0);
  const T inv_n = T(1) / T(n);
  for (long i = 0; i < n; ++i) {
    const T f = heads_forward(fw, z, gamma, i * len, len, g != nullptr);
    const T m = T(y[i]) * f;
    loss += logistic_loss(m);
    if (g) {
      const T w = logistic_loss_derivative(m) * T(y[i]) * inv_n;
      for (std::size_t h = 0; h < H; ++h)
        for (long t = 0; t < len; ++t) (*g)[h][i * len + t] = w * fw[h].dfdz[t];
    }
  }
  return loss * inv_n;
}

}  // namespace benign
