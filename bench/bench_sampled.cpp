// Google Benchmark of the sampled source (issue 9, theory.md §6): set-up plus 1000 gradient-descent
// steps at d ∈ {1e3, 1e6, 1e9, 1e12}, n ∈ {20, 80} (must be flat in d), today's explicit run at
// d = 250 for comparison, and the set-up alone (data → Problem + Grams) of both sources at
// d = 2000 and 20000. bench/run_bench.sh prints the table; bench/sampled_memory.sh the peak memory.
#include <benchmark/benchmark.h>

#include <string>

#include "core/config.hpp"
#include "simulate/dataset.hpp"
#include "simulate/problem.hpp"
#include "simulate/run.hpp"

using namespace benign;

namespace {

// The paper's setting with W(0) Gaussian N(0, 1/(3d)) (Kaiming-uniform's variance) from `source`;
// checkpoints only at 0 and 1000 so the timing is the set-up and the steps.
Config run_config(const char* source, long d, long n) {
  Config c;
  c.source = source; c.d = d; c.n = n;
  c.w_init = "gaussian"; c.w_var = Real(std::string("0.3333333333333333"));
  c.every = 1000; c.track = 0;
  return c;
}

// range(0) = d, range(1) = n, range(2) = 1 sampled / 0 explicit.
void BM_SourceRun(benchmark::State& st) {
  const Config c = run_config(st.range(2) ? "sampled" : "explicit", st.range(0), st.range(1));
  RunOptions opt;
  opt.final_selection = false;
  for (auto _ : st) {
    const Dataset D = make_dataset(c);
    RunResult r = run_simulation(c, D, opt);
    benchmark::DoNotOptimize(r.checkpoints.data());
    st.counters["setup_s"] = r.setup_s;
    st.counters["train_s"] = r.train_s;
  }
  st.SetLabel(std::string(c.source) + " double, set-up + 1000 GD steps, n_test 1000");
}

// Set-up alone: make_dataset + Problem + Grams. range(0) = d, range(1) = 1 sampled / 0 explicit.
void BM_SourceSetup(benchmark::State& st) {
  const Config c = run_config(st.range(1) ? "sampled" : "explicit", st.range(0), 20);
  for (auto _ : st) {
    const Dataset D = make_dataset(c);
    const Problem<double> P = make_problem<double>(c, D);
    const Grams<double> G = make_grams<double>(c, D);
    benchmark::DoNotOptimize(G.K0.data());
    benchmark::DoNotOptimize(P.gamma.data());
  }
  st.SetLabel(std::string(c.source) + " gaussian W0, n 20, n_test 1000");
}

}  // namespace

BENCHMARK(BM_SourceRun)
    ->ArgsProduct({{1000, 1000000, 1000000000, 1000000000000}, {20, 80}, {1}})
    ->Args({250, 20, 0})
    ->Unit(benchmark::kMillisecond)
    ->MinTime(0.5);
BENCHMARK(BM_SourceSetup)->ArgsProduct({{2000, 20000}, {0, 1}})->Unit(benchmark::kMillisecond)->Iterations(1);
