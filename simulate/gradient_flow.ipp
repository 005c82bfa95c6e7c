// Gradient flow in the reduced coordinates: the Dormand–Prince stepper and the run loop (issue 5).
// Formulas, method and error norm: simulate/gradient_flow.hpp.
#pragma once
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <stdexcept>
#include <vector>

#include <boost/math/special_functions/expm1.hpp>
#include <boost/math/special_functions/log1p.hpp>

#include "core/errors.hpp"
#include "simulate/gradient_flow.hpp"
#include "simulate/trainer.ipp"

namespace benign {

// ---------------------------------------------------------------------------------------------
// ReducedFlow: one Dormand–Prince 5(4) step at a time.

template <class T>
ReducedFlow<T>::ReducedFlow(const Problem<T>& P, ReducedEngine<T>& eng, FlowControl::Fault fault)
    : P_(P), G_(eng.shared_grams()), mode_(eng.mode()), fault_(fault) {
  hd_.resize(1);
  hd_[0].eng = &eng;
  gamma_.push_back(P.gamma);
  init(fault);
}

template <class T>
ReducedFlow<T>::ReducedFlow(const Problem<T>& P, const std::vector<ReducedEngine<T>*>& heads, const std::vector<Vec<T>>& gamma,
                            FlowControl::Fault fault)
    : P_(P), G_(heads.at(0)->shared_grams()), mode_(heads.at(0)->mode()), fault_(fault) {
  if (heads.size() != gamma.size()) throw std::logic_error("ReducedFlow: one score vector per head");
  hd_.resize(heads.size());
  for (std::size_t k = 0; k < heads.size(); ++k) hd_[k].eng = heads[k];
  gamma_ = gamma;
  if (heads.size() > 1) gtmp_.assign(heads.size(), Vec<T>(P.N()));
  init(fault);
}

template <class T> void ReducedFlow<T>::init(FlowControl::Fault) {
  // Dormand & Prince (1980), Hairer–Nørsett–Wanner I, Table 5.2; exact rationals in T.
  for (auto& row : ka_) for (auto& x : row) x = T(0);
  auto q = [](long p, long r) { return T(p) / T(r); };
  ka_[1][0] = q(1, 5);
  ka_[2][0] = q(3, 40);        ka_[2][1] = q(9, 40);
  ka_[3][0] = q(44, 45);       ka_[3][1] = q(-56, 15);      ka_[3][2] = q(32, 9);
  ka_[4][0] = q(19372, 6561);  ka_[4][1] = q(-25360, 2187); ka_[4][2] = q(64448, 6561); ka_[4][3] = q(-212, 729);
  ka_[5][0] = q(9017, 3168);   ka_[5][1] = q(-355, 33);     ka_[5][2] = q(46732, 5247); ka_[5][3] = q(49, 176);
  ka_[5][4] = q(-5103, 18656);
  ka_[6][0] = q(35, 384);      ka_[6][2] = q(500, 1113);    ka_[6][3] = q(125, 192);    ka_[6][4] = q(-2187, 6784);
  ka_[6][5] = q(11, 84);
  for (int l = 0; l < S; ++l) kb_[l] = ka_[6][l];  // 5th order, FSAL (b_7 = 0)
  // e = b − b̂ (b̂: the embedded 4th-order weights).
  ke_[0] = q(71, 57600); ke_[1] = T(0); ke_[2] = q(-71, 16695); ke_[3] = q(71, 1920);
  ke_[4] = q(-17253, 339200); ke_[5] = q(22, 525); ke_[6] = q(-1, 40);

  const long N = P_.N();
  for (Head& hd : hd_) {
    const ReducedState<T>& s = hd.eng->state();
    for (int j = 0; j < S; ++j) {
      hd.z[j] = s.z; hd.c[j] = s.c; hd.beta[j] = s.beta; hd.eps[j] = s.eps; hd.b[j] = s.b;
      hd.g[j].resize(N); hd.u[j] = Vec<T>::Zero(N);
      hd.dz[j] = Vec<T>::Zero(N); hd.dbeta[j] = Vec<T>::Zero(N); hd.db[j] = Vec<T>::Zero(N);
      hd.dc[j] = T(0); hd.deps[j] = T(0);
    }
  }
  w_.resize(N);
  F1_.resize(N, S); F2_.resize(N, S);
  start(T(1));
}

template <class T> const std::array<double, 7>& ReducedFlow<T>::nodes() {
  static const std::array<double, 7> c{0.0, 0.2, 0.3, 0.8, 8.0 / 9.0, 1.0, 1.0};
  return c;
}

template <class T> void ReducedFlow<T>::start(const T& phi0) {
  for (Head& hd : hd_) {
    const ReducedState<T>& s = hd.eng->state();
    hd.z[0] = s.z; hd.c[0] = s.c; hd.beta[0] = s.beta; hd.eps[0] = s.eps; hd.b[0] = s.b;
  }
  phi_[0] = phi0;
  eval(0, T(0));
}

// Stage j's state from the current state and the derivatives of stages 0..j−1.
template <class T> void ReducedFlow<T>::form_stage(Head& hd, int j, const T& h) {
  const ReducedState<T>& s = hd.eng->state();
  const bool W = mode_.W, p = mode_.p;
  hd.z[j] = s.z;
  if (p) { hd.c[j] = s.c; hd.beta[j] = s.beta; }
  if (W && p) hd.eps[j] = s.eps;
  if (W) hd.b[j] = s.b;
  for (int l = 0; l < j; ++l) {
    if (ka_[j][l] == T(0)) continue;
    const T f = h * ka_[j][l];
    hd.z[j].noalias() += f * hd.dz[l];
    if (p) { hd.c[j] += f * hd.dc[l]; hd.beta[j].noalias() += f * hd.dbeta[l]; }
    if (W && p) hd.eps[j] += f * hd.deps[l];
    if (W) hd.b[j].noalias() += f * hd.db[l];
  }
}

// ∂L/∂z^h at stage j: one head, the single-head loss (theory.md §3); several, the loss of Σ_h f^h.
template <class T> void ReducedFlow<T>::gradients(int j) {
  ++nfev_;
  if (hd_.size() == 1) {
    loss_and_gradient(hd_[0].z[j].data(), gamma_[0].data(), P_.y.data(), P_.n, P_.T_tokens, hd_[0].g[j].data());
    return;
  }
  std::vector<const Vec<T>*> z;
  for (const Head& hd : hd_) z.push_back(&hd.z[j]);
  heads_loss_and_gradient(z, gamma_, P_.y.data(), P_.n, P_.T_tokens, &gtmp_);
  for (std::size_t k = 0; k < hd_.size(); ++k) hd_[k].g[j].swap(gtmp_[k]);
}

template <class T> void ReducedFlow<T>::eval(int j, const T& h) {
  gradients(j);
  for (Head& hd : hd_) eval_head(hd, j, h);
}

// The right-hand side of one head at stage j (stage state and gradient already formed). K_j and B_j
// are K, B plus the rank-one stage terms, applied to vectors without being formed.
template <class T> void ReducedFlow<T>::eval_head(Head& hd, int j, const T& h) {
  const ReducedState<T>& s = hd.eng->state();
  const bool W = mode_.W, p = mode_.p;
  const Vec<T>& g = hd.g[j];
  if (W) hd.u[j].noalias() = G_.G * g;
  if (W && p) {
    // K_j g = K g − h Σ a_jl (u_l (z_l·g) + z_l (u_l·g))
    w_.noalias() = s.K * g;
    for (int l = 0; l < j; ++l) {
      if (ka_[j][l] == T(0)) continue;
      const T f = h * ka_[j][l] * phi_[l];
      w_.noalias() -= (f * hd.z[l].dot(g)) * hd.u[l];
      w_.noalias() -= (f * hd.u[l].dot(g)) * hd.z[l];
    }
    hd.dz[j] = -w_;
    if (fault_ != FlowControl::Fault::DropCGg) hd.dz[j].noalias() -= hd.c[j] * hd.u[j];
    hd.dc[j] = (fault_ == FlowControl::Fault::HalveDc ? T(-1) : T(-2)) * hd.z[j].dot(g);
    // B_jᵀ u = Bᵀ u − h Σ a_jl β_l (g_l·u)
    w_.noalias() = s.B.transpose() * hd.u[j];
    for (int l = 0; l < j; ++l) {
      if (ka_[j][l] == T(0)) continue;
      const T f = h * ka_[j][l] * phi_[l];
      w_.noalias() -= (f * hd.g[l].dot(hd.u[j])) * hd.beta[l];
    }
    hd.dbeta[j] = -(g + w_);
    hd.deps[j] = -hd.b[j].dot(hd.u[j]);
    hd.db[j] = -hd.eps[j] * g;
  } else if (p) {
    // W fixed: K = K0.
    w_.noalias() = s.K * g;
    hd.dz[j] = -w_;
    hd.dc[j] = (fault_ == FlowControl::Fault::HalveDc ? T(-1) : T(-2)) * hd.z[j].dot(g);
    hd.dbeta[j] = -g;
  } else {
    // p fixed: c = c0, β = 0, ε = 1, B = 0.
    hd.dz[j] = -hd.c[j] * hd.u[j];
    hd.db[j] = -g;
  }
  // dy/dσ = φ dy/dt.
  const T& ph = phi_[j];
  if (ph != T(1)) {
    hd.dz[j] *= ph;
    if (p) { hd.dc[j] *= ph; hd.dbeta[j] *= ph; }
    if (W && p) hd.deps[j] *= ph;
    if (W) hd.db[j] *= ph;
  }
}

// RMS over a vector block of E_i / (tol (max|y| + max(|y_i|, |yn_i|))), E = h Σ e_l k_l.
template <class T>
T ReducedFlow<T>::vector_block_rms(const Vec<T>& y, const Vec<T>& yn, const std::array<Vec<T>, S>& k, const T& h,
                                   const T& tol) {
  using std::abs;
  using std::sqrt;
  const long n = y.size();
  if (n == 0) return T(0);
  T m = T(0);
  for (long i = 0; i < n; ++i) m = std::max(m, std::max(T(abs(y[i])), T(abs(yn[i]))));
  if (m == T(0)) return T(0);
  T sum = T(0);
  for (long i = 0; i < n; ++i) {
    T E = T(0);
    for (int l = 0; l < S; ++l) if (ke_[l] != T(0)) E += ke_[l] * k[l][i];
    E *= h;
    const T sc = tol * (m + std::max(T(abs(y[i])), T(abs(yn[i]))));
    const T r = E / sc;
    sum += r * r;
  }
  return sqrt(sum / T(n));
}

template <class T>
T ReducedFlow<T>::scalar_block_rms(const T& y, const T& yn, const std::array<T, S>& k, const T& h, const T& tol) {
  using std::abs;
  const T m = std::max(T(abs(y)), T(abs(yn)));
  if (m == T(0)) return T(0);
  T E = T(0);
  for (int l = 0; l < S; ++l) E += ke_[l] * k[l];
  return T(abs(T(h * E))) / (T(2) * tol * m);
}

// A matrix block whose error is E = −A Cᵀ (A, C: N × k, k ≤ 14): the RMS of E over its entries
// relative to tol · max(|Y|, |Yn|) (normwise: the entries of K, or of B, share one unit). E is never
// formed: with the thin Householder QR C = Q R, ‖A Cᵀ‖_F = ‖A Rᵀ‖_F, O(N k²) instead of O(N² k),
// and as accurate as forming E (QR is backward stable; a Gram-matrix formula would square the
// cancellation between the nearly equal stage terms).
template <class T>
T ReducedFlow<T>::matrix_block_rms(const Mat<T>& Y, const Mat<T>& Yn, const Mat<T>& A, const Mat<T>& C, const T& tol) {
  using std::abs;
  using std::sqrt;
  const long r = Y.rows(), cdim = Y.cols();
  if (r == 0 || cdim == 0) return T(0);
  T m = T(0);
  for (long jc = 0; jc < cdim; ++jc)
    for (long i = 0; i < r; ++i) {
      const T a = abs(Y(i, jc)), b = abs(Yn(i, jc));
      if (a > m) m = a;
      if (b > m) m = b;
    }
  if (m == T(0)) return T(0);
  T fro;
  if (C.rows() <= 2 * C.cols()) {
    fro = (A * C.transpose()).norm();
  } else {
    const Eigen::HouseholderQR<Mat<T>> qr(C);
    const long k = C.cols();
    const Mat<T> R = qr.matrixQR().topRows(k).template triangularView<Eigen::Upper>();
    fro = (A * R.transpose()).norm();
  }
  return fro / (sqrt(T(r * cdim)) * tol * m);
}

template <class T> T ReducedFlow<T>::attempt(const T& h, const std::array<T, 7>& phi, const T& tol, bool want_error) {
  const bool W = mode_.W, p = mode_.p;
  for (int j = 1; j < S; ++j) {
    phi_[j] = phi[j];
    for (Head& hd : hd_) form_stage(hd, j, h);
    eval(j, h);
  }
  // Stage 7 is the 5th-order solution (FSAL): z, c, β, ε, b of the candidate are z[6] … b[6].
  // K' = K − h Σ b_l (u_l z_lᵀ + z_l u_lᵀ), B' = B − h Σ b_l g_l β_lᵀ (b_7 = 0: six terms).
  for (Head& hd : hd_) {
    const ReducedState<T>& s = hd.eng->state();
    if (W) {
      for (int l = 0; l < S - 1; ++l) { F1_.col(l) = (h * kb_[l] * phi_[l]) * hd.u[l]; F2_.col(l) = hd.z[l]; }
      M_.noalias() = F1_.leftCols(S - 1) * F2_.leftCols(S - 1).transpose();
      hd.Kn = s.K;
      hd.Kn -= M_;
      hd.Kn -= M_.transpose();
    }
    if (W && p) {
      for (int l = 0; l < S - 1; ++l) { F1_.col(l) = (h * kb_[l] * phi_[l]) * hd.g[l]; F2_.col(l) = hd.beta[l]; }
      hd.Bn = s.B;
      hd.Bn.noalias() -= F1_.leftCols(S - 1) * F2_.leftCols(S - 1).transpose();
    }
  }
  if (!want_error) return T(0);
  T err = head_error(hd_[0], h, tol);
  for (std::size_t k = 1; k < hd_.size(); ++k) err = std::max(err, head_error(hd_[k], h, tol));
  return err;
}

// The largest block value of one head's error estimate.
template <class T> T ReducedFlow<T>::head_error(Head& hd, const T& h, const T& tol) {
  const ReducedState<T>& s = hd.eng->state();
  const bool W = mode_.W, p = mode_.p;
  T err = vector_block_rms(s.z, hd.z[S - 1], hd.dz, h, tol);
  if (p) {
    err = std::max(err, scalar_block_rms(s.c, hd.c[S - 1], hd.dc, h, tol));
    err = std::max(err, vector_block_rms(s.beta, hd.beta[S - 1], hd.dbeta, h, tol));
  }
  if (W && p) err = std::max(err, scalar_block_rms(s.eps, hd.eps[S - 1], hd.deps, h, tol));
  if (W) err = std::max(err, vector_block_rms(s.b, hd.b[S - 1], hd.db, h, tol));
  // Matrix blocks: E_K = −(P Qᵀ + Q Pᵀ) = −[P Q][Q P]ᵀ with P = [h e_l φ_l u_l], Q = [z_l];
  // E_B = −P Qᵀ with P = [h e_l φ_l g_l], Q = [β_l].
  if (W) {
    const long N = s.z.size();
    A_.resize(N, 2 * S); C_.resize(N, 2 * S);
    for (int l = 0; l < S; ++l) {
      A_.col(l) = (h * ke_[l] * phi_[l]) * hd.u[l];
      A_.col(S + l) = hd.z[l];
      C_.col(l) = hd.z[l];
      C_.col(S + l) = A_.col(l);
    }
    err = std::max(err, matrix_block_rms(s.K, hd.Kn, A_, C_, tol));
  }
  if (W && p) {
    for (int l = 0; l < S; ++l) { F1_.col(l) = (h * ke_[l] * phi_[l]) * hd.g[l]; F2_.col(l) = hd.beta[l]; }
    err = std::max(err, matrix_block_rms(s.B, hd.Bn, F1_, F2_, tol));
  }
  return err;
}

template <class T> void ReducedFlow<T>::accept() {
  const bool W = mode_.W, p = mode_.p;
  constexpr int L = S - 1;
  for (Head& hd : hd_) {
    ReducedState<T>& s = hd.eng->state();
    s.z = hd.z[L];
    if (p) { s.c = hd.c[L]; s.beta = hd.beta[L]; }
    if (W && p) s.eps = hd.eps[L];
    if (W) { s.b = hd.b[L]; s.K.swap(hd.Kn); }
    if (W && p) s.B.swap(hd.Bn);
    // FSAL: the last stage is the first stage of the next step.
    hd.z[0].swap(hd.z[L]); hd.g[0].swap(hd.g[L]); hd.u[0].swap(hd.u[L]); hd.beta[0].swap(hd.beta[L]); hd.b[0].swap(hd.b[L]);
    hd.dz[0].swap(hd.dz[L]); hd.dbeta[0].swap(hd.dbeta[L]); hd.db[0].swap(hd.db[L]);
    std::swap(hd.c[0], hd.c[L]); std::swap(hd.eps[0], hd.eps[L]); std::swap(hd.dc[0], hd.dc[L]); std::swap(hd.deps[0], hd.deps[L]);
  }
  std::swap(phi_[0], phi_[L]);
}

// ---------------------------------------------------------------------------------------------
// The run: checkpoints, step-size control, diagnostics.

namespace flow_detail {

// A time as text, also beyond the range of double ("1.00e+4400").
template <class T> std::string time_text(const T& x) {
  const double d = to_double(x);
  if (std::isfinite(d)) return sci_text(d, 6);
  return pow10_text(log10_of(x));
}

// Smallest 1 − s_top and largest gap (top logit − second) over the training samples of z.
template <class T> void softmax_extremes(const Vec<T>& z, long n, long L, T& min_comp, T& max_gap) {
  using std::exp;
  for (long i = 0; i < n; ++i) {
    const T* zi = z.data() + i * L;
    long top = 0;
    for (long t = 1; t < L; ++t) if (zi[t] > zi[top]) top = t;
    T sum = T(0), second = T(0);
    bool have = false;
    for (long t = 0; t < L; ++t) {
      if (t == top) continue;
      sum += exp(T(zi[t] - zi[top]));
      if (!have || zi[t] > second) { second = zi[t]; have = true; }
    }
    if (!have) continue;
    const T comp = sum / (T(1) + sum);
    if (comp < min_comp) min_comp = comp;
    const T gap = zi[top] - second;
    if (gap > max_gap) max_gap = gap;
  }
}

// Checkpoint times: 0, then every `every` GD steps (if that gives at most kMaxUniform points) or
// checkpoints_per_decade per decade of time from the first grid point ≥ lr, then the horizon.
template <class T>
std::vector<T> checkpoint_times(const Config& c, const T& lr, const T& horizon, const FlowControl& fc, std::string& note) {
  constexpr double kMaxUniform = 1e5;
  std::vector<T> v{T(0)};
  if (!fc.times.empty()) {
    for (double x : fc.times) if (T(x) > T(0) && T(x) < horizon) v.push_back(T(x));
  } else {
    bool log_spaced = c.every <= 0;
    if (!log_spaced) {
      const double count = to_double(T(horizon / (T(c.every) * lr)));
      if (count <= kMaxUniform) {
        for (long j = 1;; ++j) {
          const T tj = T(j * c.every) * lr;
          if (!(tj < horizon)) break;
          v.push_back(tj);
        }
      } else {
        log_spaced = true;
        note += "every = " + std::to_string(c.every) + " would give " + sci_text(count) +
                " checkpoints up to the horizon; log-spaced checkpoints (checkpoints_per_decade = " +
                std::to_string(c.checkpoints_per_decade) + ") used instead. ";
      }
    }
    if (log_spaced) {
      using std::pow;
      const long K = std::max<long>(1, c.checkpoints_per_decade);
      const long k0 = long(std::floor(double(K) * std::log10(std::max(1e-300, to_double(lr))))) - 1;
      for (long k = k0;; ++k) {
        const T tk = pow(T(10), T(k) / T(K));
        if (!(tk < horizon)) break;
        if (tk >= lr) v.push_back(tk);
      }
    }
  }
  if (horizon > T(0)) v.push_back(horizon);
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

}  // namespace flow_detail

template <class T> RunResult run_gradient_flow(const Config& c, const Dataset& D, const RunOptions& opt) {
  return run_gradient_flow<T>(c, D, opt, FlowControl{});
}

template <class T>
RunResult run_gradient_flow(const Config& c, const Dataset& D, const RunOptions& opt, const FlowControl& fc) {
  using std::abs;
  using std::isfinite;
  const auto t0 = std::chrono::steady_clock::now();
  if (c.engine != "reduced") throw ConfigError("impossible combination: integrator = 'flow' runs on engine = 'reduced' only");
  RunResult r;
  r.config = c;
  r.precision = scalar_name<T>();
  r.engine = "reduced";
  r.integrator = "flow";
  r.data_source = D.source;
  r.tracked_samples = tracked_samples(D, c.track);
  const TrainMode mode = TrainMode::parse(c.train);
  const Problem<T> P = make_problem<T>(c, D);
  // One head: the data's Grams (or a sweep group's); several heads (issue 15): HeadEngines, each
  // head's reduced state over the shared G, C, with the model's scores γ^h.
  const long H = c.heads;
  const HeadScores<T> scores = head_scores<T>(c, D, P);
  std::unique_ptr<Grams<T>> grams1;
  std::unique_ptr<ReducedEngine<T>> eng1;
  std::unique_ptr<HeadEngines<T>> heads;
  std::vector<ReducedEngine<T>*> engs;
  if (H == 1) {
    grams1 = std::make_unique<Grams<T>>(opt.grams_from ? grams_at<T>(*opt.grams_from, c.mu.value) : make_grams<T>(c, D));
    eng1 = std::make_unique<ReducedEngine<T>>(*grams1, mode);
    engs.push_back(eng1.get());
  } else {
    heads = std::make_unique<HeadEngines<T>>(head_configs(c), D, mode, false);
    for (long h = 0; h < H; ++h) engs.push_back(&heads->reduced(h));
  }
  const Grams<T>& grams = H == 1 ? *grams1 : heads->grams(0);
  r.setup_precision = grams.precision;
  gram_digits(grams, r.diagnostics);
  const auto t1 = std::chrono::steady_clock::now();
  r.setup_s = std::chrono::duration<double>(t1 - t0).count();
  // The first non-finite quantity (finite_check.hpp) and its time; "" while all are finite.
  std::string bad = non_finite_setup(P, &grams);
  for (long h = 1; h < H && bad.empty(); ++h) bad = non_finite_setup(P, &heads->grams(h));
  double bad_time = 0;
  // The observables of a checkpoint: the gradient-descent trainer's (trainer.ipp), for either model.
  std::unique_ptr<SingleHeadTraining<T>> single;
  std::unique_ptr<SeveralHeadTraining<T>> several;
  if (H == 1) single = std::make_unique<SingleHeadTraining<T>>(SingleHeadTraining<T>{P, *eng1, Vec<T>()});
  else several = std::make_unique<SeveralHeadTraining<T>>(SeveralHeadTraining<T>{P, scores, *heads, {}});
  auto all_z_finite = [&] {
    for (const ReducedEngine<T>* e : engs) if (!all_finite(e->z())) return false;
    return true;
  };

  const T lr = c.lr.as<T>();
  T horizon;
  try {
    horizon = c.horizon.as<T>();
  } catch (...) {
    horizon = T(-1);
  }
  if (!(horizon >= T(0)) || !isfinite(horizon))
    throw ConfigError("config key 'horizon' = " + c.horizon.text + " is out of range of precision " + scalar_name<T>());
  if (horizon == T(0)) horizon = T(c.steps) * lr;
  const T tol = c.tol.as<T>();
  const bool fixed = fc.fixed_step > 0;
  const T h_fixed = T(fc.fixed_step);
  std::string notes;
  const std::vector<T> times = flow_detail::checkpoint_times<T>(c, lr, horizon, fc, notes);
  if (opt.progress && !notes.empty()) std::fprintf(stderr, "[flow] note: %s\n", notes.c_str());

  ReducedFlow<T> flow(P, engs, scores.train, fc.fault);
  // Precision diagnostics over every accepted step.
  T min_comp = T(1), max_gap = T(0);
  double lost_at = -1;
  const T normal_min = std::numeric_limits<T>::min();
  auto track = [&](const T& t) {
    T mc = T(1), mg = T(0);
    for (const ReducedEngine<T>* e : engs) flow_detail::softmax_extremes(e->z(), P.n, P.T_tokens, mc, mg);
    if (mc < min_comp) min_comp = mc;
    if (mg > max_gap) max_gap = mg;
    if (lost_at < 0 && !(mc >= normal_min)) lost_at = to_double(t);
  };

  long accepted = 0, rejected = 0;
  T h_min = T(-1), h_max = T(0), h_over_t_max = T(0), last_ratio = T(0);
  auto last_print = std::chrono::steady_clock::now();
  auto progress = [&](const T& t, const T& h, bool force) {
    if (!opt.progress) return;
    const auto now = std::chrono::steady_clock::now();
    if (!force && std::chrono::duration<double>(now - last_print).count() < 0.5) return;
    last_print = now;
    const Checkpoint* cp = r.checkpoints.empty() ? nullptr : &r.checkpoints.back();
    std::fprintf(stderr, "\r[flow] t %.4g / %.4g  steps %ld (+%ld rejected)  h %.3g  train_acc %.3f  test_acc %.4f   ",
                 to_double(t), to_double(horizon), accepted, rejected, to_double(h), cp ? cp->train_acc : 0.0,
                 cp ? cp->test_acc : 0.0);
  };
  T last_obs = T(0);
  auto observe = [&](const T& t, bool final) {
    Checkpoint cp;
    cp.time = to_double(t);
    cp.step = to_double(T(t / lr));
    const bool want_final = opt.final_selection && final;
    bad = single ? single->observe(r, cp, want_final) : several->observe(r, cp, want_final);
    if (!bad.empty()) { bad_time = cp.time; return; }
    r.checkpoints.push_back(cp);
    last_obs = t;
    if (opt.on_checkpoint) opt.on_checkpoint(cp);
  };

  T t = T(0);
  if (bad.empty()) {
    track(t);
    observe(t, times.size() == 1);
  }
  std::size_t next = bad.empty() ? 1 : times.size();
  // The natural time scale at t = 0: the time z needs to move by O(1).
  T tau_nat;
  {
    T zmax = T(0), dzmax = T(0);
    for (long k = 0; k < H; ++k) {
      const Vec<T>& z = engs[std::size_t(k)]->z();
      for (long i = 0; i < z.size(); ++i) {
        zmax = std::max(zmax, T(abs(z[i])));
        dzmax = std::max(dzmax, T(abs(flow.dz_now(k)[i])));
      }
    }
    tau_nat = dzmax > T(0) ? T((T(1) + zmax) / dzmax) : (horizon > T(0) ? horizon : T(1));
  }
  // The clock: σ = log(1 + t/τ0) (dt/dσ = t + τ0) or σ = t.
  const bool log_clock = fc.clock == FlowControl::Clock::Log;
  // Written so that no intermediate overflows when t/τ0 exceeds the range of T (τ0 can be tiny).
  using std::exp;
  using std::log;
  const T tau0 = T(tau_nat / T(10));
  const T log_tau0 = log(tau0);
  auto t_of = [&](const T& sg) {
    if (!log_clock) return sg;
    return sg <= T(1) ? T(tau0 * boost::math::expm1(sg)) : T(exp(T(sg + log_tau0)) - tau0);
  };
  auto sigma_of = [&](const T& tt) {
    if (!log_clock) return tt;
    return tt <= tau0 ? T(boost::math::log1p(T(tt / tau0))) : T(log(tt) - log_tau0 + boost::math::log1p(T(tau0 / tt)));
  };
  auto phi_of = [&](const T& sg) { return log_clock ? T(exp(T(sg + log_tau0))) : T(1); };
  if (log_clock) flow.start(phi_of(T(0)));
  std::array<T, 7> nodes;
  {
    const long num[7] = {0, 1, 3, 4, 8, 1, 1}, den[7] = {1, 5, 10, 5, 9, 1, 1};
    for (int j = 0; j < 7; ++j) nodes[j] = T(num[j]) / T(den[j]);
  }
  T sigma = T(0);
  // First step: a small fraction of the natural time scale (the controller grows it ×10 per step).
  T h;
  {
    using std::pow;
    h = fixed ? h_fixed : T(T(0.01) * pow(tol, T(0.2)) * tau_nat / phi_of(T(0)));
  }
  // PI controller of Hairer's DOPRI5 (β = 0.04, safety 0.9, step ratio in [0.2, 10]).
  const double beta = 0.04, expo1 = 0.2 - beta * 0.75, safe = 0.9, facmin = 0.2, facmax = 10.0;
  double facold = 1e-4;
  bool last_rejected = false;
  long consecutive_rejects = 0;
  std::array<T, 7> phis;
  while (next < times.size()) {
    if (opt.stop && opt.stop->load()) {
      r.interrupted = true;
      if (!(t > last_obs)) r.checkpoints.pop_back();  // record it again, with the final selections
      observe(t, true);
      break;
    }
    const T target = times[next];
    const T s_target = sigma_of(target);
    T h_eff = fixed ? h_fixed : h;
    bool land = false;
    // Land on the checkpoint when it is at most `stretch` steps away (a step up to 20 % longer than
    // proposed, whose error is then up to 1.2^5 ≈ 2.5 times the controller's target of ~0.4: still
    // accepted as a rule; right after a rejection no stretch).
    const double stretch = fixed ? 1.000001 : (last_rejected ? 1.0 : 1.2);
    if (s_target - sigma <= h_eff * T(stretch)) { h_eff = s_target - sigma; land = true; }
    for (int j = 0; j < 7; ++j) phis[j] = phi_of(T(sigma + nodes[j] * h_eff));
    const T err = flow.attempt(h_eff, phis, tol, !fixed);
    const double errd = to_double(err);
    if (fixed || (std::isfinite(errd) && errd <= 1.0)) {
      flow.accept();
      ++accepted;
      consecutive_rejects = 0;
      const T t_old = t;
      sigma = land ? s_target : T(sigma + h_eff);
      t = land ? target : t_of(sigma);
      const T dt = t - t_old;
      if (t_old > T(0) && T(dt / t_old) > h_over_t_max) h_over_t_max = dt / t_old;
      if (t_old > T(0) && !land) last_ratio = dt / t_old;
      if (h_min < T(0) || dt < h_min) h_min = dt;
      if (dt > h_max) h_max = dt;
      if (!all_z_finite()) { bad = "training logits z = X W p"; bad_time = to_double(t); break; }
      track(t);
      if (!fixed) {
        const double fac11 = std::pow(std::max(errd, 0.0), expo1);
        double fac = fac11 / std::pow(facold, beta);
        fac = std::max(1.0 / facmax, std::min(1.0 / facmin, fac / safe));
        T h_new = h_eff / T(fac);
        if (last_rejected && h_new > h_eff) h_new = h_eff;
        if (land && h > h_new && !last_rejected) h_new = h;  // a step shortened to land keeps the old proposal
        facold = std::max(errd, 1e-4);
        h = h_new;
      }
      last_rejected = false;
      if (land) {
        ++next;
        observe(t, next == times.size());
        if (!bad.empty()) break;
        progress(t, dt, true);
      } else {
        progress(t, dt, false);
      }
    } else {
      ++rejected;
      ++consecutive_rejects;
      last_rejected = true;
      const double shrink = std::isfinite(errd) ? std::min(1.0 / facmin, std::pow(errd, expo1) / safe) : 1.0 / facmin;
      h = h_eff / T(shrink);
      if (!std::isfinite(errd) && consecutive_rejects > 60) {  // every trial step non-finite
        bad = "derivative dz/dt (error estimate of the flow step)";
        bad_time = to_double(t);
        break;
      }
      if (consecutive_rejects > 60 || !(h > T(0)) || T(sigma + h) == sigma)
        throw std::runtime_error("gradient flow: step size underflow at time " + flow_detail::time_text(t) + " (step " +
                                 sci_text(to_double(h), 3) + ", error norm " + sci_text(errd, 3) +
                                 "); the state may have left the range of precision " + scalar_name<T>());
    }
  }
  if (opt.progress) std::fprintf(stderr, "\n");
  r.steps_done = accepted;
  const auto t2 = std::chrono::steady_clock::now();
  r.train_s = std::chrono::duration<double>(t2 - t1).count();
  r.elapsed_s = std::chrono::duration<double>(t2 - t0).count();

  // Diagnostics: every accepted step (and the checkpoints, which see the same states).
  Diagnostics& dg = r.diagnostics;
  dg.log10_min_complement = log10_of(min_comp);
  dg.max_gap = to_double(max_gap);
  for (const auto& cp : r.checkpoints) {
    dg.log10_min_complement = std::min(dg.log10_min_complement, cp.log10_min_complement);
    dg.max_gap = std::max(dg.max_gap, cp.max_gap);
  }
  dg.lost_at_time = lost_at;
  precision_verdict<T>(dg);
  gram_verdict(dg, r.precision, r.setup_precision);
  if (!bad.empty()) record_non_finite<T>(dg, c, D, bad, bad_time / c.lr.value, bad_time);

  notes += std::string("flow: Dormand-Prince 5(4) in ") +
           (log_clock ? "log time log(1 + t/" + flow_detail::time_text(tau0) + "), " : std::string("linear time, ")) +
           (fixed ? "fixed step " + sci_text(fc.fixed_step, 6) : "tol " + c.tol.text) + ", horizon " +
           flow_detail::time_text(horizon) + (r.interrupted ? " (interrupted at t = " + flow_detail::time_text(t) + ")" : "") +
           ": " + std::to_string(accepted) + " accepted steps, " + std::to_string(rejected) + " rejected, " +
           std::to_string(flow.rhs_evaluations()) + " gradient evaluations; step size " +
           flow_detail::time_text(h_min < T(0) ? T(0) : h_min) + " .. " + flow_detail::time_text(h_max) + ", largest dt/t " +
           sci_text(to_double(h_over_t_max), 3) + " (last unshortened step: " + sci_text(to_double(last_ratio), 3) +
           "). Smallest 1 - s met " + pow10_text(dg.log10_min_complement) +
           ", largest gap " + sci_text(dg.max_gap, 6) + ": " +
           (dg.resolved ? std::string("resolved by ") + scalar_name<T>() : "NOT resolved (see diagnostics.message)") + ".";
  r.notes = notes;
  if (fc.fault != FlowControl::Fault::None) r.notes += " TEST FAULT INJECTED: wrong right-hand side.";
  return r;
}

}  // namespace benign
