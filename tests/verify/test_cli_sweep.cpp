// `benign sweep` end to end (issue 13, defects 1, 2, 5, 6): SIGKILL mid-sweep and rerun resumes
// the finished cells without running them again and writes the same sweep.csv bytes as an
// uninterrupted run; bad axes, regime maps and output paths are refused before any work.
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "../cli_run.hpp"
#include "../test_support.hpp"

using benign::test::contains;
using benign::test::run_cli;
using benign::test::slurp;
using benign::test::spawn;
using benign::test::TempDir;
namespace fs = std::filesystem;

namespace {

// Complete data rows (lines ending in '\n') after the header.
long complete_rows(const std::string& journal) {
  long lines = 0;
  for (char ch : journal) lines += ch == '\n';
  return lines > 0 ? lines - 1 : 0;
}

// Each cell's index and its row in the journal; a cell run twice would appear twice.
std::map<long, std::vector<std::string>> rows_by_index(const std::string& journal) {
  std::map<long, std::vector<std::string>> m;
  std::istringstream in(journal);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) m[std::stol(line.substr(0, line.find(',')))].push_back(line);
  return m;
}

// 10 cells of about 0.1-0.3 s each on one thread: long enough to be killed in the middle.
const std::vector<std::string> kSweep{"sweep", "--x", "d=200:2000:200", "--no-y", "--n-test", "50", "--steps", "6000",
                                      "--every", "2000", "--threads", "1", "--quiet"};
constexpr long kCells = 10;

}  // namespace

TEST_CASE("benign sweep: SIGKILL mid-sweep, rerun resumes the finished cells, runs none twice, same sweep.csv bytes", "[verify][cli][sweep]") {
  BENIGN_SKIP_UNLESS_PROGRAM_BUILT();
  TempDir tmp("benign_cli_sweep_kill");
  const fs::path killed = tmp.path / "killed", whole = tmp.path / "whole";
  std::vector<std::string> args = kSweep;
  args.push_back("--out");
  args.push_back(killed.string());
  const pid_t pid = spawn(args);
  REQUIRE(pid > 0);
  // Wait until at least two cells are in the journal, then kill without warning.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (complete_rows(slurp(killed / "cells.csv")) < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFSIGNALED(status));  // it was killed, not finished
  std::string before = slurp(killed / "cells.csv");
  before.resize(before.rfind('\n') + 1);  // a row torn by the kill is not a finished cell
  const long finished = complete_rows(before);
  REQUIRE(finished >= 2);
  REQUIRE(finished < kCells);  // killed mid-sweep
  CHECK_FALSE(fs::exists(killed / "sweep.csv"));

  std::string rerun_args;
  for (std::size_t i = 1; i < args.size(); ++i) rerun_args += " " + args[i];
  const auto r = run_cli("sweep" + rerun_args);
  REQUIRE(r.code == 0);
  // The count resumed is what the journal held (before the fix: "(0 resumed)" and every cell rerun).
  CHECK(contains(r.out, "(" + std::to_string(finished) + " resumed)"));
  const std::string after = slurp(killed / "cells.csv");
  // Finished cells were not recomputed: the journal's rows (with their wall times) are kept byte for
  // byte, every cell appears exactly once, and only the missing cells were appended.
  CHECK(after.compare(0, before.size(), before) == 0);
  const auto rows = rows_by_index(after);
  CHECK(long(rows.size()) == kCells);
  for (const auto& [index, lines] : rows) CHECK(lines.size() == 1);
  CHECK(complete_rows(after) == kCells);

  args.back() = whole.string();
  std::string whole_args;
  for (std::size_t i = 1; i < args.size(); ++i) whole_args += " " + args[i];
  REQUIRE(run_cli("sweep" + whole_args).code == 0);
  CHECK(slurp(killed / "sweep.csv") == slurp(whole / "sweep.csv"));  // byte-identical
  CHECK(slurp(killed / "sweep.md") == slurp(whole / "sweep.md"));
  // A third run resumes everything and runs nothing: the journal is left byte for byte.
  const std::string journal = slurp(whole / "cells.csv");
  const auto again = run_cli("sweep" + whole_args);
  CHECK(contains(again.out, "(" + std::to_string(kCells) + " resumed)"));
  CHECK(slurp(whole / "cells.csv") == journal);
}

TEST_CASE("benign sweep: a cell whose numbers overflow is filed as failed, not undecided", "[verify][cli][sweep]") {
  BENIGN_SKIP_UNLESS_PROGRAM_BUILT();
  TempDir tmp("benign_cli_sweep_failed");
  const auto r = run_cli("sweep --x mu=1e-155,20 --no-y --d 300 --n-test 50 --steps 50 --threads 1 --quiet --out " + tmp.dir());
  REQUIRE(r.code == 0);
  CHECK(contains(r.out, "1 cells failed"));
  const std::string csv = slurp(tmp.path / "sweep.csv");
  std::istringstream in(csv);
  std::string header, first, second;
  std::getline(in, header); std::getline(in, first); std::getline(in, second);
  CHECK(contains(first, ",failed,"));
  CHECK_FALSE(contains(first, "undecided"));
  CHECK_FALSE(contains(second, "failed"));  // negative control: ||mu|| = 20 is a result
}
