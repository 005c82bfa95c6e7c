// Google Benchmark of the Gram reuse along ‖μ‖ (issue 11, simulate/gram_reuse.hpp): the set-up of one
// Figure-5 row (fixed d, 39 values ‖μ‖ = 5 … 100, 1000 test samples, Kaiming W0) done per cell by
// make_grams against one coefficient build plus 39 assemblies. Set-up only: the training is the same.
#include <benchmark/benchmark.h>

#include "core/config.hpp"
#include "simulate/dataset.hpp"
#include "simulate/gram_reuse.hpp"
#include "simulate/problem.hpp"

using namespace benign;

namespace {

constexpr int kMuCells = 39;  // ‖μ‖ = 5 : 100 : 2.5
double row_mu(int i) { return 5.0 + 2.5 * i; }

Config row_config(long d, double mu) {
  Config c;
  c.d = d;
  c.mu = Real(mu);
  return c;
}

// Per cell: make_dataset + make_grams (what a sweep does today for its Grams).
void BM_Figure5RowGramsPerCell(benchmark::State& st) {
  const long d = st.range(0);
  for (auto _ : st)
    for (int i = 0; i < kMuCells; ++i) {
      const Config c = row_config(d, row_mu(i));
      benchmark::DoNotOptimize(make_grams<double>(c, make_dataset(c)).H0.data());
    }
}

// Reused: one coefficient build (from the row's first cell) and one assembly per cell.
void BM_Figure5RowGramsReused(benchmark::State& st) {
  const long d = st.range(0);
  for (auto _ : st) {
    const Config c0 = row_config(d, row_mu(0));
    const GramCoefficients k = gram_coefficients(c0);
    for (int i = 0; i < kMuCells; ++i) benchmark::DoNotOptimize(grams_at<double>(k, row_mu(i)).H0.data());
  }
}

}  // namespace

BENCHMARK(BM_Figure5RowGramsPerCell)->Arg(250)->Arg(1000)->Unit(benchmark::kSecond)->Iterations(1);
BENCHMARK(BM_Figure5RowGramsReused)->Arg(250)->Arg(1000)->Unit(benchmark::kSecond)->Iterations(1);
