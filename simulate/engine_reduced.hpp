// The reduced engine: gradient descent on (W, p) in the exact (nT)-dimensional coordinates of
// theory.md §5, O((nT)²) per step whatever d is.
//   Training logits follow the recursion of (z, K, c):
//     z' = z − η K g − η c G g + η² (zᵀg) G g
//     K' = K − η (G g zᵀ + z (G g)ᵀ) + η² c (G g)(G g)ᵀ
//     c' = c − 2η zᵀg + η² gᵀ K g
//   Test logits come from q = W p kept exactly in the basis [Xᵀ, W0 W0ᵀ Xᵀ, W0 p0]:
//     p = W0ᵀXᵀβ + p0 ε,  W = W0 + Xᵀ(B X W0 + b p0ᵀ),  q = Xᵀα + Yβ + w ε,
//     α = B (K0 β + k0 ε) + b (k0ᵀβ + c0 ε);
//     β' = β − η (g + Bᵀ G g),  ε' = ε − η bᵀ G g,  B' = B − η g βᵀ,  b' = b − η ε g.
//   (derived here; checked against the full engine in tests/simulate/test_engines.cpp)
#pragma once
#include <optional>

#include "simulate/engine.hpp"
#include "simulate/problem.hpp"

namespace benign {

// The state of the reduced dynamics (also the state vector of the gradient flow).
template <class T> struct ReducedState {
  Vec<T> z;     // training logits
  Mat<T> K;     // X W Wᵀ Xᵀ
  T c = T(0);   // ‖p‖²
  Mat<T> B;     // W = W0 + Xᵀ(B X W0 + b p0ᵀ)
  Vec<T> b;
  Vec<T> beta;  // p = W0ᵀXᵀβ + p0 ε
  T eps = T(1);
};

template <class T> class ReducedEngine final : public Engine<T> {
 public:
  ReducedEngine(const Grams<T>& grams, TrainMode mode) : ReducedEngine(grams, grams, mode) {}
  // One head of several (issue 15): G, C and a_± from `shared` (the data's Grams, common to all heads),
  // K0, k0, c0, H0, h0, b_±, e_± from `head` (its W0_h, p0_h).
  ReducedEngine(const Grams<T>& shared, const Grams<T>& head, TrainMode mode);
  const Vec<T>& z() const override { return s_.z; }
  Vec<T> z_test() const override;
  // z_test from H0, C, h0 rounded to dd once and β, α, ε in dd: O(N_test N) dd multiply-adds
  // instead of T's (≈ 4 ns against ≈ 100 ns for bin50); about 31 digits.
  Vec<dd> z_test_dd() const override;
  // Keep the basis (β, ε, B, b) in dd (issue 11; call before the first step): it drives nothing of
  // the training dynamics (z, K, c stay in T), only the test logits and q_±, which are then computed
  // in dd (alpha, z_test, q_along, z_from_basis read it; state()'s basis fields keep their start values).
  // Saves two of the step's six N² multiply-adds in T.
  void use_dd_basis();
  bool dd_basis() const { return nb_.has_value(); }
  void step(const T& lr, const Vec<T>& g) override;
  T p_norm2() const override { return s_.c; }
  T q_along(bool positive) const override;
  std::string name() const override { return "reduced"; }
  // The α of q = Xᵀα + Yβ + w ε, and the training logits rebuilt from the basis (a consistency check).
  Vec<T> alpha() const;
  Vec<T> z_from_basis() const;
  ReducedState<T>& state() { return s_; }
  const ReducedState<T>& state() const { return s_; }
  const Grams<T>& grams() const { return G_; }
  const Grams<T>& shared_grams() const { return S_; }  // G, C, a_± (the data's)
  TrainMode mode() const { return mode_; }

 private:
  const Grams<T>& S_;  // shared: G, C, a_±
  const Grams<T>& G_;  // this head's: K0, k0, c0, H0, h0, b_±, e_±
  TrainMode mode_;
  ReducedState<T> s_;
  Vec<T> Gg_, Kg_;
  mutable Mat<dd> H0_dd_, C_dd_;  // made at the first z_test_dd()
  mutable Vec<dd> h0_dd_;
  struct DdBasis {
    Mat<dd> B, K0;
    Vec<dd> b, beta, k0, a_pos, a_neg, b_pos, b_neg;
    dd eps = dd(1), c0, e_pos, e_neg;
  };
  std::optional<DdBasis> nb_;
  Vec<dd> alpha_dd() const;  // α from the dd basis
  // K' = K − η (w vᵀ + v wᵀ), v = z − (ηc/2) w, w = G g: the update of K in one pass (types without
  // hardware arithmetic; the same K' as below up to the order of the roundings).
  void rank2_update_K(const T& lr, const Vec<T>& z_old);
};

}  // namespace benign
