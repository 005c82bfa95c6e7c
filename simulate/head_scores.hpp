// The fixed linear heads ν_h of the several-head model f(X) = Σ_h ν_hᵀ Xᵀ S(X W_h p_h) (issue 15,
// README "Several heads"), as token scores γ^h_t = ν_hᵀ x_t on the training and test tokens:
//   shared: ν_h = ν / H;   split: ν_h = ν(φ_h) / H,  ν(φ) = cos φ μ_{+1}/‖μ_{+1}‖² − sin φ μ_{−1}/‖μ_{−1}‖²,
//   φ_h = (h + 1/2) π / (2H).  With ‖μ_{±1}‖ = ‖μ‖, ν(π/4) is the paper's ν = (μ_{+1} − μ_{−1})/(√2‖μ‖²).
// H = 1 gives the paper's scores bit for bit (Problem::gamma itself) for both choices.
#pragma once
#include <cmath>
#include <vector>

#include <boost/math/constants/constants.hpp>

#include "core/config.hpp"
#include "core/errors.hpp"
#include "simulate/dataset.hpp"
#include "simulate/problem.hpp"

namespace benign {

template <class T> struct HeadScores {
  std::vector<Vec<T>> train, test;  // γ^h, h = 0..H−1 (n·T and n_test·T)
};

template <class T> HeadScores<T> head_scores(const Config& c, const Dataset& D, const Problem<T>& P) {
  using std::cos;
  using std::sin;
  const long H = c.heads;
  HeadScores<T> out;
  if (H == 1) {
    out.train.push_back(P.gamma);
    out.test.push_back(P.gamma_test);
    return out;
  }
  const T inv_H = T(1) / T(H);
  if (c.head_nu == "shared") {
    for (long h = 0; h < H; ++h) {
      out.train.push_back(P.gamma * inv_H);
      out.test.push_back(P.gamma_test * inv_H);
    }
    return out;
  }
  // split: γ^h = (cos φ_h x·μ_{+1}/‖μ_{+1}‖² − sin φ_h x·μ_{−1}/‖μ_{−1}‖²) / H.
  const bool generated = D.source == "generated", sampled = D.is_sampled;
  const double npos = D.mu_pos.norm(), nneg = D.mu_neg.norm();
  if (!generated && !sampled && (npos == 0 || nneg == 0))
    throw ConfigError("config key 'head_nu' = 'split' needs the class means mu_{+1}, mu_{-1} of the data (nonzero); set head_nu = 'shared'");
  // Generated data: μ_{+1} = ‖μ‖ e_1, μ_{−1} = ‖μ‖ e_2, so x·μ_{±1}/‖μ‖² = x_{1,2}/‖μ‖ exactly in T.
  // Sampled data (theory.md §6): the same, read from the R coordinates along e_1, e_2.
  auto coords = [&](const MatD& X, long k, T& a, T& b) {
    if (generated || sampled) {
      const T mu = c.mu.as<T>();
      a = T(X(k, 0)) / mu;
      b = T(X(k, 1)) / mu;
      return;
    }
    a = T(0); b = T(0);
    for (long j = 0; j < D.d; ++j) { a += T(X(k, j)) * T(D.mu_pos[j]); b += T(X(k, j)) * T(D.mu_neg[j]); }
    a /= T(npos) * T(npos);
    b /= T(nneg) * T(nneg);
  };
  const T pi = boost::math::constants::pi<T>();
  for (long h = 0; h < H; ++h) {
    const T phi = T(2 * h + 1) * pi / T(4 * H);
    const T ch = cos(phi) * inv_H, sh = sin(phi) * inv_H;
    for (int side = 0; side < 2; ++side) {
      const MatD& X = sampled ? (side == 0 ? D.draw.Xr : D.draw.V) : (side == 0 ? D.X : D.X_test);
      Vec<T> g(X.rows());
      T a, b;
      for (long k = 0; k < X.rows(); ++k) { coords(X, k, a, b); g[k] = ch * a - sh * b; }
      (side == 0 ? out.train : out.test).push_back(std::move(g));
    }
  }
  return out;
}

}  // namespace benign
