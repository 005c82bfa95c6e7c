// `benign verify` end to end: bad long-horizon flags exit with code 2, name the key and write
// nothing; a small run writes the long-horizon section, its figures and its JSON.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../cli_run.hpp"

using benign::test::run_cli;
namespace fs = std::filesystem;

TEST_CASE("benign verify: long-horizon flags are checked before anything runs", "[verify][cli]") {
  BENIGN_SKIP_UNLESS_PROGRAM_BUILT();
  const fs::path out = fs::temp_directory_path() / "benign_cli_verify_bad";
  fs::remove_all(out);
  const std::string o = " --out " + out.string() + " --quiet";
  // Each bad flag exits with code 2 and a message naming the key.
  const std::pair<const char*, const char*> bad[] = {{"--long-precision quad", "precision"}, {"--long-to -5", "horizon"},
                                                     {"--series mu=4,-1", "mu"}, {"--seeds 0", "seeds"},
                                                     {"--settle-cap -1", "--settle-cap"}, {"--settle-cap 1e12x", "--settle-cap"}};
  for (const auto& [flag, key] : bad) {
    const auto r = run_cli("verify " + std::string(flag) + o);
    INFO(flag);
    CHECK(r.code == 2);
    CHECK(r.out.find(key) != std::string::npos);
  }
  CHECK_FALSE(fs::exists(out));  // no half-written output
}

TEST_CASE("benign verify: a small long-horizon run writes its section, figures and JSON", "[verify][cli]") {
  BENIGN_SKIP_UNLESS_PROGRAM_BUILT();
  const fs::path dir = fs::temp_directory_path() / "benign_cli_verify_long";
  fs::remove_all(dir);
  fs::create_directories(dir);
  {
    std::ofstream cases(dir / "cases.toml");
    cases << "[[case]]\nname = \"tiny\"\nd = 300\nmu = 8\n";
  }
  const fs::path out = dir / "report";
  const auto r = run_cli("verify --quiet --cases " + (dir / "cases.toml").string() + " --long-horizon --long-to 1e4 " +
                         "--long-precision double --crosscheck-precision long-double --series mu=10,20 --n 8 --n-test 50 " +
                         "--steps 200 --out " + out.string());
  REQUIRE(r.code == 0);
  std::ifstream md(out / "report.md");
  std::stringstream ss;
  ss << md.rdbuf();
  const std::string text = ss.str();
  CHECK(text.find("## Long horizons: gradient flow to τ = 1e4") != std::string::npos);
  CHECK(text.find("| mu = 10 ") != std::string::npos);
  for (const char* f : {"long_run_accuracy.svg", "long_run_gap.svg", "long_series_tau.svg", "long_series_selection.svg"})
    CHECK(fs::file_size(out / f) > 1000);
  std::ifstream js(out / "verdicts.json");
  const auto j = nlohmann::json::parse(js);
  REQUIRE(j.contains("long_horizon"));
  CHECK(j["long_horizon"]["main"]["precision"] == "double");
  CHECK(j["long_horizon"]["crosscheck"]["precision"] == "long-double");
  CHECK(j["long_horizon"]["series"].size() == 2);
  CHECK(j["long_horizon"]["precision_check"]["same_taus"] == true);
  // The case ran as an ensemble of the default 8 seeds, each with its settling time (or null at the cap).
  REQUIRE(j["cases"].size() == 1);
  const auto& c = j["cases"][0];
  CHECK(c["seeds"] == 8);
  CHECK(c["settled_at"].size() == 8);
  double total = 0;
  for (const auto& [name, f] : c["regime_fractions"].items()) {
    total += f.get<double>();
    CHECK(c["regime_intervals"][name].size() == 2);
  }
  CHECK(total == Approx(1.0).margin(1e-12));
  fs::remove_all(dir);
}
