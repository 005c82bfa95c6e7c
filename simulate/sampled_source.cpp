// The reduced problem drawn exactly at any d (theory.md §6): training tokens in R's basis by the
// Bartlett decomposition of the noise Gram, W0's compression A_RR ~ Wishart_r(d, s² I) and the
// coupling S | A_RR ~ Wishart_r(d − r, s² A_RR), test tokens' R coordinates and their products
// b ~ N(0, σ² X̃ S X̃ᵀ) from outside R. O(r³ + N_test r N) work, nothing of size d.
#include <algorithm>
#include <cmath>

#include "core/rng.hpp"
#include "simulate/dataset.hpp"
#include "simulate/wishart_bartlett.hpp"

namespace benign {

namespace {

// Coordinates of token k along e_1, e_2: its signal plus N(0, σ²) noise (none for projected noise).
void plane_coordinates(MatD& M, long k, int ystar, TokenType type, const Config& c, Rng& rng) {
  const bool projected = c.noise == "projected";
  const double sigma = c.sigma.value;
  double m1, m2;
  token_signal(ystar, type, c.mu.value, c.rho.value, m1, m2);
  M(k, 0) = m1 + (projected ? 0.0 : sigma * rng.normal());
  M(k, 1) = m2 + (projected ? 0.0 : sigma * rng.normal());
}

}  // namespace

void draw_sampled(const Config& c, Dataset& D) {
  validate(c);
  const long N = c.n * c.T, Nt = c.n_test * c.T, r = N + 2, d = c.d;
  const double sigma = c.sigma.value;
  D.is_sampled = true;
  D.source = "sampled";
  SampledDraw& S = D.draw;
  S.identity = c.w_init == "identity";

  // Training tokens: x̃_j = (m_j1 + ε_j1, m_j2 + ε_j2, L_j·), L = σ × Bartlett factor of Wishart_N(d − 2, I).
  Rng tr(c.seed, kStreamSampledTrain);
  S.Xr = MatD::Zero(N, r);
  for (long k = 0; k < N; ++k) plane_coordinates(S.Xr, k, D.y_clean[k / c.T], D.token_type[k % c.T], c, tr);
  S.Xr.block(0, 2, N, N) = sigma * bartlett_factor(tr, N, double(d - 2));

  // W0: A_RR = LA LAᵀ, LA = s B (B Bartlett of Wishart_r(d, I)); S = FS FSᵀ, FS = s LA F with
  // F Fᵀ ~ Wishart_r(d − r, I), so S ~ Wishart_r(d − r, s² A_RR) given A_RR.
  if (S.identity) {
    S.LA = MatD::Identity(r, r);
    S.FS.resize(r, 0);
  } else {
    Rng wr(c.seed, kStreamSampledW0);
    const double s = std::sqrt(c.w_var.value / double(d));
    S.LA = s * bartlett_factor(wr, r, double(d));
    S.FS = s * (S.LA * wishart_factor(wr, r, d - r));
  }

  // Test tokens: R coordinates (m1 + a1, m2 + a2, a3 … a_r), a ~ N(0, σ²) (a1 = a2 = 0 for projected noise),
  // and b = σ (X̃ FS) z, z ~ N(0, I_m), independent per test token.
  Rng te(c.seed, kStreamSampledTest);
  S.V = MatD::Zero(Nt, r);
  for (long k = 0; k < Nt; ++k) {
    plane_coordinates(S.V, k, D.y_test[k / c.T], D.token_type[k % c.T], c, te);
    for (long j = 2; j < r; ++j) S.V(k, j) = sigma * te.normal();
  }
  if (S.identity) {
    S.Bt = MatD::Zero(Nt, N);
  } else {
    const long m = S.FS.cols(), block = 256;  // test tokens per block of z draws (bounded memory)
    const MatD XFt = sigma * (S.Xr * S.FS).transpose();  // m × N
    S.Bt.resize(Nt, N);
    MatD Z;
    for (long k0 = 0; k0 < Nt; k0 += block) {
      const long kb = std::min(block, Nt - k0);
      Z.resize(kb, m);
      for (long k = 0; k < kb; ++k) for (long j = 0; j < m; ++j) Z(k, j) = te.normal();
      S.Bt.middleRows(k0, kb).noalias() = Z * XFt;
    }
  }
}

}  // namespace benign
