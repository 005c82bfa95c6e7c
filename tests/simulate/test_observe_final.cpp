// observe = final (issue 11, "only what is asked"): one evaluation of the train and test set, at the
// last step. Its one checkpoint and final selections equal, bit for bit, the last checkpoint of the
// same run with observe = all (the evaluations do not touch the state gradient descent moves); a
// checkpoint one interval earlier (step 990 of 1000) differs, so the comparison can see a difference.
#include <catch2/catch.hpp>

#include <string>

#include "run_numbers.hpp"
#include "simulate/run.hpp"

using namespace benign;
using test::bit_differences;

namespace {

RunResult run_fresh(const Config& c) { return run_simulation(c, make_dataset(c)); }

struct Case {
  const char* name;
  Config c;
};

std::vector<Case> cases() {
  std::vector<Case> v;
  Config c;
  c.d = 300; c.n_test = 100; c.steps = 1000; c.every = 10;
  v.push_back({"double reduced kaiming", c});
  Config g = c;
  g.w_init = "gaussian"; g.p_init = "gaussian"; g.d = 200;
  v.push_back({"double reduced gaussian W0 and p0", g});
  Config f = c;
  f.engine = "full"; f.d = 80; f.steps = 200;
  v.push_back({"double full", f});
  Config h = c;
  h.heads = 2; h.p_init = "gaussian"; h.d = 150; h.steps = 300;
  v.push_back({"double reduced heads = 2", h});
  Config b = c;
  b.precision = "bin50"; b.d = 60; b.n = 8; b.n_test = 16; b.steps = 60;
  v.push_back({"bin50 reduced", b});
  Config s = c;
  s.source = "sampled"; s.w_init = "gaussian"; s.d = 100000;
  v.push_back({"double sampled source", s});
  return v;
}

}  // namespace

TEST_CASE("observe = final: its one checkpoint equals the full run's last one bit for bit, step 990's differs", "[training][observe]") {
  for (const Case& k : cases()) {
    CAPTURE(k.name);
    Config all = k.c, fin = k.c;
    fin.observe = "final";
    const RunResult a = run_fresh(all), f = run_fresh(fin);
    REQUIRE(a.checkpoints.size() == std::size_t(k.c.steps / k.c.every + 1));
    REQUIRE(f.checkpoints.size() == 1);
    CHECK(f.last().step == double(k.c.steps));
    CHECK(f.steps_done == a.steps_done);
    CHECK(bit_differences(f.last(), a.last()) == 0);
    // The per-sample final selections (train and test) are the same numbers too.
    RunResult fa = a, ff = f;
    fa.checkpoints = {a.last()};
    fa.diagnostics = ff.diagnostics = Diagnostics{};
    CHECK(bit_differences(fa, ff) == 0);
    // Negative control: the checkpoint one interval before the end (step 990 of 1000).
    const Checkpoint& before = a.checkpoints[a.checkpoints.size() - 2];
    CHECK(before.step == double(k.c.steps - k.c.every));
    CHECK(bit_differences(f.last(), before) > 0);
  }
}

TEST_CASE("observe = final evaluates only the last step, observe = all every checkpoint", "[training][observe]") {
  Config c;
  c.steps = 1000; c.every = 10;
  CHECK(observed_steps(c).size() == 101);
  c.every = 0;
  CHECK(observed_steps(c) == checkpoint_steps(1000, 0, c.checkpoints_per_decade));
  c.observe = "final";
  CHECK(observed_steps(c) == std::vector<long>{1000});
  c.steps = 0;
  CHECK(observed_steps(c) == std::vector<long>{0});
}

TEST_CASE("observe = final with the gradient flow is refused (its steps land on the checkpoints)", "[training][observe][refuse]") {
  Config c;
  c.integrator = "flow";
  c.observe = "final";
  CHECK_THROWS_WITH(validate(c), Catch::Contains("observe = 'final' with integrator = 'flow'"));
  Config bad;
  CHECK_THROWS_WITH(set_key(bad, "observe", "end"), Catch::Contains("one of {all, final}"));
}
