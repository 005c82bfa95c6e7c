// Non-finite numbers (issue 13, defect 1): a NaN or inf stops the run where it first appears, the
// diagnostics name the step, the quantity and a cause, summary.json says resolved: false, and the
// program exits with code 3. Negative control: the same settings at a sane scale run to the end.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../cli_run.hpp"
#include "../test_support.hpp"
#include "simulate/dataset.hpp"
#include "simulate/run.hpp"

using namespace benign;
using test::contains;

namespace {

Config small(const std::string& key, const std::string& value) {
  Config c;
  c.d = 300; c.n_test = 50; c.steps = 50;
  set_key(c, key, value);
  return c;
}

RunResult run(const Config& c) { return run_simulation(c, make_dataset(c)); }

bool checkpoints_finite(const RunResult& r) {
  for (const auto& cp : r.checkpoints)
    if (!std::isfinite(cp.train_loss) || !std::isfinite(cp.test_loss) || !std::isfinite(cp.p_norm)) return false;
  return true;
}

}  // namespace

TEST_CASE("non-finite: a tiny ||mu|| (huge nu) stops at the first non-finite logit, names it and suggests a precision", "[simulate][nonfinite]") {
  const RunResult r = run(small("mu", "1e-155"));  // before the fix: train_loss nan, resolved true
  const Diagnostics& dg = r.diagnostics;
  REQUIRE(dg.non_finite);
  CHECK_FALSE(dg.resolved);
  CHECK(dg.non_finite_step > 0);
  CHECK(dg.non_finite_step < 50);            // stopped where it appeared, not at the horizon
  CHECK(r.steps_done == long(dg.non_finite_step));
  CHECK(contains(dg.message, "step " + std::to_string(long(dg.non_finite_step))));
  CHECK(contains(dg.message, dg.non_finite_quantity));
  CHECK(contains(dg.message, "overflow"));
  CHECK(contains(dg.message, "--precision"));
  CHECK_FALSE(dg.suggested_precision.empty());
  CHECK(checkpoints_finite(r));              // what was kept is finite
  // The suggested precision indeed runs it without a NaN.
  Config wide = small("mu", "1e-155");
  wide.precision = dg.suggested_precision;
  CHECK_FALSE(run(wide).diagnostics.non_finite);
}

TEST_CASE("non-finite: data at 1e300 overflow the Gram set-up — gd and flow stop before the first step", "[simulate][nonfinite]") {
  for (const char* integrator : {"gd", "flow"}) {
    Config c = small("mu", "1e300");
    c.integrator = integrator;
    const RunResult r = run(c);
    INFO(integrator);
    REQUIRE(r.diagnostics.non_finite);
    CHECK(r.diagnostics.non_finite_step == 0);
    CHECK(contains(r.diagnostics.non_finite_quantity, "set-up"));
    CHECK(r.checkpoints.empty());
    CHECK(summary_json(r).find("\"resolved\": false") != std::string::npos);
  }
}

TEST_CASE("non-finite: negative control — ||mu|| = 20 and sigma = 1 run to the horizon with finite numbers", "[simulate][nonfinite]") {
  const RunResult r = run(small("mu", "20"));
  CHECK_FALSE(r.diagnostics.non_finite);
  CHECK(r.steps_done == 50);
  CHECK(checkpoints_finite(r));
  const RunResult s = run(small("sigma", "1e100"));  // the sigma probe: caught too
  CHECK(s.diagnostics.non_finite);
}

TEST_CASE("benign simulate: a NaN run exits 3 with the message on stderr and resolved: false in summary.json", "[simulate][nonfinite][cli]") {
  BENIGN_SKIP_UNLESS_PROGRAM_BUILT();
  test::TempDir tmp("benign_nonfinite");
  const std::string out = tmp.file("o");
  auto r = test::run_cli("simulate --d 300 --n-test 50 --steps 50 --quiet --mu 1e-155 --out " + out);
  CHECK(r.code == 3);
  CHECK(contains(r.out, "non-finite"));
  CHECK_FALSE(contains(r.out, "train_loss -nan"));
  std::ifstream in(out + "/summary.json");
  std::stringstream ss;
  ss << in.rdbuf();
  CHECK(contains(ss.str(), "\"resolved\": false"));
  CHECK(contains(ss.str(), "\"non_finite_quantity\""));
  r = test::run_cli("simulate --d 300 --n-test 50 --steps 50 --quiet --mu 20 --out " + out);
  CHECK(r.code == 0);  // negative control
}
