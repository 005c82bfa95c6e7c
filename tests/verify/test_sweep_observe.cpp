// A sweep cell with observe = final (Figure 5's cells, issue 11): the journal row carries the same
// final numbers, bit for bit, as the cell run with observe = all; the regime is not classified.
#include <catch2/catch.hpp>

#include <cstring>

#include "../cli_run.hpp"
#include "../test_support.hpp"
#include "core/text_file.hpp"
#include "verify/sweep.hpp"

using namespace benign;

namespace {

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// The final numbers a sweep row carries (sweep_csv_row), compared bit for bit: how many differ.
long row_differences(const Checkpoint& a, const Checkpoint& b) {
  long n = 0;
  for (auto [x, y] : {std::pair{a.train_loss, b.train_loss}, {a.train_acc, b.train_acc}, {a.train_acc_clean, b.train_acc_clean},
                      {a.train_acc_noisy, b.train_acc_noisy}, {a.test_loss, b.test_loss}, {a.test_acc, b.test_acc},
                      {a.sel_noisy[2], b.sel_noisy[2]}, {a.sel_noisy[3], b.sel_noisy[3]}, {a.lambda_mean, b.lambda_mean},
                      {a.gamma_mean, b.gamma_mean}})
    n += !same_bits(x, y);
  return n;
}

}  // namespace

TEST_CASE("sweep with observe = final: every cell's row equals the observe = all cell's final numbers bit for bit", "[verify][sweep][observe]") {
  Config base;
  base.n = 6; base.n_test = 40; base.steps = 400; base.every = 10;
  const std::vector<Axis> axes{parse_axis("d=30,70"), parse_axis("mu=3,8,20")};
  SweepOptions o;
  o.threads = 2; o.progress = false;
  Config fin = base;
  fin.observe = "final";
  const auto all = run_sweep(base, axes, o), end = run_sweep(fin, axes, o);
  REQUIRE(all.size() == 6);
  REQUIRE(end.size() == 6);
  // Negative control: the same cells stopped one checkpoint interval early (step 390 of 400).
  Config early = base;
  early.steps = base.steps - base.every;
  const auto before = run_sweep(early, axes, o);
  REQUIRE(before.size() == 6);
  for (std::size_t i = 0; i < all.size(); ++i) {
    INFO("cell " << i << " d " << all[i].config.d << " mu " << all[i].config.mu.text);
    CHECK(end[i].grams_reused == all[i].grams_reused);
    CHECK(row_differences(end[i].final, all[i].final) == 0);
    CHECK(end[i].observed.regime == kNotClassified);
    CHECK(end[i].observed.tau_fit == -1);
    CHECK(all[i].observed.regime != kNotClassified);
    CHECK(row_differences(end[i].final, before[i].final) > 0);
  }
}

TEST_CASE("observe = final is refused where an output needs the trajectory (exit 2, before any work)", "[verify][cli][refuse][observe]") {
  BENIGN_SKIP_UNLESS_PROGRAM_BUILT();
  test::TempDir tmp("benign_observe_refused");
  const std::string small = " --d 300 --n-test 50 --steps 50 --quiet";
  struct Refusal {
    std::string args, part;
  };
  const std::vector<Refusal> refusals = {
      {"sweep --observe final --x d=300,400 --no-y" + small + " --out " + tmp.file("sweep"), "observe = 'final' with benign sweep"},
      {"verify --observe final --no-grid --no-exponents --no-long-horizon --out " + tmp.file("verify"), "observe = 'final' with benign verify"},
      {"simulate --observe final --integrator flow" + small + " --out " + tmp.file("flow"), "observe = 'final' with integrator = 'flow'"},
      {"simulate --observe last" + small + " --out " + tmp.file("bad"), "one of {all, final}"}};
  for (const Refusal& r : refusals) {
    const auto res = test::run_cli(r.args);
    INFO(r.args << "\n" << res.out);
    CHECK(res.code == 2);
    CHECK(test::contains(res.out, r.part));
  }
  for (const char* d : {"sweep", "verify", "flow", "bad"}) CHECK_FALSE(std::filesystem::exists(tmp.file(d)));
  // Positive control: simulate accepts it and writes a trajectory of one row (the last step).
  const auto ok = test::run_cli("simulate --observe final" + small + " --out " + tmp.file("ok"));
  INFO(ok.out);
  REQUIRE(ok.code == 0);
  const std::string traj = read_text_file(tmp.file("ok") + "/trajectory.csv", "test output");
  long lines = 0;
  for (char ch : traj) lines += ch == '\n';
  CHECK(lines == 2);  // header and step 50
}
