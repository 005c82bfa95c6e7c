// Google Benchmark of Figure 5 end to end (issue 11): one row of the paper's grid (fixed d, the 39
// values ‖μ‖ = 5 … 100 step 2.5) through run_sweep with Figure 5's cell config (figure5_base: 1000
// steps, 1000 test samples, Kaiming W0, Gram reuse along ‖μ‖), on 2 threads, with observe = final
// (what `benign figures --only 5` runs) against observe = all (a checkpoint with the test set every
// 10 steps). Counter cells_per_s. bench/figure5_grid.sh times the whole grid through the program.
#include <benchmark/benchmark.h>

#include "verify/paper_figures.hpp"
#include "verify/sweep.hpp"

using namespace benign;

namespace {

// range(0) = d, range(1) = 1 for observe = final, 0 for observe = all.
void BM_Figure5Row(benchmark::State& st) {
  Config base = figure5_base(42, false);
  base.observe = st.range(1) ? "final" : "all";
  const std::vector<Axis> axes{parse_axis("d=" + std::to_string(st.range(0))), parse_axis("mu=5:100:2.5")};
  SweepOptions o;
  o.threads = 2;
  o.progress = false;
  long cells = 0;
  for (auto _ : st) cells += long(run_sweep(base, axes, o).size());
  st.counters["cells_per_s"] = benchmark::Counter(double(cells), benchmark::Counter::kIsRate);
  st.SetLabel(std::string("observe ") + base.observe);
}

}  // namespace

BENCHMARK(BM_Figure5Row)->Args({250, 1})->Args({5000, 1})->Args({250, 0})->Args({5000, 0})->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();
