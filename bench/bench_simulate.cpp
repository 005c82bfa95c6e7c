// Google Benchmark of the simulator (issues 2 and 5): the reduced gradient-descent step, the
// gradient-flow step and the full engine's step in double, float128, bin50 and mpfr-256 (the reduced step also in dd) at
// d ∈ {250, 2000, 20000} and n ∈ {20, 80} (set-up outside the timed loop: the reduced costs must be
// flat in d), the one-time Gram set-up, the test-logit evaluation of one checkpoint, and the whole
// default run in double, dd and bin50, and the cost of one multiply-add per type (issue 11).
// bench/run_bench.sh runs it and prints a Markdown table.
//
// A "step" is what the trainer does between two updates: g = ∂L/∂z (softmax, loss, gradient over
// the n·T training logits) and one engine update.
#include <benchmark/benchmark.h>

#include <string>

#include "core/config.hpp"
#include "core/precision.hpp"
#include "simulate/attention_model.hpp"
#include "simulate/dataset.hpp"
#include "simulate/engine_full.hpp"
#include "simulate/engine_reduced.hpp"
#include "simulate/gradient_flow.hpp"
#include "simulate/observables.hpp"
#include "simulate/problem.hpp"
#include "simulate/run.hpp"

using namespace benign;

namespace {

// mpfr at 256 bits: 77 decimal digits (Boost converts digits10 to bits, rounding up).
constexpr unsigned kMpfrDigits = 77;

template <class T> void prepare_scalar() {
  if constexpr (std::is_same_v<T, mpfr>) set_mpfr_digits(kMpfrDigits);
}

// The default Config with d, n (and a minimal test set: the step does not touch it).
Config step_config(long d, long n, const char* w_init) {
  Config c;
  c.d = d; c.n = n; c.n_test = 1;
  c.w_init = w_init;
  return c;
}

// The timed loop of a step benchmark: g = ∂L/∂z and one update of either engine per iteration.
template <class T, class Engine>
void time_steps(benchmark::State& st, const Problem<T>& P, Engine& eng, const T& lr) {
  Vec<T> g(P.N());
  for (auto _ : st) {
    loss_and_gradient<T>(eng.z().data(), P.gamma.data(), P.y.data(), P.n, P.T_tokens, g.data());
    eng.step(lr, g);
    benchmark::DoNotOptimize(eng.z().data());
  }
  st.counters["N"] = double(P.N());
}

// Reduced step. range(0) = d, range(1) = n, range(2) = 1 for Kaiming W(0) (the default), 0 for
// W(0) = I (used at d = 20000, where forming X W0 would take minutes of set-up; the step itself never
// sees W0, only the N×N Grams, so its cost is the same).
template <class T> void BM_ReducedStep(benchmark::State& st) {
  prepare_scalar<T>();
  const Config c = step_config(st.range(0), st.range(1), st.range(2) ? "kaiming" : "identity");
  const Dataset D = make_dataset(c);
  const Problem<T> P = make_problem<T>(c, D);
  const Grams<T> G = make_grams<T>(c, D);
  ReducedEngine<T> eng(G, TrainMode::parse(c.train));
  time_steps(st, P, eng, c.lr.as<T>());
  st.SetLabel(std::string(scalar_name<T>()) + (st.range(2) ? " kaiming" : " identity"));
}

// One-time set-up of the reduced engine: data → Problem + Grams (X Xᵀ, X W0 W0ᵀ Xᵀ, test cross-Grams),
// at the default n = 20 and n_test = 1000. range(0) = d, range(1) = Kaiming (1) or identity (0).
template <class T> void BM_GramSetup(benchmark::State& st) {
  prepare_scalar<T>();
  Config c;
  c.d = st.range(0);
  c.w_init = st.range(1) ? "kaiming" : "identity";
  const Dataset D = make_dataset(c);
  for (auto _ : st) {
    Grams<T> G = make_grams<T>(c, D);
    benchmark::DoNotOptimize(G.G.data());
  }
  st.SetLabel(std::string(scalar_name<T>()) + (st.range(1) ? " kaiming" : " identity"));
}

// Full engine step (d×d W, plain gradient descent in d dimensions): range(0) = d, range(1) = n.
template <class T> void BM_FullStep(benchmark::State& st) {
  prepare_scalar<T>();
  const Config c = step_config(st.range(0), st.range(1), "kaiming");
  const Dataset D = make_dataset(c);
  const Problem<T> P = make_problem<T>(c, D);
  FullEngine<T> eng(c, D, TrainMode::parse(c.train));
  time_steps(st, P, eng, c.lr.as<T>());
  st.SetLabel(scalar_name<T>());
}

// `steps` gradient-descent steps of the reduced engine, so that every basis term is non-zero.
template <class T> void warm_up(const Problem<T>& P, ReducedEngine<T>& eng, const T& lr, int steps) {
  Vec<T> g(P.N());
  for (int s = 0; s < steps; ++s) {
    loss_and_gradient<T>(eng.z().data(), P.gamma.data(), P.y.data(), P.n, P.T_tokens, g.data());
    eng.step(lr, g);
  }
}

// Test logits of one checkpoint (n_test = 1000 default, after 100 training steps so every basis
// term is non-zero): the O(n_test·T·n·T) part of a checkpoint.
template <class T> void BM_TestLogits(benchmark::State& st) {
  prepare_scalar<T>();
  Config c;
  const Dataset D = make_dataset(c);
  const Problem<T> P = make_problem<T>(c, D);
  const Grams<T> G = make_grams<T>(c, D);
  ReducedEngine<T> eng(G, TrainMode::parse(c.train));
  warm_up(P, eng, c.lr.as<T>(), 100);
  for (auto _ : st) {
    Vec<T> zt = eng.z_test();
    benchmark::DoNotOptimize(zt.data());
  }
  st.SetLabel(scalar_name<T>());
}

// Everything else a checkpoint costs after the test logits: softmax, loss and accuracy over the
// 1000 test and 20 training samples (observe_test + observe_train), at the default size.
template <class T> void BM_CheckpointObserve(benchmark::State& st) {
  prepare_scalar<T>();
  Config c;
  const Dataset D = make_dataset(c);
  const Problem<T> P = make_problem<T>(c, D);
  const Grams<T> G = make_grams<T>(c, D);
  ReducedEngine<T> eng(G, TrainMode::parse(c.train));
  warm_up(P, eng, c.lr.as<T>(), 100);
  const Vec<T> zt = eng.z_test();
  const std::vector<long> tracked = {0, 1, 2, 3};
  for (auto _ : st) {
    Checkpoint cp;
    observe_train(P, eng.z(), tracked, cp, nullptr);
    observe_test(P, zt, cp, nullptr);
    benchmark::DoNotOptimize(cp.test_loss);
  }
  st.SetLabel(scalar_name<T>());
}

// The whole default run (Config{}: n=20, n_test=1000, d=2000, 1000 steps, checkpoint every 10),
// data generation included, as `benign simulate` does it. range(0) selects the precision:
// 0 double, 1 dd, 2 bin50.
void BM_DefaultRun(benchmark::State& st) {
  Config c;
  c.precision = st.range(0) == 0 ? "double" : st.range(0) == 1 ? "dd" : "bin50";
  double setup = 0, train = 0;
  for (auto _ : st) {
    const Dataset D = make_dataset(c);
    RunOptions opt;
    const RunResult r = run_simulation(c, D, opt);
    setup += r.setup_s;
    train += r.train_s;
    benchmark::DoNotOptimize(r.checkpoints.data());
  }
  st.counters["setup_s"] = benchmark::Counter(setup, benchmark::Counter::kAvgIterations);
  st.counters["train_s"] = benchmark::Counter(train, benchmark::Counter::kAvgIterations);
  st.SetLabel(c.precision);
}

// Cost of one multiply-add in T (issue 11): y = A x with A 160 × 160 (the default N = nT) through
// Eigen, as the reduced engine's products do. ns_per_madd = CPU time / 160² (CPU time: less inflated by a
// loaded machine than wall time). mpfr at 50 digits.
template <class T> void BM_MatVecMadd(benchmark::State& st) {
  if constexpr (std::is_same_v<T, mpfr>) set_mpfr_digits(50);
  const long n = 160;
  Mat<T> A(n, n);
  Vec<T> x(n), y(n);
  for (long i = 0; i < n; ++i) {
    x[i] = T(i + 1) / T(7);
    for (long j = 0; j < n; ++j) A(i, j) = T(i * j + 1) / T(3);
  }
  for (auto _ : st) {
    y.noalias() = A * x;
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  st.counters["ns_per_madd"] = benchmark::Counter(double(n * n) * 1e-9, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  st.SetLabel(scalar_name<T>());
}

// One accepted Dormand–Prince 5(4) step of the gradient flow (issue 5): six new gradients, the
// error estimate and the state update, on the linear clock with a small fixed step.
template <class T> void BM_FlowStep(benchmark::State& st) {
  prepare_scalar<T>();
  const Config c = step_config(st.range(0), st.range(1), st.range(2) ? "kaiming" : "identity");
  const Dataset D = make_dataset(c);
  const Problem<T> P = make_problem<T>(c, D);
  const Grams<T> G = make_grams<T>(c, D);
  ReducedEngine<T> eng(G, TrainMode::parse(c.train));
  ReducedFlow<T> flow(P, eng);
  std::array<T, 7> phi;
  phi.fill(T(1));
  const T h = T(1) / T(1000), tol = T(1) / T(10000000);
  for (auto _ : st) {
    benchmark::DoNotOptimize(flow.attempt(h, phi, tol, true));
    flow.accept();
  }
  st.counters["N"] = double(P.N());
  st.SetLabel(std::string(scalar_name<T>()) + (st.range(2) ? " kaiming" : " identity"));
}

void step_sizes(benchmark::internal::Benchmark* b) {
  for (long n : {20L, 80L}) {
    b->Args({250, n, 1});
    b->Args({2000, n, 1});
    b->Args({20000, n, 0});
  }
}

}  // namespace

BENCHMARK_TEMPLATE(BM_ReducedStep, double)->Apply(step_sizes)->Args({2000, 20, 0})->Args({250, 20, 0})->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_ReducedStep, float128)->Apply(step_sizes)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_ReducedStep, bin50)->Apply(step_sizes)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_ReducedStep, mpfr)->Apply(step_sizes)->Unit(benchmark::kMicrosecond);

BENCHMARK_TEMPLATE(BM_FlowStep, double)->Apply(step_sizes)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_FlowStep, float128)->Apply(step_sizes)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_FlowStep, bin50)->Apply(step_sizes)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_FlowStep, mpfr)->Apply(step_sizes)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_GramSetup, double)
    ->Args({250, 1})->Args({2000, 1})->Args({250, 0})->Args({2000, 0})->Args({20000, 0})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_GramSetup, double)->Args({20000, 1})->Iterations(1)->Unit(benchmark::kMillisecond);

// The full engine holds W (d×d): at d = 20000 that is 4e8 entries, 3.2 GB in double; in the
// multiprecision types 6.4 GB (float128) to over 25 GB (mpfr-256 with its limbs), beyond this
// machine, so they stop at d = 2000 (the reduced engine is what runs at large d).
void full_sizes(benchmark::internal::Benchmark* b, bool large) {
  for (long n : {20L, 80L})
    for (long d : {250L, 2000L, 20000L})
      if (large || d < 20000) b->Args({d, n});
}
BENCHMARK_TEMPLATE(BM_FullStep, double)->Apply([](auto* b) { full_sizes(b, true); })->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_FullStep, float128)->Apply([](auto* b) { full_sizes(b, false); })->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_FullStep, bin50)->Apply([](auto* b) { full_sizes(b, false); })->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_FullStep, mpfr)->Apply([](auto* b) { full_sizes(b, false); })->Unit(benchmark::kMillisecond);

BENCHMARK_TEMPLATE(BM_TestLogits, double)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_TestLogits, bin50)->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_CheckpointObserve, double)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_CheckpointObserve, bin50)->Unit(benchmark::kMillisecond);

BENCHMARK(BM_DefaultRun)->Arg(0)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DefaultRun)->Arg(1)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DefaultRun)->Arg(2)->Iterations(1)->Unit(benchmark::kMillisecond);

BENCHMARK_TEMPLATE(BM_MatVecMadd, double)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_MatVecMadd, dd)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_MatVecMadd, float128)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_MatVecMadd, bin50)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_MatVecMadd, mpfr)->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_ReducedStep, dd)->Args({2000, 20, 1})->Unit(benchmark::kMicrosecond);
