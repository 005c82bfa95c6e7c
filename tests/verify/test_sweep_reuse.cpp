// Gram reuse in `benign sweep` (issue 11): cells along ‖μ‖ share their group's Gram coefficients and
// agree with independent runs (make_dataset + make_grams) to 1e-12 relative in double.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "simulate/dataset.hpp"
#include "simulate/run.hpp"
#include "verify/sweep.hpp"

using namespace benign;

namespace {

// The largest relative difference over the final checkpoint's reported numbers.
double worst(const Checkpoint& a, const Checkpoint& b) {
  double w = 0;
  auto rel = [&](double x, double y) { w = std::max(w, std::abs(x - y) / std::max(std::abs(y), 1e-300)); };
  rel(a.train_loss, b.train_loss); rel(a.test_loss, b.test_loss);
  rel(a.train_acc, b.train_acc); rel(a.test_acc, b.test_acc);
  rel(a.lambda_mean, b.lambda_mean); rel(a.gamma_mean, b.gamma_mean);
  return w;
}

Config small_base() {
  Config base;
  base.n = 6; base.n_test = 20; base.steps = 200; base.every = 50;
  return base;
}

}  // namespace

// Tolerance 1e-12 relative: the reused Grams differ from make_grams by reordered double sums
// (≈ 1e-15 relative, tests/simulate/test_gram_reuse.cpp); 200 steps of lr 0.1 on these small
// problems do not amplify that by 1000.
TEST_CASE("sweep along mu: reused Grams, and every cell agrees with an independent run to 1e-12", "[verify][sweep]") {
  const Config base = small_base();
  const std::vector<Axis> axes{parse_axis("d=30,70"), parse_axis("mu=3,8,20")};
  SweepOptions o;
  o.threads = 2; o.progress = false;
  const auto cells = run_sweep(base, axes, o);
  REQUIRE(cells.size() == 6);
  for (const auto& c : cells) {
    INFO("cell " << c.index << " d " << c.config.d << " mu " << c.config.mu.text);
    CHECK(c.grams_reused);
    const RunResult r = run_simulation(c.config, make_dataset(c.config));
    CHECK(worst(c.final, r.last()) <= 1e-12);
    // Negative control: an independent run at a ‖μ‖ off by 1e-9 relative is told apart.
    Config off = c.config;
    off.mu = Real(c.config.mu.value * (1 + 1e-9));
    CHECK(worst(c.final, run_simulation(off, make_dataset(off)).last()) > 1e-12);
  }
  // Without a mu axis there is nothing to share: every cell sets up on its own.
  const auto own = run_sweep(base, {parse_axis("d=30,70")}, o);
  for (const auto& c : own) CHECK_FALSE(c.grams_reused);
}
