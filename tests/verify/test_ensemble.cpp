// verify/case_ensemble: seed ensembles with settled horizons.
#include <catch2/catch.hpp>
#include <cstring>

#include "simulate/dataset.hpp"
#include "simulate/run.hpp"
#include "verify/case_ensemble.hpp"
#include "verify/grid_ensemble.hpp"
#include "verify/seed_outcome_io.hpp"

using namespace benign;

namespace {

Config small_case() {
  Config c;
  c.n = 10; c.d = 300; c.n_test = 60; c.mu = Real(std::string("12")); c.steps = 200;
  return c;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

TEST_CASE("ensemble: bit-identical on 1 and 2 threads", "[verify][ensemble]") {
  EnsembleOptions o;
  o.seeds = 4;
  o.cap = "1e6";
  o.threads = 1;
  const auto a = run_case_ensemble(small_case(), o);
  o.threads = 2;
  const auto b = run_case_ensemble(small_case(), o);
  REQUIRE(a.seeds == 4);
  REQUIRE(b.seeds == 4);
  for (std::size_t k = 0; k < a.runs.size(); ++k) {
    CHECK(a.runs[k].seed == b.runs[k].seed);
    CHECK(a.runs[k].observed.regime == b.runs[k].observed.regime);
    CHECK(same_bits(a.runs[k].observed.test_loss, b.runs[k].observed.test_loss));
    CHECK(same_bits(a.runs[k].settle.settled_at, b.runs[k].settle.settled_at));
  }
  CHECK(same_bits(a.test_loss.mean, b.test_loss.mean));
  CHECK(same_bits(a.test_loss.lo, b.test_loss.lo));
  CHECK(a.majority == b.majority);
  // Seeds differ: the runs are not copies of one another (negative control of the comparison above).
  bool any_diff = false;
  for (std::size_t k = 1; k < a.runs.size(); ++k) any_diff |= !same_bits(a.runs[k].observed.test_loss, a.runs[0].observed.test_loss);
  CHECK(any_diff);
}

TEST_CASE("ensemble: one seed with the fixed horizon is the run of that seed", "[verify][ensemble]") {
  Config c = small_case();
  c.seed = 1234;
  EnsembleOptions o;
  o.seeds = 1;
  o.settle = false;
  const auto e = run_case_ensemble(c, o);
  const RunResult r = run_simulation(c, make_dataset(c));
  const Observation obs = classify(r, c);
  REQUIRE(e.seeds == 1);
  CHECK(e.runs[0].seed == 1234);
  CHECK(e.first.steps_done == r.steps_done);
  CHECK(e.runs[0].observed.regime == obs.regime);
  CHECK(same_bits(e.runs[0].observed.test_loss, obs.test_loss));
  CHECK(same_bits(e.first.checkpoints.back().test_loss, r.checkpoints.back().test_loss));
  REQUIRE(e.regime_fractions.size() == 1);
  CHECK(e.regime_fractions[0].second.successes == 1);
}

TEST_CASE("ensemble: a settling run stops when settled and records when", "[verify][ensemble]") {
  EnsembleOptions o;
  o.seeds = 2;
  o.cap = "1e12";
  const auto e = run_case_ensemble(small_case(), o);
  REQUIRE(e.settled.successes >= 1);
  for (const auto& r : e.runs) {
    if (!r.settle.settled) continue;
    // Stopped at the settled checkpoint, long before the cap; the window started at ≥ lr × steps = 1.
    CHECK(r.time_end == Approx(r.settle.settled_at).epsilon(1e-12));
    CHECK(r.settle.settled_at >= 100 * 1.0 * (1 - 1e-9));
    CHECK(r.time_end < 1e12);
  }
  // Negative control: a window (6 decades from t ≥ 1) longer than the cap (1e4) allows never settles.
  o.criteria.decades = 6;
  o.cap = "1e4";
  const auto f = run_case_ensemble(small_case(), o);
  for (const auto& r : f.runs) {
    CHECK_FALSE(r.settle.settled);
    CHECK(r.hit_cap);
    CHECK(r.observed.regime == kUndecided);
  }
}

TEST_CASE("grid ensemble: seeds grouped per cell, frequencies with Wilson intervals, per-seed outcomes kept", "[verify][ensemble]") {
  // Two grid cells × 4 seeds, seed fastest (as run_sweep returns grid_axes × seed_axis).
  const Axis seeds = seed_axis(42, 4);
  REQUIRE(seeds.values == std::vector<std::string>{"42", "43", "44", "45"});
  const char* regimes[2][4] = {{"benign", "benign", "benign", "harmful"}, {"harmful", "harmful", "harmful", "harmful"}};
  std::vector<SweepCell> runs;
  for (long i = 0; i < 2; ++i)
    for (long k = 0; k < 4; ++k) {
      SweepCell c;
      c.index = i * 4 + k;
      c.values = {i == 0 ? "500" : "1000", seeds.values[std::size_t(k)]};
      c.config.seed = 42 + std::uint64_t(k);
      c.observed.regime = regimes[i][k];
      c.final.test_loss = 0.1 * double(k + 1);  // mean 0.25 in each cell
      runs.push_back(c);
    }
  const auto g = group_seeds(runs, 4);
  REQUIRE(g.size() == 2);
  CHECK(g[0].cell.index == 0);
  CHECK(g[1].cell.index == 1);
  CHECK(g[0].cell.values == std::vector<std::string>{"500"});  // the seed value is dropped
  CHECK(g[0].seeds == 4);
  CHECK(g[0].majority == "benign");
  CHECK(g[0].cell.observed.regime == "benign");
  CHECK(g[0].cell.final.test_loss == Approx(0.25).epsilon(1e-12));
  REQUIRE(g[0].per_seed.size() == 4);
  CHECK(g[0].per_seed[3].observed == "harmful");  // the calibration sees the minority seed too
  CHECK(g[0].per_seed[3].config.seed == 45);
  // fractions: harmful 1/4, benign 3/4 (fixed order: harmful first), Wilson interval of 3/4: [0.30, 0.95]
  REQUIRE(g[0].regime_fractions.size() == 2);
  CHECK(g[0].regime_fractions[0].first == "harmful");
  CHECK(g[0].regime_fractions[1].second.successes == 3);
  CHECK(g[0].regime_fractions[1].second.lo == Approx(0.3006).margin(1e-3));
  CHECK(g[0].regime_fractions[1].second.hi == Approx(0.9544).margin(1e-3));
  // negative control: a unanimous cell has one regime at 4/4, and a missing seed (interrupted) shrinks the count
  REQUIRE(g[1].regime_fractions.size() == 1);
  CHECK(g[1].regime_fractions[0].second.successes == 4);
  runs.pop_back();
  CHECK(group_seeds(runs, 4)[1].seeds == 3);
}

TEST_CASE("seed outcome as text: read back bit for bit, malformed text refused", "[verify][ensemble]") {
  // How an ensemble's run travels between MPI ranks: every double must come back with the same bits
  // (awkward values: non-terminating binary fractions, a subnormal, -0, nan for "no noisy samples").
  SeedOutcome o;
  o.seed = 18446744073709551557ULL;  // the largest 64-bit prime: the seed survives as an integer
  o.observed.regime = "benign";
  o.observed.reason = "all \"labels\" fitted, test ≥ 1 − ε";
  o.observed.tau_fit = 0.1;
  o.observed.tau_gen = 1.0 / 3.0;
  o.observed.tau_sel = -1;
  o.observed.k_fit = 7; o.observed.k_gen = -1; o.observed.k_sel = 12;
  o.observed.ratio = 4.9406564584124654e-324;
  o.observed.train_acc = 1; o.observed.train_acc_clean = -0.0; o.observed.train_acc_noisy = std::nan("");
  o.observed.test_acc = 0.95000000000000007; o.observed.train_loss = 1e-300; o.observed.test_loss = 2.5e300;
  o.observed.sel_clean = {0.1, 0.2, 0.30000000000000004, 0.4};
  o.observed.sel_noisy = {1, 0, 0, 0};
  o.observed.sel_test = {0.7, 0.1, 0.1, 0.1};
  o.observed.mechanism = "weakly relevant";
  o.observed.settled = false;
  o.observed.still_changing = "test accuracy";
  o.observed.growth.slope = 0.123456789012345678; o.observed.growth.points = 5;
  o.settle.settled = true; o.settle.settled_at = 123456.789; o.settle.k_settled = 33; o.settle.moving = "";
  o.hit_cap = true;
  o.time_end = 1e12;
  const SeedOutcome b = seed_outcome_from_text(seed_outcome_text(o));
  CHECK(b.seed == o.seed);
  CHECK(b.observed.regime == o.observed.regime);
  CHECK(b.observed.reason == o.observed.reason);
  for (const auto& [x, y] : {std::pair{o.observed.tau_fit, b.observed.tau_fit}, {o.observed.tau_gen, b.observed.tau_gen},
                             {o.observed.tau_sel, b.observed.tau_sel}, {o.observed.ratio, b.observed.ratio},
                             {o.observed.train_acc_clean, b.observed.train_acc_clean}, {o.observed.test_acc, b.observed.test_acc},
                             {o.observed.train_loss, b.observed.train_loss}, {o.observed.test_loss, b.observed.test_loss},
                             {o.observed.sel_clean[2], b.observed.sel_clean[2]}, {o.observed.growth.slope, b.observed.growth.slope},
                             {o.settle.settled_at, b.settle.settled_at}, {o.time_end, b.time_end}})
    CHECK(same_bits(x, y));
  CHECK(std::isnan(b.observed.train_acc_noisy));
  CHECK(b.observed.k_fit == 7); CHECK(b.observed.k_gen == -1); CHECK(b.observed.k_sel == 12);
  CHECK(b.observed.sel_noisy == o.observed.sel_noisy);
  CHECK(b.observed.sel_test == o.observed.sel_test);
  CHECK(b.observed.mechanism == o.observed.mechanism);
  CHECK_FALSE(b.observed.settled);
  CHECK(b.observed.still_changing == o.observed.still_changing);
  CHECK(b.observed.growth.points == 5);
  CHECK(b.settle.settled); CHECK(b.settle.k_settled == 33);
  CHECK(b.hit_cap);
  // Negative control: text it did not write is refused, not read as zeros.
  CHECK_THROWS(seed_outcome_from_text("{}"));
  CHECK_THROWS(seed_outcome_from_text("not json"));
  std::string t = seed_outcome_text(o);
  const auto at = t.find("\"0.1\"");
  REQUIRE(at != std::string::npos);
  t.replace(at, 5, "\"0.1x\"");
  CHECK_THROWS(seed_outcome_from_text(t));
}
