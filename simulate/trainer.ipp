// The training loop: gradient descent with checkpoints (theory.md §2), generic in precision and engine.
#pragma once
#include <chrono>
#include <cstdio>
#include <memory>

#include "simulate/attention_heads.hpp"
#include "simulate/attention_model.hpp"
#include "simulate/engine_full.ipp"
#include "simulate/engine_heads.hpp"
#include "simulate/engine_reduced.ipp"
#include "simulate/finite_check.hpp"
#include "simulate/gradient_flow.hpp"
#include "simulate/gram_reuse.hpp"
#include "simulate/observables.hpp"
#include "simulate/observables_heads.hpp"
#include "simulate/precision_diagnostics.hpp"
#include "simulate/problem.ipp"
#include "simulate/run.hpp"

namespace benign {

// The tracked samples: the first `track` clean and the first `track` noisy training samples.
inline std::vector<long> tracked_samples(const Dataset& D, long track) {
  std::vector<long> out;
  long k = 0;
  for (long i = 0; i < D.n && k < track; ++i) if (!D.noisy(i)) { out.push_back(i); ++k; }
  k = 0;
  for (long i = 0; i < D.n && k < track; ++i) if (D.noisy(i)) { out.push_back(i); ++k; }
  return out;
}

// Diagnostics at the end (gd: over the checkpoints): was every 1 − s representable, and if not
// which precision would be (simulate/precision_diagnostics.hpp).
template <class T> void finish_diagnostics(RunResult& r) {
  Diagnostics& dg = r.diagnostics;
  dg.log10_min_complement = 0;
  dg.max_gap = 0;
  dg.lost_at_time = -1;
  const double floor10 = log10_normal_floor<T>();
  for (const auto& cp : r.checkpoints) {
    dg.log10_min_complement = std::min(dg.log10_min_complement, cp.log10_min_complement);
    dg.max_gap = std::max(dg.max_gap, cp.max_gap);
    if (dg.lost_at_time < 0 && !(cp.log10_min_complement > floor10)) dg.lost_at_time = cp.time;
  }
  precision_verdict<T>(dg);
}

// Test side in dd (issue 11): for the software types far wider than dd, the reduced engine keeps its
// basis of W and p in dd (ReducedEngine::use_dd_basis) and the test logits, test loss, accuracy,
// selections and q_± are computed in dd: ≈ 25× cheaper, about 31 digits, reported as doubles. They
// drive nothing: the training dynamics (z, K, ‖p‖²) and training observables stay in T.
// summary.json says so (test_precision).
// bin50 only: a run asked for in 100 digits or in MPFR keeps every observable in its own precision.
template <class T> constexpr bool test_side_in_dd = std::is_same_v<T, bin50>;

// The test half of P in dd (labels, types, projections; γ_test rounded to dd).
template <class T> Problem<dd> test_problem_dd(const Problem<T>& P) {
  Problem<dd> Q;
  Q.n_test = P.n_test; Q.T_tokens = P.T_tokens; Q.d = P.d;
  Q.y_test = P.y_test; Q.type_test = P.type_test;
  Q.proj_pos_test = P.proj_pos_test; Q.proj_neg_test = P.proj_neg_test;
  Q.gamma_test.resize(P.gamma_test.size());
  for (long k = 0; k < P.gamma_test.size(); ++k) Q.gamma_test[k] = to_dd(P.gamma_test[k]);
  return Q;
}

// The model in training, as the gradient-descent loop sees it: ∂L/∂z at the current parameters,
// its finiteness, the observables of a checkpoint, one step. One head (theory.md §2) ...
template <class T> struct SingleHeadTraining {
  const Problem<T>& P;
  Engine<T>& eng;
  Vec<T> g;
  Problem<dd> P_dd{};  // test_side_in_dd<T>: made at the first checkpoint
  T loss_and_gradient() { return benign::loss_and_gradient(eng.z().data(), P.gamma.data(), P.y.data(), P.n, P.T_tokens, g.data()); }
  std::string non_finite(const T& loss) const { return non_finite_step(loss, eng.z(), g); }
  // Fills cp (and the final selections of r if want_final); "" or the first non-finite quantity.
  std::string observe(RunResult& r, Checkpoint& cp, bool want_final) {
    observe_train(P, eng.z(), r.tracked_samples, cp, want_final ? &r.final_train : nullptr);
    if constexpr (test_side_in_dd<T>) {
      if (P_dd.T_tokens == 0) P_dd = test_problem_dd(P);
      const Vec<dd> zt = eng.z_test_dd();
      observe_test(P_dd, zt, cp, want_final ? &r.final_test : nullptr);
      cp.p_norm = std::sqrt(std::max(0.0, to_double(eng.p_norm2())));
      cp.q_pos = to_double(eng.q_along(true));
      cp.q_neg = to_double(eng.q_along(false));
      return all_finite(zt) ? non_finite_in(cp) : "test logits";
    }
    const Vec<T> zt = eng.z_test();
    observe_test(P, zt, cp, want_final ? &r.final_test : nullptr);
    cp.p_norm = std::sqrt(std::max(0.0, to_double(eng.p_norm2())));
    cp.q_pos = to_double(eng.q_along(true));
    cp.q_neg = to_double(eng.q_along(false));
    return all_finite(zt) ? non_finite_in(cp) : "test logits";
  }
  void step(const T& lr) { eng.step(lr, g); }
};

// ... and H heads (issue 15): f = Σ_h f^h, every head stepped on its own ∂L/∂z^h. The model's ‖p‖ is
// that of (p_1, ..., p_H), its q_± the mean over heads; with one head every number is the one above.
template <class T> struct SeveralHeadTraining {
  const Problem<T>& P;
  const HeadScores<T>& S;
  HeadEngines<T>& E;
  std::vector<Vec<T>> g;
  T loss_and_gradient() { return heads_loss_and_gradient(E.z(), S.train, P.y.data(), P.n, P.T_tokens, &g); }
  std::string non_finite(const T& loss) const {
    for (long h = 0; h < E.size(); ++h) {
      const std::string bad = non_finite_step(loss, E[h].z(), g[std::size_t(h)]);
      if (!bad.empty()) return bad;
    }
    return "";
  }
  std::string observe(RunResult& r, Checkpoint& cp, bool want_final) {
    const long H = E.size();
    observe_heads_train(P, S, E.z(), r.tracked_samples, cp, want_final ? &r.final_train : nullptr);
    std::vector<Vec<T>> zt(static_cast<std::size_t>(H));
    std::vector<const Vec<T>*> ztp;
    for (long h = 0; h < H; ++h) { zt[std::size_t(h)] = E[h].z_test(); ztp.push_back(&zt[std::size_t(h)]); }
    observe_heads_test(P, S, ztp, cp, want_final ? &r.final_test : nullptr);
    T c = E[0].p_norm2(), qp = E[0].q_along(true), qn = E[0].q_along(false);
    for (long h = 1; h < H; ++h) { c += E[h].p_norm2(); qp += E[h].q_along(true); qn += E[h].q_along(false); }
    cp.p_norm = std::sqrt(std::max(0.0, to_double(c)));
    cp.q_pos = to_double(H == 1 ? qp : T(qp / T(H)));
    cp.q_neg = to_double(H == 1 ? qn : T(qn / T(H)));
    for (long h = 0; h < H && H > 1; ++h) {
      HeadCheckpoint& hc = cp.heads[std::size_t(h)];
      hc.p_norm = std::sqrt(std::max(0.0, to_double(E[h].p_norm2())));
      hc.q_pos = to_double(E[h].q_along(true));
      hc.q_neg = to_double(E[h].q_along(false));
    }
    for (const Vec<T>& v : zt) if (!all_finite(v)) return "test logits";
    return non_finite_in(cp);
  }
  void step(const T& lr) { E.step(lr, g); }
};

// The gradient-descent loop over checkpoints (theory.md §2) for either model, and the run's end.
template <class T, class Model>
void descend(const Config& c, const RunOptions& opt, Model& m, RunResult& r, std::string bad,
             std::chrono::steady_clock::time_point t0, std::chrono::steady_clock::time_point t1, const Dataset& D) {
  long bad_step = 0;
  const T lr = c.lr.as<T>();
  const std::vector<long> marks = observed_steps(c);
  std::size_t next_mark = 0;
  long step = 0;
  for (; bad.empty(); ++step) {
    const T loss = m.loss_and_gradient();
    bad = m.non_finite(loss);
    if (!bad.empty()) { bad_step = step; break; }
    const bool is_last = step == c.steps;
    const bool stopping = opt.stop && opt.stop->load();
    if ((next_mark < marks.size() && marks[next_mark] == step) || stopping) {
      Checkpoint cp;
      cp.step = double(step);
      cp.time = c.lr.value * double(step);
      bad = m.observe(r, cp, opt.final_selection && (is_last || stopping));
      if (!bad.empty()) { bad_step = step; break; }
      r.checkpoints.push_back(cp);
      if (opt.on_checkpoint) opt.on_checkpoint(cp);
      if (opt.progress)
        std::fprintf(stderr, "\r[simulate] step %ld/%ld  train_loss %.6g  train_acc %.3f  test_acc %.4f   ", step, c.steps,
                     cp.train_loss, cp.train_acc, cp.test_acc);
      while (next_mark < marks.size() && marks[next_mark] <= step) ++next_mark;
    }
    if (is_last) break;
    if (stopping) { r.interrupted = true; break; }
    m.step(lr);
  }
  if (opt.progress) std::fprintf(stderr, "\n");
  r.steps_done = step;
  const auto t2 = std::chrono::steady_clock::now();
  r.train_s = std::chrono::duration<double>(t2 - t1).count();
  r.elapsed_s = std::chrono::duration<double>(t2 - t0).count();
  finish_diagnostics<T>(r);
  gram_verdict(r.diagnostics, r.precision, r.setup_precision);
  if (!bad.empty()) record_non_finite<T>(r.diagnostics, c, D, bad, double(bad_step), c.lr.value * double(bad_step));
}

// What every gradient-descent run records before the set-up.
inline RunResult gd_result(const Config& c, const Dataset& D) {
  RunResult r;
  r.config = c;
  r.engine = c.engine;
  r.integrator = "gd";
  r.data_source = D.source;
  r.tracked_samples = tracked_samples(D, c.track);
  return r;
}

template <class T> RunResult run_gradient_descent(const Config& c, const Dataset& D, const RunOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  RunResult r = gd_result(c, D);
  r.precision = scalar_name<T>();
  const TrainMode mode = TrainMode::parse(c.train);
  const Problem<T> P = make_problem<T>(c, D);
  Grams<T> grams;
  std::unique_ptr<Engine<T>> eng;
  if (c.engine == "full") {
    eng = std::make_unique<FullEngine<T>>(c, D, mode);
    r.setup_precision = scalar_name<T>();
  } else {
    grams = opt.grams_from ? grams_at<T>(*opt.grams_from, c.mu.value) : make_grams<T>(c, D);
    r.setup_precision = grams.precision;
    gram_digits(grams, r.diagnostics);
    auto re = std::make_unique<ReducedEngine<T>>(grams, mode);
    if constexpr (test_side_in_dd<T>) re->use_dd_basis();
    eng = std::move(re);
  }
  const auto t1 = std::chrono::steady_clock::now();
  r.setup_s = std::chrono::duration<double>(t1 - t0).count();
  // The first non-finite quantity (finite_check.hpp) and its step; "" while all are finite.
  const std::string bad = non_finite_setup(P, c.engine == "full" ? nullptr : &grams);
  if (test_side_in_dd<T>) r.test_precision = "dd";
  SingleHeadTraining<T> m{P, *eng, Vec<T>(P.N())};
  descend<T>(c, opt, m, r, bad, t0, t1, D);
  return r;
}

template <class T> RunResult run_gradient_descent_heads(const Config& c, const Dataset& D, const RunOptions& opt) {
  const auto t0 = std::chrono::steady_clock::now();
  RunResult r = gd_result(c, D);
  r.precision = scalar_name<T>();
  const TrainMode mode = TrainMode::parse(c.train);
  const Problem<T> P = make_problem<T>(c, D);
  const HeadScores<T> S = head_scores<T>(c, D, P);
  HeadEngines<T> E(head_configs(c), D, mode, c.engine == "full");
  r.setup_precision = E.reduced() ? E.grams(0).precision : scalar_name<T>();
  if (E.reduced()) gram_digits(E.grams(0), r.diagnostics);
  const auto t1 = std::chrono::steady_clock::now();
  r.setup_s = std::chrono::duration<double>(t1 - t0).count();
  std::string bad;
  for (long h = 0; h < E.size() && bad.empty(); ++h) bad = non_finite_setup(P, E.reduced() ? &E.grams(h) : nullptr);
  SeveralHeadTraining<T> m{P, S, E, std::vector<Vec<T>>(std::size_t(E.size()), Vec<T>(P.N()))};
  descend<T>(c, opt, m, r, bad, t0, t1, D);
  return r;
}

template <class T> RunResult run_simulation_typed(const Config& c, const Dataset& D, const RunOptions& opt) {
  if (c.integrator == "flow") return run_gradient_flow<T>(c, D, opt);
  if (c.heads > 1) return run_gradient_descent_heads<T>(c, D, opt);
  return run_gradient_descent<T>(c, D, opt);
}

}  // namespace benign

// Explicit instantiation of everything a precision needs (one translation unit per type).
#define BENIGN_INSTANTIATE_SIMULATE(T)                                                              \
  template class benign::ReducedEngine<T>;                                                          \
  template class benign::FullEngine<T>;                                                             \
  template benign::Problem<T> benign::make_problem<T>(const benign::Config&, const benign::Dataset&); \
  template benign::Grams<T> benign::make_grams<T>(const benign::Config&, const benign::Dataset&);   \
  template benign::RunResult benign::run_simulation_typed<T>(const benign::Config&, const benign::Dataset&, \
                                                             const benign::RunOptions&);                    \
  template benign::RunResult benign::run_gradient_descent_heads<T>(const benign::Config&, const benign::Dataset&, \
                                                                   const benign::RunOptions&);
