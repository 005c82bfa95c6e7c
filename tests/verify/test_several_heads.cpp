// The verify section "Several heads" (issue 15): its numbers for a tiny configuration are those of
// independent runs of the same configurations (and the same for any thread count); the CLI flags
// --several-heads / --no-heads / --heads-seeds.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../cli_run.hpp"
#include "simulate/run.hpp"
#include "verify/observed_regime.hpp"
#include "verify/several_heads.hpp"

using namespace benign;
using benign::test::run_cli;
namespace fs = std::filesystem;

namespace {

std::vector<NamedCase> tiny_cases() {
  NamedCase a;
  a.name = "tiny";
  a.config.n = 6; a.config.T = 4; a.config.d = 200; a.config.mu = Real(8.0); a.config.steps = 60;
  a.config.every = 20;
  NamedCase b = a;
  b.name = "tiny2";
  b.config.mu = Real(3.0);
  return {a, b};
}

HeadsPlan tiny_plan(int threads) {
  HeadsPlan p;
  p.heads = {1, 2, 3};
  p.seeds = 3;
  p.n_test = 20;
  p.threads = threads;
  return p;
}

}  // namespace

TEST_CASE("verify several heads: the section's numbers equal independent runs, for any thread count", "[verify][heads]") {
  const auto cases = tiny_cases();
  const HeadsPlan plan = tiny_plan(2);
  const HeadsResult R = run_several_heads(cases, plan);
  REQUIRE(R.cells.size() == 2 * (1 + 2 * 2));  // H = 1 once, H = 2, 3 shared and split
  for (const HeadsCell& cell : R.cells) {
    CAPTURE(cell.case_name, cell.heads, cell.head_nu);
    const NamedCase& nc = cell.case_name == "tiny" ? cases[0] : cases[1];
    REQUIRE(cell.seeds == plan.seeds);
    std::vector<HeadSelection> mean(std::size_t(cell.heads));
    std::vector<double> acc, spec;
    for (long k = 0; k < plan.seeds; ++k) {
      const std::string nu = cell.heads == 1 ? "shared" : cell.head_nu;
      const Config c = heads_run_config(nc.config, cell.heads, nu, k, plan);
      CHECK(c.lr.value == nc.config.lr.value * double(cell.heads));
      CHECK(c.source == "sampled");
      const RunResult r = run_simulation(c, make_dataset(c));
      const Observation o = classify(r, c);
      CHECK(cell.regimes[std::size_t(k)] == o.regime);
      acc.push_back(o.test_acc);
      const Checkpoint& cp = r.last();
      REQUIRE(cp.heads.size() == (cell.heads == 1 ? 0u : std::size_t(cell.heads)));
      double lo = 1, hi = 0;
      for (long h = 0; h < cell.heads; ++h) {
        const auto& noisy = cell.heads == 1 ? cp.sel_noisy : cp.heads[std::size_t(h)].sel_noisy;
        const auto& test = cell.heads == 1 ? cp.sel_test : cp.heads[std::size_t(h)].sel_test;
        for (int t = 0; t < kTokenTypes; ++t) { mean[std::size_t(h)].noisy[t] += noisy[t]; mean[std::size_t(h)].test[t] += test[t]; }
        lo = std::min(lo, noisy[int(TokenType::WeakOpp)]);
        hi = std::max(hi, noisy[int(TokenType::WeakOpp)]);
      }
      spec.push_back(hi - lo);
    }
    const MeanInterval a = mean_interval(acc), s = mean_interval(spec);
    CHECK(cell.test_acc.mean == a.mean);
    CHECK(cell.test_acc.lo == a.lo);
    CHECK(cell.specialisation.mean == s.mean);
    for (long h = 0; h < cell.heads; ++h)
      for (int t = 0; t < kTokenTypes; ++t) {
        CHECK(cell.per_head[std::size_t(h)].noisy[t] == mean[std::size_t(h)].noisy[t] / double(plan.seeds));
        CHECK(cell.per_head[std::size_t(h)].test[t] == mean[std::size_t(h)].test[t] / double(plan.seeds));
      }
  }
  // One thread: the same numbers bit for bit.
  const HeadsResult R1 = run_several_heads(cases, tiny_plan(1));
  for (std::size_t i = 0; i < R.cells.size(); ++i) {
    CHECK(R1.cells[i].regimes == R.cells[i].regimes);
    CHECK(R1.cells[i].test_acc.mean == R.cells[i].test_acc.mean);
    CHECK(R1.cells[i].specialisation.mean == R.cells[i].specialisation.mean);
    for (std::size_t h = 0; h < R.cells[i].per_head.size(); ++h) CHECK(R1.cells[i].per_head[h].noisy == R.cells[i].per_head[h].noisy);
  }
  // Negative control: the comparison sees another seed's run.
  const Config c0 = heads_run_config(cases[0].config, 2, "shared", 0, plan), c1 = heads_run_config(cases[0].config, 2, "shared", 1, plan);
  CHECK(run_simulation(c0, make_dataset(c0)).last().test_loss != run_simulation(c1, make_dataset(c1)).last().test_loss);
}

TEST_CASE("benign verify: --several-heads writes the section and its JSON, --no-heads skips it, bad --heads-seeds exits 2", "[verify][cli][heads]") {
  BENIGN_SKIP_UNLESS_PROGRAM_BUILT();
  const fs::path dir = fs::temp_directory_path() / "benign_cli_verify_heads";
  fs::remove_all(dir);
  fs::create_directories(dir);
  {
    std::ofstream cases(dir / "cases.toml");
    cases << "[[case]]\nname = \"tiny\"\nd = 200\nmu = 8\n";
  }
  const std::string common = "verify --quiet --cases " + (dir / "cases.toml").string() +
                             " --n 6 --T 4 --n-test 20 --steps 60 --seeds 1 --fixed-horizon --heads-seeds 2 --out ";
  {
    const fs::path bad = dir / "bad";
    const auto r = run_cli("verify --quiet --heads-seeds 0 --out " + bad.string());
    CHECK(r.code == 2);
    CHECK(r.out.find("heads-seeds") != std::string::npos);
    CHECK_FALSE(fs::exists(bad));
  }
  const fs::path out = dir / "with";
  const auto r = run_cli(common + out.string() + " --several-heads");
  REQUIRE(r.code == 0);
  std::ifstream js(out / "verdicts.json");
  const auto j = nlohmann::json::parse(js);
  REQUIRE(j.contains("heads"));
  CHECK(j["heads"]["seeds"] == 2);
  CHECK(j["heads"]["cells"].size() == 5);  // H = 1; 2, 4 x shared, split
  for (const auto& c : j["heads"]["cells"]) {
    CHECK(c["seeds"] == 2);
    CHECK(c["per_head"].size() == c["heads"].get<std::size_t>());
  }
  std::ifstream md(out / "report.md");
  std::stringstream ss;
  ss << md.rdbuf();
  CHECK(ss.str().find("## Several heads") != std::string::npos);
  const fs::path out2 = dir / "without";
  const auto r2 = run_cli(common + out2.string() + " --several-heads --no-heads");
  REQUIRE(r2.code == 0);
  std::ifstream js2(out2 / "verdicts.json");
  CHECK_FALSE(nlohmann::json::parse(js2).contains("heads"));
  fs::remove_all(dir);
}
