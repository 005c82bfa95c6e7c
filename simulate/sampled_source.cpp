// The reduced problem drawn exactly at any d (theory.md §6): training tokens in R's basis by the
// Bartlett decomposition of the noise Gram, W0's compression A_RR ~ Wishart_r(d, s² I) and the
// coupling S | A_RR ~ Wishart_r(d − r, s² A_RR), test tokens' R coordinates and their products
// b ~ N(0, σ² X̃ S X̃ᵀ) from outside R. O(r³ + N_test r N) work, nothing of size d.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

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

void draw_sampled(const Config& c, Dataset& D, SampledFault fault) {
  validate(c);
  const long N = c.n * c.T, Nt = c.n_test * c.T, r = N + 2, d = c.d, H = c.heads;
  const double sigma = c.sigma.value;
  D.is_sampled = true;
  D.source = "sampled";
  SampledDraw& S = D.draw;
  S.identity = c.w_init == "identity";
  S.more.clear();

  // Training tokens: x̃_j = (m_j1 + ε_j1, m_j2 + ε_j2, L_j·), L = σ × Bartlett factor of Wishart_N(d − 2, I).
  Rng tr(c.seed, kStreamSampledTrain);
  S.Xr = MatD::Zero(N, r);
  for (long k = 0; k < N; ++k) plane_coordinates(S.Xr, k, D.y_clean[k / c.T], D.token_type[k % c.T], c, tr);
  S.Xr.block(0, 2, N, N) = sigma * bartlett_factor(tr, N, double(d - 2));

  // W0: A_RR = LA LAᵀ, LA = s B (B Bartlett of Wishart_r(d, I)); S = FS FSᵀ, FS = s LA F with
  // F Fᵀ ~ Wishart_r(d − r, I), so S ~ Wishart_r(d − r, s² A_RR) given A_RR.
  // H heads (issue 15), W0_h independent N(0, s²): write W0_h's rows in R and R⊥ as M1_h (r × d) and
  // M2_h ((d − r) × d). A_h = M1_h M1_hᵀ ~ Wishart_r(d, s² I), independent across h (LA_h from head h's
  // stream; head 0's is the one-head draw). The coupling of head h to R⊥ is Z_h = M2_h M1_hᵀ; given the
  // M1's, row k of Z_h is M2_h's row k times M1_hᵀ ~ N(0, s² A_h), independent across h (different W0_h)
  // and across k, so the stacked Z = [Z_1 … Z_H] ((d − r) × Hr) has i.i.d. rows N(0, s² blockdiag(A_h))
  // and the joint S = Zᵀ Z = [Z_hᵀ Z_h'] ~ Wishart_{Hr}(d − r, s² blockdiag(A_1 … A_H)): drawn as
  // S_hh' = FS_h FS_h'ᵀ, FS_h = s LA_h F_h, F_h the rows h r … (h + 1) r − 1 of one factor F of
  // Wishart_{Hr}(d − r, I). Head h's Q^T A_h² Q = A_h² + S_hh, so Yᵀ Y = X̃ (A_h² + S_hh) X̃ᵀ.
  if (S.identity) {
    S.LA = MatD::Identity(r, r);
    S.FS.resize(r, 0);
  } else {
    Rng wr(c.seed, kStreamSampledW0);
    const double s = std::sqrt(c.w_var.value / double(d));
    S.LA = s * bartlett_factor(wr, r, double(d));
    if (H == 1) {
      S.FS = s * (S.LA * wishart_factor(wr, r, d - r));
    } else {
      const MatD F = wishart_factor(wr, H * r, d - r);
      S.FS = s * (S.LA * F.topRows(r));
      for (long h = 1; h < H; ++h) {
        Rng wh(c.seed, kStreamSampledW0 + 16 * std::uint64_t(h));
        SampledDraw::Head x;
        x.LA = s * bartlett_factor(wh, r, double(d));
        x.FS = s * (x.LA * F.middleRows(h * r, r));
        S.more.push_back(std::move(x));
      }
    }
  }

  // Test tokens: R coordinates (m1 + a1, m2 + a2, a3 … a_r), a ~ N(0, σ²) (a1 = a2 = 0 for projected noise),
  // and b = σ (X̃ FS) z, z ~ N(0, I_m), independent per test token. H heads: b_h = (ε's part outside R)·A_h x_j
  // = X̃ Z_hᵀ ε⊥ with the same ε⊥ for every head, so given S the b_h are jointly Gaussian with
  // Cov(b_h, b_h') = σ² X̃ S_hh' X̃ᵀ: b_h = σ (X̃ FS_h) z with one z per test token for all heads.
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
    std::vector<MatD> XFt;  // σ (X̃ FS_h)ᵀ, m × N
    std::vector<MatD*> Bt{&S.Bt};
    for (long h = 0; h < H; ++h) XFt.push_back(sigma * (S.Xr * S.FS_of(h)).transpose());
    for (auto& x : S.more) Bt.push_back(&x.Bt);
    for (MatD* b : Bt) b->resize(Nt, N);
    MatD Z;
    for (long k0 = 0; k0 < Nt; k0 += block) {
      const long kb = std::min(block, Nt - k0);
      Z.resize(kb, m);
      for (long h = 0; h < H; ++h) {
        if (h == 0 || fault == SampledFault::IndependentTestHeads)
          for (long k = 0; k < kb; ++k) for (long j = 0; j < m; ++j) Z(k, j) = te.normal();
        Bt[std::size_t(h)]->middleRows(k0, kb).noalias() = Z * XFt[std::size_t(h)];
      }
    }
  }
}

}  // namespace benign
