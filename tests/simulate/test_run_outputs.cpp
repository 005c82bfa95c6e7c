// A run's four files are written all or none (issue 13, defect 7): when summary.json cannot be
// written, trajectory.csv, selection.csv and final_selection.csv are not left behind.
#include <catch2/catch.hpp>

#include <filesystem>

#include "../test_support.hpp"
#include "simulate/dataset.hpp"
#include "simulate/run.hpp"
#include "simulate/run_result_io.hpp"

#include <cstring>

using namespace benign;
namespace fs = std::filesystem;

TEST_CASE("run outputs: summary.json failing leaves none of the other files, a good directory gets all four", "[simulate][io]") {
  Config c;
  c.d = 50; c.n_test = 10; c.steps = 5;
  const RunResult r = run_simulation(c, make_dataset(c));
  test::TempDir tmp("benign_run_outputs");
  const fs::path bad = tmp.path / "bad";
  fs::create_directories(bad / "summary.json");  // a directory where the file must go: rename fails
  CHECK_THROWS(write_run_outputs(r, bad.string()));
  for (const char* f : {"trajectory.csv", "selection.csv", "final_selection.csv"}) {
    INFO(f);
    CHECK_FALSE(fs::exists(bad / f));  // before the fix: left behind
  }
  std::size_t leftovers = 0;
  for (const auto& e : fs::directory_iterator(bad)) leftovers += e.path().filename() != "summary.json";
  CHECK(leftovers == 0);  // no temporary files either
  // Negative control: a writable directory gets all four.
  const fs::path good = tmp.path / "good";
  write_run_outputs(r, good.string());
  for (const char* f : {"trajectory.csv", "selection.csv", "final_selection.csv", "summary.json"}) CHECK(fs::is_regular_file(good / f));
}

TEST_CASE("run result as text: every recorded number read back bit for bit, malformed text refused", "[simulate][io]") {
  // How a run travels between MPI ranks (verify's long horizon). A gradient-descent run with tracked
  // samples, final selections and two heads, and a flow run with its diagnostics.
  auto same_bits = [](double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; };
  Config g;
  g.n = 10; g.d = 200; g.n_test = 30; g.steps = 60; g.every = 20; g.heads = 2; g.head_nu = "split";
  Config f;
  f.n = 8; f.d = 150; f.n_test = 20; f.integrator = "flow"; f.horizon = Real(std::string("1e4")); f.checkpoints_per_decade = 3;
  Config w = g;  // bin50: its test side in dd (test_precision)
  w.precision = "bin50"; w.heads = 1; w.steps = 10; w.every = 5;
  for (const Config& c : {g, f, w}) {
    const RunResult r = run_simulation(c, make_dataset(c));
    REQUIRE(r.checkpoints.size() >= 3);
    const std::string text = run_result_text(r);
    const RunResult b = run_result_from_text(text, c);
    REQUIRE(b.checkpoints.size() == r.checkpoints.size());
    for (std::size_t k = 0; k < r.checkpoints.size(); ++k) {
      const Checkpoint &x = r.checkpoints[k], &y = b.checkpoints[k];
      for (const auto& [u, v] : {std::pair{x.step, y.step}, {x.time, y.time}, {x.train_loss, y.train_loss}, {x.test_loss, y.test_loss},
                                 {x.train_acc_noisy, y.train_acc_noisy}, {x.lambda_mean, y.lambda_mean}, {x.gamma_min, y.gamma_min},
                                 {x.q_neg, y.q_neg}, {x.log10_min_complement, y.log10_min_complement}, {x.max_gap, y.max_gap},
                                 {x.attn_noisy[3], y.attn_noisy[3]}, {x.sel_test[0], y.sel_test[0]}})
        CHECK(same_bits(u, v));
      CHECK(x.tracked == y.tracked);
      CHECK(x.selected_type == y.selected_type);
      REQUIRE(x.heads.size() == y.heads.size());
      for (std::size_t h = 0; h < x.heads.size(); ++h) {
        CHECK(x.heads[h].sel_noisy == y.heads[h].sel_noisy);
        CHECK(same_bits(x.heads[h].q_pos, y.heads[h].q_pos));
      }
    }
    CHECK(b.tracked_samples == r.tracked_samples);
    REQUIRE(b.final_train.size() == r.final_train.size());
    for (std::size_t i = 0; i < r.final_train.size(); ++i) {
      CHECK(b.final_train[i].selected_token == r.final_train[i].selected_token);
      CHECK(same_bits(b.final_train[i].proj_neg, r.final_train[i].proj_neg));
      CHECK(b.final_train[i].y_clean == r.final_train[i].y_clean);
    }
    CHECK(b.final_test.size() == r.final_test.size());
    CHECK(b.precision == r.precision);
    CHECK(b.test_precision == r.test_precision);
    CHECK(b.integrator == r.integrator);
    CHECK(b.notes == r.notes);
    CHECK(b.steps_done == r.steps_done);
    CHECK(same_bits(b.diagnostics.log10_min_complement, r.diagnostics.log10_min_complement));
    CHECK(same_bits(b.diagnostics.gram_digits_lost, r.diagnostics.gram_digits_lost));
    CHECK(b.diagnostics.resolved == r.diagnostics.resolved);
    CHECK(b.diagnostics.message == r.diagnostics.message);
    CHECK(run_result_text(b) == text);  // and the text of what was read is the same text
    CHECK(summary_json(b) == summary_json(r));
  }
  CHECK(g.heads == 2);
  // Negative control: text it did not write is refused, not read as an empty run.
  CHECK_THROWS(run_result_from_text("{}", g));
  CHECK_THROWS(run_result_from_text("[1, 2]", g));
  std::string t = run_result_text(run_simulation(g, make_dataset(g)));
  const auto at = t.find("\"checkpoints\":[\"");
  REQUIRE(at != std::string::npos);
  t.insert(at + 16, "x");  // a number that does not parse
  CHECK_THROWS(run_result_from_text(t, g));
}
