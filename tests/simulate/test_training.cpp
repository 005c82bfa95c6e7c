// Whole training runs: determinism (same seed, same bits; independent of how many runs share the
// process's threads), agreement across precisions, and the paper's three settings ending as
// theory.md §4 says (benign: all fitted, test ≥ 0.95; harmful: all fitted, test worse; not
// overfitting: noisy samples not fitted, test near perfect).
#include <catch2/catch.hpp>

#include <Eigen/Core>
#include <cmath>
#include <thread>
#include <vector>

#include "run_numbers.hpp"
#include "sim_check.hpp"
#include "simulate/run.hpp"

using namespace benign;
using test::bit_differences;
using test::flatten;
using test::same_bits;

namespace {

RunResult run_fresh(const Config& c) {
  const Dataset D = make_dataset(c);  // data regenerated from the seed every time
  return run_simulation(c, D);
}

Config det_config(const char* precision, const char* engine) {
  Config c;
  c.d = 300; c.n_test = 100; c.steps = 300; c.every = 10;
  c.precision = precision;
  c.engine = engine;
  if (std::string(precision) != "double") { c.d = 60; c.n = 8; c.n_test = 16; c.steps = 40; c.every = 5; c.digits = 40; }
  return c;
}

const Checkpoint& final_of(const RunResult& r) { return r.last(); }

void report_final(const char* what, const RunResult& r) {
  const Checkpoint& f = r.last();
  BENIGN_REPORT("%s: train %.3f (clean %.3f, noisy %.3f), test %.4f, train loss %.6f, test loss %.6f; selected type of noisy "
                "samples R/WS/WO/I = %.2f/%.2f/%.2f/%.2f, clean on R %.2f, test on R %.3f; setup %.2f s, train %.2f s",
                what, f.train_acc, f.train_acc_clean, f.train_acc_noisy, f.test_acc, f.train_loss, f.test_loss, f.sel_noisy[0],
                f.sel_noisy[1], f.sel_noisy[2], f.sel_noisy[3], f.sel_clean[0], f.sel_test[0], r.setup_s, r.train_s);
}

}  // namespace

TEST_CASE("same seed, same bits: every recorded number of two runs is identical", "[training][determinism]") {
  for (const auto& [prec, eng] : {std::pair{"double", "reduced"}, std::pair{"double", "full"}, std::pair{"bin50", "reduced"},
                                  std::pair{"mpfr", "reduced"}, std::pair{"float128", "reduced"}}) {
    const Config c = det_config(prec, eng);
    CAPTURE(prec, eng);
    const RunResult a = run_fresh(c), b = run_fresh(c);
    REQUIRE(a.checkpoints.size() == std::size_t(c.steps / c.every + 1));
    CHECK(bit_differences(a, b) == 0);
    // Negative control: another seed changes the record (the comparison can see a difference).
    Config c2 = c;
    c2.seed = c.seed + 1;
    CHECK(bit_differences(a, run_fresh(c2)) > 0);
  }
}

TEST_CASE("results do not depend on the thread count: runs in parallel threads equal serial runs bit for bit",
          "[training][determinism][threads]") {
  // The simulator itself is single-threaded: no OpenMP in the build, so Eigen runs on one thread.
#ifdef _OPENMP
  FAIL("built with OpenMP: Eigen's products would be multi-threaded; add thread-count sweeps of Eigen::setNbThreads here");
#endif
  CHECK(Eigen::nbThreads() == 1);
  // What is parallel is the caller (verify/ sweeps run one simulation per worker thread). A run must
  // not depend on what the other threads do: no shared mutable state between runs.
  std::vector<Config> configs = {det_config("double", "reduced"), det_config("double", "full"), det_config("bin50", "reduced"),
                                 det_config("mpfr", "reduced")};
  configs[1].d = 150;
  Config other = det_config("double", "reduced");
  other.seed = 7; other.train = "p"; other.w_init = "identity";
  configs.push_back(other);
  std::vector<RunResult> serial;
  for (const Config& c : configs) serial.push_back(run_fresh(c));
  for (const int threads : {2, 4}) {
    CAPTURE(threads);
    std::vector<RunResult> par(configs.size());
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
      pool.emplace_back([&, t] {
        for (std::size_t k = t; k < configs.size(); k += threads) par[k] = run_fresh(configs[k]);
      });
    for (auto& th : pool) th.join();
    for (std::size_t k = 0; k < configs.size(); ++k) {
      CAPTURE(k, configs[k].precision, configs[k].engine);
      CHECK(bit_differences(serial[k], par[k]) == 0);
    }
  }
}

TEST_CASE("double and bin50 runs agree to 1e-11 (n=10, d=500, 300 steps)", "[training][precision]") {
  Config c;
  c.n = 10; c.d = 500; c.n_test = 20; c.steps = 300; c.every = 50;
  const Dataset D = make_dataset(c);
  c.precision = "double";
  const RunResult a = run_simulation(c, D);
  c.precision = "bin50";
  const RunResult b = run_simulation(c, D);
  REQUIRE(a.checkpoints.size() == b.checkpoints.size());
  double worst = 0;
  for (std::size_t k = 0; k < a.checkpoints.size(); ++k) {
    const Checkpoint &p = a.checkpoints[k], &q = b.checkpoints[k];
    for (auto [x, y] : {std::pair{p.train_loss, q.train_loss}, std::pair{p.test_loss, q.test_loss}, std::pair{p.p_norm, q.p_norm},
                        std::pair{p.q_pos, q.q_pos}, std::pair{p.q_neg, q.q_neg}, std::pair{p.lambda_mean, q.lambda_mean}})
      worst = std::max(worst, std::abs(x - y) / std::max(1e-300, std::abs(y)));
    CHECK(p.train_acc == q.train_acc);
    CHECK(p.test_acc == q.test_acc);
    CHECK(p.selected_type == q.selected_type);
  }
  BENIGN_REPORT("double vs bin50, 300 steps at n=10, d=500: worst relative difference of losses, |p|, q, Lambda = %.3g (tol 1e-11)", worst);
  CHECK(worst <= 1e-11);
}

TEST_CASE("the paper's default (benign) setting in double: all training labels fitted, test accuracy >= 0.95",
          "[training][regime]") {
  const Config c;  // n=20, n_test=1000, T=8, d=2000, mu=20, rho=0.1, eta=0.2, lr=5e-3, 1000 steps, seed 42
  const RunResult r = run_fresh(c);
  report_final("benign (default)", r);
  const Checkpoint& f = final_of(r);
  CHECK(r.diagnostics.resolved);
  CHECK(f.train_acc == 1.0);
  CHECK(f.train_acc_clean == 1.0);
  CHECK(f.train_acc_noisy == 1.0);  // the noisy labels are fitted too (benign *over*fitting)
  CHECK(f.test_acc >= 0.95);        // the paper reports 1.0 / 0.996
  CHECK(f.sel_clean[int(TokenType::Relevant)] >= 0.95);  // clean samples select their relevant token
  // Fitting comes first: at step 0 not all labels are fitted.
  CHECK(r.checkpoints.front().train_acc < 1.0);
}

TEST_CASE("the harmful and not-overfitting settings end as theory.md section 4 says", "[training][regime]") {
  Config benign_c;
  benign_c.n_test = 200;
  Config harmful_c = benign_c;
  harmful_c.d = 5000; harmful_c.mu = Real(5.0);
  Config notover_c = benign_c;
  notover_c.d = 1000; notover_c.mu = Real(100.0);
  const RunResult b = run_fresh(benign_c), h = run_fresh(harmful_c), o = run_fresh(notover_c);
  report_final("benign (n_test=200)", b);
  report_final("harmful (d=5000, mu=5)", h);
  report_final("not overfitting (d=1000, mu=100)", o);
  const Checkpoint &fb = b.last(), &fh = h.last(), &fo = o.last();
  // harmful: every training label fitted, test accuracy clearly below the benign run's.
  CHECK(fh.train_acc == 1.0);
  CHECK(fh.train_acc_noisy == 1.0);
  CHECK(fh.test_acc <= 0.95);  // paper: 0.873
  CHECK(fh.test_acc <= fb.test_acc - 0.05);
  // ... and its test samples no longer attend to their relevant token as the benign run's do.
  CHECK(fh.sel_test[int(TokenType::Relevant)] < fb.sel_test[int(TokenType::Relevant)]);
  // not overfitting: noisy labels not fitted (<= 0.5), clean ones all fitted, test accuracy >= 0.95.
  CHECK(fo.train_acc < 1.0);
  CHECK(fo.train_acc_clean == 1.0);
  CHECK(fo.train_acc_noisy <= 0.5);  // paper: 0.25
  CHECK(fo.test_acc >= 0.95);        // paper: 1.0
  CHECK(fo.train_acc_noisy < fb.train_acc_noisy);
}

TEST_CASE("the default run in bin50 ends where the double run ends (1e-10)", "[training][precision][.slow]") {
  // ~17 s of CPU in bin50 (its test side in dd, issue 11; ~61 s before); not run by default.
  Config c;
  const Dataset D = make_dataset(c);
  const RunResult a = run_simulation(c, D);
  c.precision = "bin50";
  const RunResult b = run_simulation(c, D);
  report_final("default double", a);
  report_final("default bin50", b);
  const Checkpoint &p = a.last(), &q = b.last();
  CHECK(p.train_acc == q.train_acc);
  CHECK(p.test_acc == q.test_acc);
  CHECK(std::abs(p.train_loss - q.train_loss) <= 1e-10 * q.train_loss);
  CHECK(std::abs(p.test_loss - q.test_loss) <= 1e-10 * q.test_loss);
  BENIGN_REPORT("default run: double %.2f s (setup %.2f), bin50 %.2f s (setup %.2f)", a.elapsed_s, a.setup_s, b.elapsed_s, b.setup_s);
}
