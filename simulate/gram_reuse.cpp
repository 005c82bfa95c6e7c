// Gram reuse along ‖μ‖: the coefficients of the quadratic expansion and their assembly (gram_reuse.hpp).
#include "simulate/gram_reuse.hpp"

#include <algorithm>
#include <stdexcept>

#include "simulate/problem.ipp"

namespace benign {

bool gram_reuse_applies(const Config& c) {
  if (c.source != "explicit" || c.engine != "reduced") return false;
  if (c.precision == "double" || c.precision == "float" || c.setup == "double") return true;
  Dataset shape;  // gram_cost reads the sizes only
  shape.n = c.n; shape.n_test = c.n_test; shape.T = c.T; shape.d = c.d;
  return c.setup == "auto" && gram_cost(c, shape) > 5e7;  // make_grams: native only when cheap
}

bool in_group(const GramCoefficients& k, const Config& c) {
  Config a = k.config;
  a.mu = c.mu;
  return config_to_json(a) == config_to_json(c);
}

Dataset cell_dataset(const GramCoefficients& k, const Config& c) {
  if (!in_group(k, c)) throw std::logic_error("cell_dataset: the config differs from the coefficients' group beyond mu");
  Dataset D = k.noise;
  add_signal(c, D);
  return D;
}

GramCoefficients gram_coefficients(const Config& c) {
  using M = Mat<double>;
  const auto t0 = std::chrono::steady_clock::now();
  if (!gram_reuse_applies(c)) throw std::logic_error("gram_coefficients: Gram reuse does not apply to this config");
  GramCoefficients k;
  k.config = c;
  Dataset D = make_noise(c);
  const long N = D.n * D.T, Nt = D.n_test * D.T, d = D.d;
  k.N = N; k.Nt = Nt;
  const double rho = c.rho.value;
  // S: the signal of theory.md §1 at ‖μ‖ = 1 (token_signal, as add_signal places it).
  auto pattern = [&](long n, const std::vector<int>& ystar, bool train, M& S) {
    S.resize(n * D.T, 2);
    for (long i = 0; i < n; ++i)
      for (long t = 0; t < D.T; ++t) {
        double m1, m2;
        token_signal(ystar[i], train ? D.type_train(i, t) : D.type_test(i, t), 1.0, rho, m1, m2);
        S(i * D.T + t, 0) = m1; S(i * D.T + t, 1) = m2;
      }
  };
  pattern(D.n, D.y_clean, true, k.S);
  pattern(D.n_test, D.y_test, false, k.St);
  const MatD& E = D.X;
  const MatD& Et = D.X_test;
  k.EU = E.leftCols(2);
  k.EtU = Et.leftCols(2);
  k.G_EE = E * E.transpose();
  k.C_EE = Et * E.transpose();
  const std::vector<double> p0d = p0_vector(c);
  const VecD p0 = Eigen::Map<const VecD>(p0d.data(), d);
  k.c0 = p0.squaredNorm();
  M AE, Y, Z;  // A_E = E W0, Y = W0 A_Eᵀ, Z = W0 W01ᵀ
  VecD w;
  M W01(2, d);
  if (w0_is_identity(c, D)) {
    AE = E; W01.setZero(); W01(0, 0) = 1; W01(1, 1) = 1;
    Y = E.transpose(); Z = W01.transpose(); w = p0;
  } else {
    // W0 regenerated in row blocks (never stored whole), as make_grams does.
    const long block = std::max<long>(1, std::min<long>(d, 4000000 / std::max<long>(d, 1)));
    std::vector<double> row(d);
    M Wb;
    auto fill_block = [&](long r0, long rb) {
      Wb.resize(rb, d);
      for (long r = 0; r < rb; ++r) {
        w0_row(c, r0 + r, row.data());
        for (long j = 0; j < d; ++j) Wb(r, j) = row[j];
      }
    };
    AE = M::Zero(N, d);
    w.resize(d);
    for (long r0 = 0; r0 < d; r0 += block) {
      const long rb = std::min(block, d - r0);
      fill_block(r0, rb);
      if (r0 == 0) for (long r = 0; r < 2 && r < rb; ++r) W01.row(r) = Wb.row(r);
      AE.noalias() += E.middleCols(r0, rb) * Wb;
      w.segment(r0, rb).noalias() = Wb * p0;
    }
    Y.resize(d, N); Z.resize(d, 2);
    for (long r0 = 0; r0 < d; r0 += block) {
      const long rb = std::min(block, d - r0);
      fill_block(r0, rb);
      Y.middleRows(r0, rb).noalias() = Wb * AE.transpose();
      Z.middleRows(r0, rb).noalias() = Wb * W01.transpose();
    }
  }
  k.K_EE = AE * AE.transpose();
  k.H_EE = Et * Y;
  k.P = AE * W01.transpose();
  k.Pt = Et * Z;
  k.Q = W01 * W01.transpose();
  k.kE = AE * p0;
  k.hE = Et * w;
  k.w01 = w.head(2);
  k.e_pos = w[0]; k.e_neg = w[1];
  // Keep the labels, layout and the noise along e_1, e_2 only (cell_dataset adds each cell's signal).
  D.X = MatD(D.X.leftCols(2));
  D.X_test = MatD(D.X_test.leftCols(2));
  k.noise = std::move(D);
  k.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return k;
}

// X = E + m S U, X_t = E_t + m S_t U, A = A_E + m S W01 (m = ‖μ‖):
// G = E Eᵀ + m (E_U Sᵀ + S E_Uᵀ) + m² S Sᵀ, C likewise; K0 = A Aᵀ, H0 = X_t W0 Aᵀ, k0 = A p0, h0 = X_t w,
// a = X e_{1,2}, b = A W01ᵀ (theory.md §5, Grams in problem.hpp).
Grams<double> grams_at_double(const GramCoefficients& k, double m) {
  using M = Mat<double>;
  Grams<double> g;
  const double m2 = m * m;
  g.G = k.G_EE;
  g.G.noalias() += m * (k.EU * k.S.transpose());
  g.G.noalias() += m * (k.S * k.EU.transpose());
  g.G.noalias() += m2 * (k.S * k.S.transpose());
  g.C = k.C_EE;
  g.C.noalias() += m * (k.EtU * k.S.transpose());
  g.C.noalias() += m * (k.St * k.EU.transpose());
  g.C.noalias() += m2 * (k.St * k.S.transpose());
  g.K0 = k.K_EE;
  g.K0.noalias() += m * (k.P * k.S.transpose());
  g.K0.noalias() += m * (k.S * k.P.transpose());
  g.K0.noalias() += m2 * (k.S * (k.Q * k.S.transpose()));
  g.H0 = k.H_EE;
  g.H0.noalias() += m * (k.Pt * k.S.transpose());
  g.H0.noalias() += m * (k.St * k.P.transpose());
  g.H0.noalias() += m2 * (k.St * (k.Q * k.S.transpose()));
  g.k0 = k.kE + m * (k.S * k.w01);
  g.h0 = k.hE + m * (k.St * k.w01);
  g.c0 = k.c0;
  g.a_pos = k.EU.col(0) + m * k.S.col(0);
  g.a_neg = k.EU.col(1) + m * k.S.col(1);
  const M b = k.P + m * (k.S * k.Q);
  g.b_pos = b.col(0); g.b_neg = b.col(1);
  g.e_pos = k.e_pos; g.e_neg = k.e_neg;
  g.precision = "double";
  return g;
}

}  // namespace benign
