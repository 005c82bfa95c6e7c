// `benign verify` end to end: bad long-horizon flags exit with code 2, name the key and write
// nothing; a small run writes the long-horizon section, its figures and its JSON.
#include <catch2/catch.hpp>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <set>
#include <thread>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../cli_run.hpp"

using benign::test::run_cli;
using benign::test::slurp;
using benign::test::spawn;
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

namespace {

// Journal lines (each ending in '\n') after the two header lines, and their keys.
std::vector<std::string> journal_keys(const std::string& text) {
  std::vector<std::string> keys;
  std::istringstream in(text);
  std::string line;
  for (int i = 0; std::getline(in, line); ++i)
    if (i >= 2) keys.push_back(line.substr(0, line.find('\t')));
  return keys;
}

std::string without_elapsed(const std::string& json) {
  std::istringstream in(json);
  std::string line, out;
  while (std::getline(in, line)) if (line.find("elapsed") == std::string::npos) out += line + "\n";
  return out;
}

}  // namespace

TEST_CASE("benign verify: SIGKILL mid-run, rerun resumes the journalled runs, makes none twice, same verdicts", "[verify][cli]") {
  BENIGN_SKIP_UNLESS_PROGRAM_BUILT();
  const fs::path dir = fs::temp_directory_path() / "benign_cli_verify_resume";
  fs::remove_all(dir);
  fs::create_directories(dir);
  { std::ofstream(dir / "cases.toml") << "[[case]]\nname = \"tiny\"\nd = 300\nmu = 8\n"; }
  // A case of 3 seeds, the grid (54 cells) and both exponent lines with their controls: ~5 s on one thread.
  const std::vector<std::string> args{"verify", "--quiet", "--cases", (dir / "cases.toml").string(), "--seeds", "3", "--grid",
                                      "--exponents", "--exponent-seeds", "1", "--exponent-mu-points", "3", "--grid-seeds", "1",
                                      "--n", "8", "--n-test", "50", "--steps", "200", "--fixed-horizon", "--grid-n-test", "20",
                                      "--exponent-n-test", "20", "--threads", "1", "--keep-journal"};
  std::string flat;
  for (const auto& a : args) flat += " " + a;
  const fs::path whole = dir / "whole", killed = dir / "killed";
  REQUIRE(run_cli(flat.substr(1) + " --out " + whole.string()).code == 0);
  const auto all_keys = journal_keys(slurp((whole / "journal" / "runs.tsv").string()));
  REQUIRE(all_keys.size() > 20);
  // Kill it once the grid is done and some runs of the cases and lines are journalled.
  std::vector<std::string> a = args;
  a.insert(a.end(), {"--out", killed.string()});
  const pid_t pid = spawn(a);
  REQUIRE(pid > 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (journal_keys(slurp((killed / "journal" / "runs.tsv").string())).size() < 10 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFSIGNALED(status));  // killed, not finished
  std::string before = slurp((killed / "journal" / "runs.tsv").string());
  before = before.substr(0, before.rfind('\n') + 1);  // a torn last line is no run
  const std::string grid_before = slurp((killed / "journal" / "grid.csv").string());
  const long journalled = long(journal_keys(before).size());
  REQUIRE(journalled >= 10);
  REQUIRE(journalled < long(all_keys.size()));  // killed in the middle
  CHECK_FALSE(fs::exists(killed / "verdicts.json"));
  const auto r = run_cli(flat.substr(1) + " --out " + killed.string());
  REQUIRE(r.code == 0);
  // What was not recomputed: every journalled run is read back (the count printed), the lines
  // before the kill are an unchanged prefix, and no key appears twice.
  const long grid_rows = std::count(grid_before.begin(), grid_before.end(), '\n') - 1;
  CHECK(r.out.find("verify: " + std::to_string(journalled + grid_rows) + " runs resumed from the journal") != std::string::npos);
  const std::string after = slurp((killed / "journal" / "runs.tsv").string());
  CHECK(after.compare(0, before.size(), before) == 0);
  const auto keys = journal_keys(after);
  CHECK(std::set<std::string>(keys.begin(), keys.end()).size() == keys.size());
  CHECK(keys.size() == all_keys.size());
  CHECK(without_elapsed(slurp((killed / "verdicts.json").string())) == without_elapsed(slurp((whole / "verdicts.json").string())));
  // Another plan is refused before any work (exit 2, naming the journal); --fresh discards it.
  const auto other = run_cli(flat.substr(1) + " --settle-tol 0.03 --out " + killed.string());
  CHECK(other.code == 2);
  CHECK(other.out.find("journal") != std::string::npos);
  CHECK(run_cli(flat.substr(1) + " --settle-tol 0.03 --fresh --out " + killed.string()).code == 0);
  // Without --keep-journal the journal is removed once the report is written.
  CHECK(run_cli(flat.substr(1).substr(0, flat.size() - std::string(" --keep-journal").size() - 1) + " --out " + (dir / "plain").string()).code == 0);
  CHECK_FALSE(fs::exists(dir / "plain" / "journal"));
  CHECK(fs::exists(dir / "plain" / "verdicts.json"));
  fs::remove_all(dir);
}
