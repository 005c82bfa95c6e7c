// Set-up of a Problem and its Gram matrices (theory.md §5), templated on the working precision.
#pragma once
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "core/rng.hpp"
#include "simulate/problem.hpp"

namespace benign {

template <class T> Problem<T> make_problem(const Config& c, const Dataset& D) {
  using std::sqrt;
  Problem<T> P;
  P.n = D.n; P.n_test = D.n_test; P.T_tokens = D.T; P.d = D.d;
  P.y = D.y; P.y_clean = D.y_clean; P.y_test = D.y_test;
  const long N = D.n * D.T, Nt = D.n_test * D.T;
  P.gamma.resize(N); P.gamma_test.resize(Nt);
  if (D.is_sampled) {
    // Same ν, read from the R coordinates along e_1, e_2 (theory.md §6).
    const T scale = T(1) / (sqrt(T(2)) * c.mu.as<T>());
    for (long k = 0; k < N; ++k) P.gamma[k] = (T(D.draw.Xr(k, 0)) - T(D.draw.Xr(k, 1))) * scale;
    for (long k = 0; k < Nt; ++k) P.gamma_test[k] = (T(D.draw.V(k, 0)) - T(D.draw.V(k, 1))) * scale;
  } else if (D.source == "generated") {
    // ν = (e_1 − e_2)/(√2 ‖μ‖): γ_t = (x_{t,1} − x_{t,2})/(√2 ‖μ‖), built exactly in T from the key's text.
    const T scale = T(1) / (sqrt(T(2)) * c.mu.as<T>());
    for (long k = 0; k < N; ++k) P.gamma[k] = (T(D.X(k, 0)) - T(D.X(k, 1))) * scale;
    for (long k = 0; k < Nt; ++k) P.gamma_test[k] = (T(D.X_test(k, 0)) - T(D.X_test(k, 1))) * scale;
  } else {
    for (long k = 0; k < N; ++k) {
      T acc = T(0);
      for (long j = 0; j < D.d; ++j) acc += T(D.X(k, j)) * T(D.nu[j]);
      P.gamma[k] = acc;
    }
    for (long k = 0; k < Nt; ++k) {
      T acc = T(0);
      for (long j = 0; j < D.d; ++j) acc += T(D.X_test(k, j)) * T(D.nu[j]);
      P.gamma_test[k] = acc;
    }
  }
  P.type_train.resize(N); P.type_test.resize(Nt);
  for (long i = 0; i < D.n; ++i) for (long t = 0; t < D.T; ++t) P.type_train[i * D.T + t] = D.type_train(i, t);
  for (long i = 0; i < D.n_test; ++i) for (long t = 0; t < D.T; ++t) P.type_test[i * D.T + t] = D.type_test(i, t);
  // Projections on μ_{±1}/‖μ‖ in double (figures only).
  auto project = [](const MatD& X, const VecD& mu, std::vector<double>& out) {
    const double nrm = mu.norm();
    out.assign(X.rows(), 0.0);
    if (nrm == 0) return;
    VecD u = X * (mu / nrm);
    for (long k = 0; k < X.rows(); ++k) out[k] = u[k];
  };
  if (D.is_sampled) {
    auto col = [](const MatD& X, long j, std::vector<double>& out) {
      out.resize(X.rows());
      for (long k = 0; k < X.rows(); ++k) out[k] = X(k, j);
    };
    col(D.draw.Xr, 0, P.proj_pos); col(D.draw.Xr, 1, P.proj_neg);
    col(D.draw.V, 0, P.proj_pos_test); col(D.draw.V, 1, P.proj_neg_test);
    return P;
  }
  project(D.X, D.mu_pos, P.proj_pos); project(D.X, D.mu_neg, P.proj_neg);
  project(D.X_test, D.mu_pos, P.proj_pos_test); project(D.X_test, D.mu_neg, P.proj_neg_test);
  return P;
}

namespace detail {

// Gram products accumulated in scalar S (double, or the working precision when exactness matters).
// Memory beyond the dataset O(N d + N_test N + block·d): W0 is generated in blocks of rows (whole only
// when one block of ≤ 4e6 entries holds it), X_test is read in blocks of rows (no converted copy of it).
template <class S, class T> void grams_in(const Config& c, const Dataset& D, Grams<T>& out) {
  using MS = Mat<S>;
  using VS = Vec<S>;
  const long N = D.n * D.T, Nt = D.n_test * D.T, d = D.d;
  const MS Xs = D.X.template cast<S>();
  const std::vector<double> p0d = D.has_p0 ? std::vector<double>(D.p0.data(), D.p0.data() + d) : p0_vector(c);
  VS p0(d);
  for (long j = 0; j < d; ++j) p0[j] = S(p0d[j]);
  MS G = Xs * Xs.transpose();
  MS K0, Y;  // Y = W0 W0ᵀ Xᵀ (d × N; not formed for W0 = I, where H0 = C)
  VS k0, w;
  VS mu_pos = D.mu_pos.template cast<S>(), mu_neg = D.mu_neg.template cast<S>();
  const double npos = D.mu_pos.norm(), nneg = D.mu_neg.norm();
  if (npos > 0) mu_pos /= S(npos);
  if (nneg > 0) mu_neg /= S(nneg);
  VS Wt_mu_pos, Wt_mu_neg;  // W0^T μ̂
  const bool identity = w0_is_identity(c, D);
  if (identity) {
    K0 = G;
    k0 = Xs * p0; w = p0;
    Wt_mu_pos = mu_pos; Wt_mu_neg = mu_neg;
    out.b_pos = (Xs * mu_pos).template cast<T>();
    out.b_neg = (Xs * mu_neg).template cast<T>();
  } else {
    // A = X W0 accumulated over row blocks of W0 (W0 is regenerated, never stored whole).
    const long block = std::max<long>(1, std::min<long>(d, 4000000 / std::max<long>(d, 1)));
    MS A = MS::Zero(N, d);
    w = VS::Zero(d);
    Wt_mu_pos = VS::Zero(d); Wt_mu_neg = VS::Zero(d);
    std::vector<double> row(d);
    MS Wb;
    auto fill_block = [&](long r0, long rb) {
      Wb.resize(rb, d);
      for (long r = 0; r < rb; ++r) {
        if (D.has_W0) for (long j = 0; j < d; ++j) Wb(r, j) = S(D.W0(r0 + r, j));
        else {
          w0_row(c, r0 + r, row.data());
          for (long j = 0; j < d; ++j) Wb(r, j) = S(row[j]);
        }
      }
    };
    for (long r0 = 0; r0 < d; r0 += block) {
      const long rb = std::min(block, d - r0);
      fill_block(r0, rb);
      A.noalias() += Xs.middleCols(r0, rb) * Wb;
      w.segment(r0, rb).noalias() = Wb * p0;
      Wt_mu_pos.noalias() += Wb.transpose() * mu_pos.segment(r0, rb);
      Wt_mu_neg.noalias() += Wb.transpose() * mu_neg.segment(r0, rb);
    }
    K0 = A * A.transpose();
    k0 = A * p0;
    // Y = W0 A^T (d × N), second pass (one block: Wb still holds the whole W0, not drawn again).
    Y.resize(d, N);
    for (long r0 = 0; r0 < d; r0 += block) {
      const long rb = std::min(block, d - r0);
      if (block < d) fill_block(r0, rb);
      Y.middleRows(r0, rb).noalias() = Wb * A.transpose();
    }
    out.b_pos = (A * Wt_mu_pos).template cast<T>();
    out.b_neg = (A * Wt_mu_neg).template cast<T>();
  }
  // The test side, C = X_test Xᵀ and H0 = X_test Y by blocks of X_test's rows, h0 = X_test w by
  // blocks of its columns: no converted copy of the whole N_test × d data. The blocks are cut where
  // Eigen's kernels cut anyway (rows: multiples of 768, whole panels of 8, 12, 16 or 24 rows, the inner
  // dimension untouched; columns: ≥ 128,
  // multiples of 16, with the leading dimension N_test), so every entry is the same sum in the same
  // order as in one product over all of X_test (bit for bit: README "Explicit set-up").
  MS C(Nt, N), H0;
  if (!identity) H0.resize(Nt, N);
  const long tb = std::max<long>(768, (4000000 / std::max<long>(d, 1)) / 768 * 768);
  MS Xtb;
  for (long i0 = 0; i0 < Nt;) {
    const long ib = Nt - i0 < 2 * tb ? Nt - i0 : tb;
    Xtb = D.X_test.middleRows(i0, ib).template cast<S>();
    C.middleRows(i0, ib).noalias() = Xtb * Xs.transpose();
    if (!identity) H0.middleRows(i0, ib).noalias() = Xtb * Y;
    i0 += ib;
  }
  if (identity) H0 = C;
  VS h0 = VS::Zero(Nt);
  if (!w.isZero(0)) {  // p0 = 0 (the paper's default): h0 = 0 exactly
    const long cb = d < 128 ? d : std::max<long>(128, (4000000 / std::max<long>(Nt, 1)) / 16 * 16);
    for (long j0 = 0; j0 < d;) {
      const long jb = d - j0 < 2 * cb ? d - j0 : cb;
      Xtb = D.X_test.middleCols(j0, jb).template cast<S>();
      h0.noalias() += Xtb * w.segment(j0, jb);
      j0 += jb;
    }
  }
  out.G = G.template cast<T>();
  out.C = C.template cast<T>();
  out.K0 = K0.template cast<T>();
  out.H0 = H0.template cast<T>();
  out.k0 = k0.template cast<T>();
  out.h0 = h0.template cast<T>();
  out.c0 = T(p0.squaredNorm());
  out.a_pos = (Xs * mu_pos).template cast<T>();
  out.a_neg = (Xs * mu_neg).template cast<T>();
  out.e_pos = T(w.dot(mu_pos));
  out.e_neg = T(w.dot(mu_neg));
}

// dst = src, moved when the scalars agree (no second copy of an N_test × N matrix).
template <class T, class M> void take(Mat<T>& dst, M&& src) {
  if constexpr (std::is_same_v<typename std::decay_t<M>::Scalar, T>) dst = std::move(src);
  else dst = src.template cast<T>();
}

// The same Grams from a sampled draw (theory.md §6), products accumulated in S from the double draw:
// G = X̃X̃ᵀ, K0 = (X̃ LA)(X̃ LA)ᵀ, C = V X̃ᵀ, H0 = V A_RR X̃ᵀ + b, a = X̃ e_{1,2}, b = X̃ A_RR e_{1,2}; p0 = 0.
// Head h (issue 15): its LA_h and b_h; G, C, a_± are the data's, the same for every head.
template <class S, class T> void grams_sampled(const SampledDraw& R, long h, Grams<T>& out) {
  using MS = Mat<S>;
  const MS X = R.Xr.template cast<S>();
  const long N = X.rows(), Nt = R.V.rows();
  MS G = X * X.transpose();
  MS XA;
  {
    MS V = R.V.template cast<S>();
    MS C = V * X.transpose();
    if (R.identity) {
      take(out.K0, MS(G));
      take(out.H0, MS(C));
      XA = X;
    } else {
      const MS LA = R.LA_of(h).template cast<S>();
      const MS P = X * LA.template triangularView<Eigen::Lower>();
      take(out.K0, MS(P * P.transpose()));
      XA = P * LA.transpose();  // X̃ A_RR
      MS H0 = R.Bt_of(h).template cast<S>();
      H0.noalias() += V * XA.transpose();
      take(out.H0, std::move(H0));
    }
    take(out.C, std::move(C));
  }
  take(out.G, std::move(G));
  out.k0 = Vec<T>::Zero(N);
  out.h0 = Vec<T>::Zero(Nt);
  out.c0 = T(0);
  out.a_pos = X.col(0).template cast<T>();
  out.a_neg = X.col(1).template cast<T>();
  out.b_pos = XA.col(0).template cast<T>();
  out.b_neg = XA.col(1).template cast<T>();
  out.e_pos = T(0);
  out.e_neg = T(0);
}

}  // namespace detail

// Cost of the Gram set-up in multiply-adds (used by setup = auto).
inline double gram_cost(const Config& c, const Dataset& D) {
  const double N = double(D.n * D.T), Nt = double(D.n_test * D.T), d = double(D.d);
  if (D.is_sampled) return (N + 2) * (2 * N * N + 2 * Nt * N);
  double cost = N * N * d + Nt * N * d;
  if (!w0_is_identity(c, D)) cost += 2 * N * d * d + Nt * N * d;
  return cost;
}

template <class T> Grams<T> make_grams(const Config& c, const Dataset& D) {
  auto t0 = std::chrono::steady_clock::now();
  if (D.signal_columns_only()) throw std::logic_error("make_grams: the dataset holds only its signal columns (use grams_at)");
  Grams<T> g;
  constexpr bool wider_than_double = std::numeric_limits<T>::digits > std::numeric_limits<double>::digits;
  bool native = false;
  if constexpr (wider_than_double) {
    native = c.setup == "native" || (c.setup == "auto" && gram_cost(c, D) <= 5e7);
  }
  if constexpr (wider_than_double) {
    if (native) {
      if (D.is_sampled) detail::grams_sampled<T, T>(D.draw, c.head_index, g); else detail::grams_in<T, T>(c, D, g);
      g.precision = scalar_name<T>();
    } else {
      if (D.is_sampled) detail::grams_sampled<double, T>(D.draw, c.head_index, g); else detail::grams_in<double, T>(c, D, g);
      g.precision = "double";
    }
  } else {
    if (D.is_sampled) detail::grams_sampled<double, T>(D.draw, c.head_index, g); else detail::grams_in<double, T>(c, D, g);
    g.precision = "double";
  }
  g.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return g;
}

}  // namespace benign
