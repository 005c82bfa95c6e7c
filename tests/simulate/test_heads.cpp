// Several heads (issue 15): the keys `heads` and `head_nu`. Ranges are checked and named; the
// combinations the several-head engines do not cover (source = sampled, integrator = flow) are
// refused (exit 2, nothing written); heads = 3 runs and summary.json records every head's selection.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "../cli_run.hpp"
#include "../test_support.hpp"
#include "core/config.hpp"

using namespace benign;
using test::config_error_of;
using test::contains;

TEST_CASE("heads: range [1, 64] and head_nu in {shared, split}, refusals name the key", "[simulate][heads][config]") {
  Config c;
  CHECK(c.heads == 1);
  CHECK(c.head_nu == "shared");
  for (const char* bad : {"0", "-1", "65", "1.5", "two", ""})
    CHECK(contains(config_error_of([&] { set_key(c, "heads", bad); }), "heads"));
  CHECK(contains(config_error_of([&] { set_key(c, "head_nu", "independent"); }), "head_nu"));
  set_key(c, "head-nu", "split");
  CHECK(c.head_nu == "split");
  set_key(c, "heads", "64");
  CHECK(c.heads == 64);
  CHECK_NOTHROW(validate(c));
  // The gradient flow covers several heads (integrator = flow, engine reduced); the full engine
  // has no flow (refused for any H).
  Config f = c;
  f.integrator = "flow";
  CHECK_NOTHROW(validate(f));
  f.engine = "full";
  CHECK(contains(config_error_of([&] { validate(f); }), "flow"));
  f.engine = "reduced";
  // The sampled source covers several heads (theory.md 6 per head, README "Several heads"); its own
  // refusals (here: the full engine) hold for any H.
  Config s = c;
  s.source = "sampled"; s.w_init = "gaussian"; s.d = 100000;
  CHECK_NOTHROW(validate(s));
  s.engine = "full";
  CHECK(contains(config_error_of([&] { validate(s); }), "sampled"));
  // One head passes both (split with H = 1 is the paper's nu).
  f.heads = 1; s.heads = 1; s.engine = "reduced";
  CHECK_NOTHROW(validate(f));
  CHECK_NOTHROW(validate(s));
}

TEST_CASE("heads: benign simulate refuses what the engines do not cover with exit 2, and heads = 3 records every head", "[simulate][heads][cli]") {
  BENIGN_SKIP_UNLESS_PROGRAM_BUILT();
  test::TempDir tmp("benign_heads_cli");
  const std::string out = tmp.file("run");
  const std::string small = " --d 200 --n 4 --n-test 10 --steps 5 --quiet --out " + out;
  for (const std::string& bad : {std::string("--heads 0"), std::string("--heads 65"), std::string("--head-nu both")}) {
    CAPTURE(bad);
    const test::CliResult r = test::run_cli("simulate " + bad + small);
    CHECK(r.code == 2);
    CHECK(contains(r.out, "head"));
    CHECK_FALSE(std::filesystem::exists(out));
  }
  for (const char* nu : {"shared", "split"}) {
    CAPTURE(nu);
    std::filesystem::remove_all(out);
    const test::CliResult ok = test::run_cli(std::string("simulate --heads 3 --head-nu ") + nu + small);
    REQUIRE(ok.code == 0);
    std::ifstream in(out + "/summary.json");
    const nlohmann::json j = nlohmann::json::parse(in);
    CHECK(j["config"]["heads"].get<long>() == 3);
    CHECK(j["config"]["head_nu"] == nu);
    REQUIRE(j["final"]["heads"].size() == 3);
    for (const auto& h : j["final"]["heads"]) {
      // Each head's selection fractions over the token types sum to 1 (ties are split).
      double clean = 0, test = 0;
      for (const char* t : {"relevant", "weak_same", "weak_opp", "irrelevant"}) {
        clean += h[std::string("sel_clean_") + t].get<double>();
        test += h[std::string("sel_test_") + t].get<double>();
      }
      CHECK(std::abs(clean - 1) < 1e-12);
      CHECK(std::abs(test - 1) < 1e-12);
    }
  }
  // One head: no per-head records (summary.json as before issue 15).
  std::filesystem::remove_all(out);
  const test::CliResult one = test::run_cli("simulate --heads 1 --head-nu split" + small);
  REQUIRE(one.code == 0);
  std::ifstream in(out + "/summary.json");
  const nlohmann::json j = nlohmann::json::parse(in);
  CHECK(j["config"]["heads"].get<long>() == 1);
  CHECK_FALSE(j["final"].contains("heads"));
  // The gradient flow with three heads records every head as well.
  std::filesystem::remove_all(out);
  const test::CliResult flow = test::run_cli("simulate --heads 3 --integrator flow" + small);
  REQUIRE(flow.code == 0);
  std::ifstream fin(out + "/summary.json");
  const nlohmann::json jf = nlohmann::json::parse(fin);
  CHECK(jf["integrator"] == "flow");
  CHECK(jf["final"]["heads"].size() == 3);
}
