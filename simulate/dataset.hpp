// A training and test set of the paper's data model (theory.md §1), stored in double.
// Data are sampled in double and converted exactly to the working precision, so every
// precision trains on the same numbers.
#pragma once
#include <Eigen/Dense>
#include <cstdint>
#include <string>
#include <vector>

#include "core/config.hpp"

namespace benign {

using MatD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using VecD = Eigen::VectorXd;

// Token types, in the order they are laid out in a sample.
enum class TokenType : int { Relevant = 0, WeakSame = 1, WeakOpp = 2, Irrelevant = 3 };
inline const char* token_type_name(TokenType t) {
  static const char* names[] = {"relevant", "weak_same", "weak_opp", "irrelevant"};
  return names[int(t)];
}
constexpr int kTokenTypes = 4;

// The reduced problem drawn exactly (theory.md §6, source = sampled): training tokens in an
// orthonormal basis of R = span(e_1, e_2, x_1 … x_N) (r = N + 2), W0's compression to R and its
// coupling to R⊥, and the test tokens' coordinates in R plus their products from outside R.
// Drawn in double; nothing of size d.
struct SampledDraw {
  bool identity = false;  // W0 = I (A_RR = I, S = 0, b = 0)
  MatD Xr;     // N × r: x̃_j = (x_j·e_1, x_j·e_2, Bartlett noise factor L over the other d − 2 coordinates)
  MatD LA;     // r × r lower triangular: A_RR = Q^T W0 W0^T Q = LA LAᵀ ~ Wishart_r(d, s² I)
  MatD FS;     // r × m: S = FS FSᵀ ~ Wishart_r(d − r, s² A_RR) (Q^T A² Q = A_RR² + S); empty if identity
  MatD V;      // N_test × r: test tokens' coordinates in R (Q^T m + a, a ~ N(0, σ² I_r))
  MatD Bt;     // N_test × N: b_j = (part of a test token outside R)·A x_j ~ N(0, σ² X̃ S X̃ᵀ)
  // heads > 1 (issue 15): heads 1..H−1's LA, FS, Bt (head 0's are the fields above; none if identity,
  // where every head has W0 = I). FS_h = s LA_h F_h with F_h rows h·r … of one F, F Fᵀ ~ Wishart_{Hr}(d − r, I),
  // so S_hh' = FS_h FS_h'ᵀ; Bt_h = σ ζ (X̃ FS_h)ᵀ with one ζ per test token for all heads (sampled_source.cpp).
  struct Head {
    MatD LA, FS, Bt;
  };
  std::vector<Head> more;
  const MatD& LA_of(long h) const { return h == 0 || identity ? LA : more.at(std::size_t(h - 1)).LA; }
  const MatD& FS_of(long h) const { return h == 0 || identity ? FS : more.at(std::size_t(h - 1)).FS; }
  const MatD& Bt_of(long h) const { return h == 0 || identity ? Bt : more.at(std::size_t(h - 1)).Bt; }
  MatD A(long h = 0) const { return LA_of(h) * LA_of(h).transpose(); }
  // S_hh' (r × r): Q^T A_h A_h' Q − A_h A_h' restricted to R, the coupling through R⊥.
  MatD S(long h = 0, long h2 = 0) const {
    return FS_of(h).cols() ? MatD(FS_of(h) * FS_of(h2).transpose()) : MatD::Zero(LA.rows(), LA.rows());
  }
};

// Tests only: a deliberately wrong joint law of the heads' test products (negative controls):
// IndependentTestHeads draws each head's b_h from its own ζ (cross-head covariance of b set to 0).
enum class SampledFault { None, IndependentTestHeads };

struct Dataset {
  long n = 0, n_test = 0, T = 0, d = 0;
  MatD X;        // (n·T) × d, sample i's tokens are rows i·T … i·T+T-1
  MatD X_test;   // (n_test·T) × d
  std::vector<int> y;           // observed training labels ±1
  std::vector<int> y_clean;     // clean training labels y*
  std::vector<int> y_test;      // clean test labels
  std::vector<TokenType> token_type;  // length T: type of token position t (same for every sample)
  // Token types per sample, if they differ between samples (user data); empty = token_type for all.
  std::vector<TokenType> token_type_train, token_type_test;
  VecD nu;                      // fixed head ν (length d)
  VecD mu_pos, mu_neg;          // μ_{+1}, μ_{-1} (length d); zero vectors if unknown (user data)
  bool has_W0 = false, has_p0 = false;
  MatD W0;                      // d × d (only if has_W0; otherwise generated from the seed)
  VecD p0;                      // d (only if has_p0)
  std::string source = "generated";  // generated | sampled | path of a --data directory
  bool is_sampled = false;      // source = sampled: X, X_test, ν, μ, W0 are empty; `draw` holds the problem
  SampledDraw draw;

  bool noisy(long i) const { return y[i] != y_clean[i]; }
  // X and X_test hold only columns e_1, e_2 (a sweep cell whose Grams come from GramCoefficients,
  // simulate/gram_reuse.hpp): enough for labels, scores and observables, not for a Gram set-up.
  bool signal_columns_only() const { return !is_sampled && X.cols() < d; }
  TokenType type_train(long i, long t) const {
    return token_type_train.empty() ? token_type[t] : token_type_train[i * T + t];
  }
  TokenType type_test(long i, long t) const {
    return token_type_test.empty() ? token_type[t] : token_type_test[i * T + t];
  }
};

// Sample the paper's data model from c (theory.md §1). Deterministic in c.seed.
// make_dataset(c) = make_noise(c) then add_signal(c, ·), bit for bit.
Dataset make_dataset(const Config& c);

// The data of c without the signal: labels, layout and noise tokens E (its random streams do not
// depend on ‖μ‖ or ρ). For source = sampled: the whole sampled draw, as make_dataset.
Dataset make_noise(const Config& c);

// X = E + signal (theory.md §1): adds c's ‖μ‖ μ_{y*}, ρ ‖μ‖ μ_{±y*} by token type to columns e_1, e_2
// of D.X and D.X_test, and sets ν and μ_{±1} (of length D.X.cols(): d, or 2 for the signal columns only).
void add_signal(const Config& c, Dataset& D);

// Draw D.draw (theory.md §6) for the labels and layout already in D (called by make_dataset).
void draw_sampled(const Config& c, Dataset& D, SampledFault fault = SampledFault::None);

// Signal of a token along (e_1, e_2) (theory.md §1): μ_{y*}, ρ μ_{y*}, ρ μ_{−y*} or 0.
void token_signal(int ystar, TokenType type, double mu, double rho, double& m1, double& m2);

// Load user arrays from a directory of .npy files (X_train, y_train, [y_train_clean], X_test,
// y_test, nu, [W0], [p0]). Throws ConfigError naming the file and expected shape.
Dataset load_dataset(const std::string& dir, const Config& c);

}  // namespace benign
