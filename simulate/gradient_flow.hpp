// Gradient flow in the reduced coordinates (theory.md §5 without the η² terms), integrated to a
// horizon with an adaptive error-controlled method (issue 5).
//
// State y = (z, K, c, B, b, β, ε) of ReducedState; with u = G g, g = ∂L/∂z:
//   dz/dt = −K g − c u,  dK/dt = −(u zᵀ + z uᵀ),  dc/dt = −2 zᵀg,
//   dβ/dt = −(g + Bᵀu),  dε/dt = −bᵀu,  dB/dt = −g βᵀ,  db/dt = −ε g.
// p only (W fixed): dz/dt = −K0 g, dc/dt = −2 zᵀg, dβ/dt = −g.  W only (p = p0): dz/dt = −c0 u,
// dK/dt = −(u zᵀ + z uᵀ), db/dt = −g.  (The three branches of ReducedEngine::step with η → 0.)
// Time is in the units of gradient descent's lr × steps: flow time t corresponds to GD step t/lr.
//
// Method: Dormand–Prince 5(4) (FSAL: 6 new gradients per step; the 5th-order solution is kept),
// error-per-step control with Hairer's PI controller (DOPRI5: β = 0.04, safety 0.9, step ratio in
// [0.2, 10]); a step is shortened (or stretched by up to 20 %) to land exactly on a checkpoint time.
// Independent variable ("clock"): by default the log time σ = log(1 + t/τ0), dy/dσ = (t + τ0) dy/dt,
// τ0 a tenth of the time z needs to move by O(1) at t = 0; late in training the gaps grow like
// log t, i.e. about linearly in σ, so the step in σ stays bounded away from 0 and the step in t grows
// geometrically (benign setting, tol 1e-10: Δt/t ≈ 0.2–0.3, about 9 steps per decade of t). The
// linear clock (σ = t) is kept for tests.
// The N×N blocks K and B move by rank-one terms per stage (u zᵀ + z uᵀ, g βᵀ), so a stage's K and B
// are never formed: K_j g = K g − h Σ_l a_jl φ_l (u_l (z_l·g) + z_l (u_l·g)), likewise B_jᵀ u; the
// new K and B are formed once per step (N×6 by 6×N products). Cost per step: 18 N² (stages) + 12 N²
// (update) multiply-adds, plus O(N·14²) for the error estimate of K and B (via a thin QR).
// Error norm: per block X of the state, the RMS over its entries of E_i / (tol · (max|X| + |X_i|))
// for the vector and scalar blocks (an absolute floor tol·max|X| in the block's own units plus a
// relative part) and RMS(E) / (tol · max|X|) for the matrix blocks K, B; the step's error is the
// largest block value; a step is accepted if it is ≤ 1.
#pragma once
#include <array>
#include <vector>

#include "simulate/engine_reduced.hpp"
#include "simulate/run.hpp"

namespace benign {

// Knobs of the flow integrator that are not configuration keys (tests and benchmarks).
struct FlowControl {
  double fixed_step = 0;       // > 0: steps of this size (flow time), no error control (order tests)
  std::vector<double> times;   // checkpoint times instead of the config's (0 and the horizon are added)
  enum class Clock { Log, Linear } clock = Clock::Log;  // independent variable of the integrator
  // Tests only: a deliberately wrong right-hand side (negative controls).
  enum class Fault { None, DropCGg, HalveDc } fault = Fault::None;
};

template <class T> RunResult run_gradient_flow(const Config& c, const Dataset& D, const RunOptions& opt);
template <class T>
RunResult run_gradient_flow(const Config& c, const Dataset& D, const RunOptions& opt, const FlowControl& fc);

// One Dormand–Prince stepper over the state of one or several ReducedEngines (exposed for benchmarks
// and tests). Several heads (issue 15): the state is every head's (z_h, K_h, c_h, B_h, b_h, β_h, ε_h),
// each following the one-head right-hand side above with its own g^h = ∂L/∂z^h from the loss of
// f = Σ_h f^h (simulate/attention_heads.hpp); the error norm is the largest block value over all heads.
template <class T> class ReducedFlow {
 public:
  // The right-hand side is dy/dσ = φ(σ) dy/dt with a clock factor φ (1 for σ = t).
  ReducedFlow(const Problem<T>& P, ReducedEngine<T>& eng, FlowControl::Fault fault = FlowControl::Fault::None);
  // H heads: heads[h] with token scores gamma[h] (HeadScores::train; the first constructor: P.gamma).
  ReducedFlow(const Problem<T>& P, const std::vector<ReducedEngine<T>*>& heads, const std::vector<Vec<T>>& gamma,
              FlowControl::Fault fault = FlowControl::Fault::None);
  // (Re)start from the engines' current state with clock factor phi0 there.
  void start(const T& phi0);
  // Try a step of size h in σ from the current state, phi[j] the clock factor at stage j = 1..6
  // (σ + c_j h; c = 0, 1/5, 3/10, 4/5, 8/9, 1, 1); returns the scaled error norm (≤ 1: acceptable),
  // or 0 without estimating it when want_error is false. The candidate is kept until accept().
  T attempt(const T& h, const std::array<T, 7>& phi, const T& tol, bool want_error = true);
  static const std::array<double, 7>& nodes();
  // Make the candidate of the last attempt the current state (of the engines).
  void accept();
  // dz/dσ of head k at the current state.
  const Vec<T>& dz_now(long k = 0) const { return hd_[std::size_t(k)].dz[0]; }
  long heads() const { return long(hd_.size()); }
  long rhs_evaluations() const { return nfev_; }

 private:
  static constexpr int S = 7;
  // One head's engine and stages: states (z, c, β, ε, b), gradients g, u = G g, derivatives of the
  // vector/scalar blocks, and the candidate K, B.
  struct Head {
    ReducedEngine<T>* eng = nullptr;
    std::array<Vec<T>, S> z, g, u, beta, b, dz, dbeta, db;
    std::array<T, S> c, eps, dc, deps;
    Mat<T> Kn, Bn;
  };
  void init(FlowControl::Fault fault);
  void form_stage(Head& hd, int j, const T& h);
  void gradients(int j);                   // g^h of stage j for every head (the loss couples them)
  void eval(int j, const T& h);            // gradients, then every head's derivatives of stage j
  void eval_head(Head& hd, int j, const T& h);  // head hd's derivatives, scaled by phi_[j]
  T head_error(Head& hd, const T& h, const T& tol);
  T vector_block_rms(const Vec<T>& y, const Vec<T>& yn, const std::array<Vec<T>, S>& k, const T& h, const T& tol);
  T scalar_block_rms(const T& y, const T& yn, const std::array<T, S>& k, const T& h, const T& tol);
  T matrix_block_rms(const Mat<T>& Y, const Mat<T>& Yn, const Mat<T>& A, const Mat<T>& C, const T& tol);

  const Problem<T>& P_;
  const Grams<T>& G_;  // the shared Grams (G)
  TrainMode mode_;
  FlowControl::Fault fault_;
  std::vector<Vec<T>> gamma_;  // γ^h of every head
  T ka_[S][S], kb_[S], ke_[S];  // Butcher tableau, 5th-order weights, error weights
  std::vector<Head> hd_;
  std::array<T, S> phi_;          // clock factor of each stage
  std::vector<Vec<T>> gtmp_;      // several heads: gradients of the loss
  Mat<T> M_, F1_, F2_, A_, C_;    // work
  Vec<T> w_;
  long nfev_ = 0;
};

}  // namespace benign
