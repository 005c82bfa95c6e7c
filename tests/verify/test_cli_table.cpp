// `benign table` end to end: each table of verdicts.json, sweep.csv and bounds JSON as LaTeX that
// pdflatex compiles, Markdown and CSV; bad input refused before any output (exit 2).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "tests/cli_run.hpp"
#include "tests/reports/latex_compile.hpp"
#include "tests/test_support.hpp"
#include "core/text_format.hpp"
#include "verify/appendix_tables.hpp"

using benign::test::contains;
using benign::test::run_cli;
using benign::test::TempDir;

namespace {

const std::string kVerdicts = std::string(BENIGN_SOURCE_DIR) + "/reports/verify/verdicts.json";

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

std::string read(const std::string& path) {
  std::ifstream f(path);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

// A sweep.csv as `benign sweep` writes it: two seeds of each d, with names full of LaTeX specials.
const std::string kSweep =
    "index,d,seed,train_loss,train_acc,train_acc_clean,train_acc_noisy,test_loss,test_acc,observed,tau_fit,tau_gen,"
    "sel_noisy_weak_opp,sel_noisy_irrelevant,lambda_mean,gamma_mean,elapsed_s,predicted,agreement\n"
    "0,250,1,0.1,1,1,1,0.2,1,harmful_%1,10,nan,0,0,1,1,0.1,benign_&#,disagree\n"
    "1,250,2,0.1,1,1,1,0.2,0.5,harmful_%1,10,nan,0,0,1,1,0.1,benign_&#,disagree\n"
    "2,500,1,0.1,1,1,1,0.2,1,benign_&#,10,5,0,0,1,1,0.1,benign_&#,agree\n"
    "3,500,2,0.1,1,1,0.5,0.2,1,not_overfitting,10,5,0,0,1,1,0.1,benign_&#,disagree\n";

}  // namespace

TEST_CASE("benign table: every table compiles with pdflatex, and Markdown/CSV agree", "[table][cli][pdflatex]") {
  REQUIRE(benign::test::program_built());
  REQUIRE(benign::test::pdflatex_available());
  TempDir dir("benign_table");
  auto bounds = run_cli("bounds --format json > " + dir.file("bounds.json"));
  REQUIRE(bounds.code == 0);
  write(dir.file("sweep.csv"), kSweep);
  struct Case { std::string file, table; };
  for (const Case& c : {Case{kVerdicts, "settings"}, Case{kVerdicts, "calibration"}, Case{kVerdicts, "exponents"},
                        Case{dir.file("bounds.json"), "settings"}, Case{dir.file("bounds.json"), "conditions"},
                        Case{dir.file("bounds.json"), "calibration"}, Case{dir.file("sweep.csv"), "settings"}}) {
    INFO(c.file << " --table " << c.table);
    const std::string tex = dir.file(c.table + ".tex");
    auto r = run_cli("table " + c.file + " --table " + c.table + " --format latex --standalone --digits 4 --out " + tex);
    REQUIRE(r.code == 0);
    CHECK(benign::test::pdflatex_compiles(read(tex)));
    auto md = run_cli("table " + c.file + " --table " + c.table + " --format md");
    auto csv = run_cli("table " + c.file + " --table " + c.table + " --format csv");
    REQUIRE(md.code == 0);
    REQUIRE(csv.code == 0);
    // Same rows in both: Markdown has header + rule + rows (+ caption and blank line), CSV header + rows.
    const long md_rows = std::count(md.out.begin(), md.out.end(), '\n') - 4;
    const long csv_rows = std::count(csv.out.begin(), csv.out.end(), '\n') - 1;
    CHECK(md_rows == csv_rows);
    CHECK(csv_rows >= 1);
  }
}

TEST_CASE("benign table: seeds of one setting give the observed regime's frequency with its interval", "[table][cli]") {
  REQUIRE(benign::test::program_built());
  TempDir dir("benign_table");
  write(dir.file("sweep.csv"), kSweep);
  auto r = run_cli("table " + dir.file("sweep.csv") + " --format csv");
  REQUIRE(r.code == 0);
  auto [lo, hi] = benign::wilson_interval(2, 2);
  INFO(r.out);
  CHECK(contains(r.out, "250,benign_&#,harmful_%1,1," + benign::format_shortest(lo) + "," + benign::format_shortest(hi) + ",2,1,1,0.75"));
  // 500: one benign, one not_overfitting → the first seen (benign) with frequency 1/2.
  CHECK(contains(r.out, "500,benign_&#,benign_&#,0.5,"));
  CHECK(contains(r.out, ",2,1,0.75,1"));
}

TEST_CASE("benign table: bad input refused before any output, exit 2", "[table][cli]") {
  REQUIRE(benign::test::program_built());
  TempDir dir("benign_table");
  write(dir.file("broken.json"), "{\"cases\": [");
  write(dir.file("short.csv"), kSweep + "4,750,1,0.1\n");
  write(dir.file("nocases.json"), "{\"cases\": [{\"name\": \"x\"}]}");
  const std::string out = dir.file("out.tex");
  struct Bad { std::string args, names; };
  for (const Bad& b : {Bad{kVerdicts + " --format html", "--format"}, Bad{kVerdicts + " --digits 0", "--digits"},
                       Bad{kVerdicts + " --table conditions", "--table conditions"},
                       Bad{dir.file("broken.json"), "broken.json"}, Bad{dir.file("short.csv"), "line 6"},
                       Bad{dir.file("nocases.json"), "cases[0] has no field 'keys'"},
                       Bad{dir.file("missing.json"), "missing.json"},
                       Bad{kVerdicts + " --format md --standalone", "--standalone"}}) {
    INFO(b.args);
    auto r = run_cli("table " + b.args + " --out " + out);
    CHECK(r.code == 2);
    CHECK(contains(r.out, b.names));
    CHECK_FALSE(std::filesystem::exists(out));
  }
  write(dir.file("plain"), "a file, not a directory");
  auto r = run_cli("table " + kVerdicts + " --out " + dir.file("plain") + "/sub/out.tex");
  CHECK(r.code == 2);
  CHECK(contains(r.out, "--out"));
  auto d = run_cli("table " + kVerdicts + " --out " + dir.dir());
  CHECK(d.code == 2);
  CHECK(contains(d.out, "is a directory"));
}
