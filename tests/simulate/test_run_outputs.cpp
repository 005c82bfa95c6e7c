// A run's four files are written all or none (issue 13, defect 7): when summary.json cannot be
// written, trajectory.csv, selection.csv and final_selection.csv are not left behind.
#include <catch2/catch.hpp>

#include <filesystem>

#include "../test_support.hpp"
#include "simulate/dataset.hpp"
#include "simulate/run.hpp"

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
