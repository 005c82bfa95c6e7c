#pragma once
#include "simulate/engine_reduced.hpp"

namespace benign {

template <class T>
ReducedEngine<T>::ReducedEngine(const Grams<T>& shared, const Grams<T>& grams, TrainMode mode)
    : S_(shared), G_(grams), mode_(mode) {
  const long N = shared.G.rows();
  // At τ = 0: W = W0, p = p0  ⇒  β = 0, ε = 1, B = 0, b = 0, z = X W0 p0 = k0, K = K0, c = c0.
  s_.z = grams.k0;
  s_.K = grams.K0;
  s_.c = grams.c0;
  s_.B = Mat<T>::Zero(N, N);
  s_.b = Vec<T>::Zero(N);
  s_.beta = Vec<T>::Zero(N);
  s_.eps = T(1);
}

template <class T> Vec<T> ReducedEngine<T>::alpha() const {
  if (!mode_.W) return Vec<T>::Zero(s_.z.size());
  Vec<T> v = G_.K0 * s_.beta + G_.k0 * s_.eps;
  const T sc = G_.k0.dot(s_.beta) + G_.c0 * s_.eps;
  return s_.B * v + s_.b * sc;
}

template <class T> Vec<T> ReducedEngine<T>::z_from_basis() const {
  return S_.G * alpha() + G_.K0 * s_.beta + G_.k0 * s_.eps;
}

template <class T> Vec<T> ReducedEngine<T>::z_test() const {
  Vec<T> zt = G_.H0 * s_.beta + G_.h0 * s_.eps;
  if (mode_.W) zt.noalias() += S_.C * alpha();
  return zt;
}

template <class T> T ReducedEngine<T>::q_along(bool positive) const {
  const Vec<T>& a = positive ? S_.a_pos : S_.a_neg;
  const Vec<T>& b = positive ? G_.b_pos : G_.b_neg;
  const T& e = positive ? G_.e_pos : G_.e_neg;
  T r = b.dot(s_.beta) + e * s_.eps;
  if (mode_.W) r += a.dot(alpha());
  return r;
}

template <class T> void ReducedEngine<T>::step(const T& lr, const Vec<T>& g) {
  ReducedState<T>& s = s_;
  Gg_.noalias() = S_.G * g;
  if (mode_.W && mode_.p) {
    Kg_.noalias() = s.K * g;
    const T zg = s.z.dot(g);
    const T gKg = g.dot(Kg_);
    const T lr2 = lr * lr;
    // z' = z − η K g − η c G g + η² (zᵀg) G g
    Vec<T> z_old = s.z;
    s.z.noalias() -= lr * Kg_;
    s.z.noalias() += (lr2 * zg - lr * s.c) * Gg_;
    // K' = K − η (G g zᵀ + z (G g)ᵀ) + η² c (G g)(G g)ᵀ
    s.K.noalias() -= lr * (Gg_ * z_old.transpose() + z_old * Gg_.transpose());
    s.K.noalias() += (lr2 * s.c) * (Gg_ * Gg_.transpose());
    // c' = c − 2η zᵀg + η² gᵀKg
    s.c += -T(2) * lr * zg + lr2 * gKg;
    // basis: β' = β − η (g + BᵀGg), ε' = ε − η bᵀGg, B' = B − η g βᵀ, b' = b − η ε g (old values)
    Vec<T> beta_old = s.beta;
    const T eps_old = s.eps;
    s.beta.noalias() -= lr * (g + s.B.transpose() * Gg_);
    s.eps -= lr * s.b.dot(Gg_);
    s.B.noalias() -= lr * (g * beta_old.transpose());
    s.b.noalias() -= (lr * eps_old) * g;
  } else if (mode_.p) {
    // W fixed: z' = z − η K0 g; c' as above; β' = β − η g.
    Kg_.noalias() = s.K * g;
    const T zg = s.z.dot(g);
    s.z.noalias() -= lr * Kg_;
    s.c += -T(2) * lr * zg + lr * lr * g.dot(Kg_);
    s.beta.noalias() -= lr * g;
  } else {
    // p fixed (= p0): z' = z − η c0 G g; K' = K − η (G g zᵀ + z (G g)ᵀ) + η² c0 (G g)(G g)ᵀ; b' = b − η g.
    Vec<T> z_old = s.z;
    s.z.noalias() -= (lr * s.c) * Gg_;
    s.K.noalias() -= lr * (Gg_ * z_old.transpose() + z_old * Gg_.transpose());
    s.K.noalias() += (lr * lr * s.c) * (Gg_ * Gg_.transpose());
    s.b.noalias() -= lr * g;
  }
}

}  // namespace benign
