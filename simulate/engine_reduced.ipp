#pragma once
#include <type_traits>

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

namespace detail {
// Entries rounded to dd, and back (exact: T holds hi + lo for every T wider than dd).
template <class M> auto round_dd(const M& m) {
  Eigen::Matrix<dd, M::RowsAtCompileTime, M::ColsAtCompileTime> out(m.rows(), m.cols());
  for (long j = 0; j < m.cols(); ++j)
    for (long i = 0; i < m.rows(); ++i) out(i, j) = to_dd(m(i, j));
  return out;
}
template <class T> T from_dd(const dd& x) {
  if constexpr (std::is_same_v<T, dd>) return x;
  else return T(x.hi()) + T(x.lo());
}
template <class T> Vec<T> from_dd(const Vec<dd>& v) {
  Vec<T> out(v.size());
  for (long k = 0; k < v.size(); ++k) out[k] = from_dd<T>(v[k]);
  return out;
}
}  // namespace detail

template <class T> void ReducedEngine<T>::use_dd_basis() {
  const long N = S_.G.rows();
  DdBasis nb;
  nb.B = Mat<dd>::Zero(N, N);
  nb.b = Vec<dd>::Zero(N);
  nb.beta = Vec<dd>::Zero(N);
  nb.eps = dd(1);
  nb.K0 = detail::round_dd(G_.K0);
  nb.k0 = detail::round_dd(G_.k0);
  nb.c0 = to_dd(G_.c0);
  nb.a_pos = detail::round_dd(S_.a_pos);
  nb.a_neg = detail::round_dd(S_.a_neg);
  nb.b_pos = detail::round_dd(G_.b_pos);
  nb.b_neg = detail::round_dd(G_.b_neg);
  nb.e_pos = to_dd(G_.e_pos);
  nb.e_neg = to_dd(G_.e_neg);
  nb_ = std::move(nb);
}

template <class T> Vec<dd> ReducedEngine<T>::alpha_dd() const {
  const DdBasis& n = *nb_;
  if (!mode_.W) return Vec<dd>::Zero(n.beta.size());
  const Vec<dd> v = n.K0 * n.beta + n.k0 * n.eps;
  const dd sc = n.k0.dot(n.beta) + n.c0 * n.eps;
  return n.B * v + n.b * sc;
}

template <class T> Vec<T> ReducedEngine<T>::alpha() const {
  if (nb_) return detail::from_dd<T>(alpha_dd());
  if (!mode_.W) return Vec<T>::Zero(s_.z.size());
  Vec<T> v = G_.K0 * s_.beta + G_.k0 * s_.eps;
  const T sc = G_.k0.dot(s_.beta) + G_.c0 * s_.eps;
  return s_.B * v + s_.b * sc;
}

template <class T> Vec<T> ReducedEngine<T>::z_from_basis() const {
  if (nb_) return S_.G * alpha() + G_.K0 * detail::from_dd<T>(nb_->beta) + G_.k0 * detail::from_dd<T>(nb_->eps);
  return S_.G * alpha() + G_.K0 * s_.beta + G_.k0 * s_.eps;
}

template <class T> Vec<T> ReducedEngine<T>::z_test() const {
  if (nb_) return detail::from_dd<T>(z_test_dd());
  Vec<T> zt = G_.H0 * s_.beta + G_.h0 * s_.eps;
  if (mode_.W) zt.noalias() += S_.C * alpha();
  return zt;
}

template <class T> Vec<dd> ReducedEngine<T>::z_test_dd() const {
  if (H0_dd_.size() != G_.H0.size()) { H0_dd_ = detail::round_dd(G_.H0); h0_dd_ = detail::round_dd(G_.h0); }
  Vec<dd> zt = nb_ ? Vec<dd>(H0_dd_ * nb_->beta + h0_dd_ * nb_->eps) : Vec<dd>(H0_dd_ * detail::round_dd(s_.beta) + h0_dd_ * to_dd(s_.eps));
  if (mode_.W) {
    if (C_dd_.size() != S_.C.size()) C_dd_ = detail::round_dd(S_.C);
    zt.noalias() += C_dd_ * (nb_ ? alpha_dd() : Vec<dd>(detail::round_dd(alpha())));
  }
  return zt;
}

template <class T> void ReducedEngine<T>::rank2_update_K(const T& lr, const Vec<T>& z_old) {
  const long N = s_.K.rows();
  const T half_lr_c = lr * s_.c / T(2);
  Vec<T> v(N), a(N), b(N);
  for (long i = 0; i < N; ++i) {
    v[i] = z_old[i] - half_lr_c * Gg_[i];
    a[i] = lr * Gg_[i];
    b[i] = lr * v[i];
  }
  for (long j = 0; j < N; ++j) {
    T* col = s_.K.col(j).data();
    const T &vj = v[j], &wj = Gg_[j];
    for (long i = 0; i < N; ++i) col[i] -= a[i] * vj + b[i] * wj;
  }
}

template <class T> T ReducedEngine<T>::q_along(bool positive) const {
  if (nb_) {
    const DdBasis& n = *nb_;
    dd r = (positive ? n.b_pos : n.b_neg).dot(n.beta) + (positive ? n.e_pos : n.e_neg) * n.eps;
    if (mode_.W) r += (positive ? n.a_pos : n.a_neg).dot(alpha_dd());
    return detail::from_dd<T>(r);
  }
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
    // K' = K − η (G g zᵀ + z (G g)ᵀ) + η² c (G g)(G g)ᵀ (hardware types: Eigen's expressions, the
    // bits of every earlier version; others: one pass, half the operations, issue 11)
    if constexpr (std::is_floating_point_v<T>) {
      s.K.noalias() -= lr * (Gg_ * z_old.transpose() + z_old * Gg_.transpose());
      s.K.noalias() += (lr2 * s.c) * (Gg_ * Gg_.transpose());
    } else {
      rank2_update_K(lr, z_old);
    }
    // c' = c − 2η zᵀg + η² gᵀKg
    s.c += -T(2) * lr * zg + lr2 * gKg;
    // basis: β' = β − η (g + BᵀGg), ε' = ε − η bᵀGg, B' = B − η g βᵀ, b' = b − η ε g (old values)
    if (nb_) {
      DdBasis& n = *nb_;
      const Vec<dd> gd = detail::round_dd(g), wd = detail::round_dd(Gg_);
      const dd lrd = to_dd(lr), eps_o = n.eps;
      const Vec<dd> beta_o = n.beta;
      n.beta.noalias() -= lrd * (gd + n.B.transpose() * wd);
      n.eps -= lrd * n.b.dot(wd);
      n.B.noalias() -= (lrd * gd) * beta_o.transpose();
      n.b.noalias() -= (lrd * eps_o) * gd;
      return;
    }
    Vec<T> beta_old = s.beta;
    const T eps_old = s.eps;
    s.beta.noalias() -= lr * (g + s.B.transpose() * Gg_);
    s.eps -= lr * s.b.dot(Gg_);
    if constexpr (std::is_floating_point_v<T>) {
      s.B.noalias() -= lr * (g * beta_old.transpose());
    } else {  // B_ij −= (η g_i) β_j in place (no N × N temporary)
      const Vec<T> lr_g = lr * g;
      for (long j = 0; j < s.B.cols(); ++j) {
        T* col = s.B.col(j).data();
        const T& bj = beta_old[j];
        for (long i = 0; i < s.B.rows(); ++i) col[i] -= lr_g[i] * bj;
      }
    }
    s.b.noalias() -= (lr * eps_old) * g;
  } else if (mode_.p) {
    // W fixed: z' = z − η K0 g; c' as above; β' = β − η g.
    Kg_.noalias() = s.K * g;
    const T zg = s.z.dot(g);
    s.z.noalias() -= lr * Kg_;
    s.c += -T(2) * lr * zg + lr * lr * g.dot(Kg_);
    if (nb_) nb_->beta.noalias() -= to_dd(lr) * detail::round_dd(g);
    else s.beta.noalias() -= lr * g;
  } else {
    // p fixed (= p0): z' = z − η c0 G g; K' = K − η (G g zᵀ + z (G g)ᵀ) + η² c0 (G g)(G g)ᵀ; b' = b − η g.
    Vec<T> z_old = s.z;
    s.z.noalias() -= (lr * s.c) * Gg_;
    if constexpr (std::is_floating_point_v<T>) {
      s.K.noalias() -= lr * (Gg_ * z_old.transpose() + z_old * Gg_.transpose());
      s.K.noalias() += (lr * lr * s.c) * (Gg_ * Gg_.transpose());
    } else {
      rank2_update_K(lr, z_old);
    }
    if (nb_) nb_->b.noalias() -= to_dd(lr) * detail::round_dd(g);
    else s.b.noalias() -= lr * g;
  }
}

}  // namespace benign
