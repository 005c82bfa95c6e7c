// `benign bounds table` / `check`: a golden table checks against itself (error 0 eps), a value
// changed in its last digits fails (exit 1, the row listed), a malformed table is exit 2 naming the line.
#include <catch2/catch.hpp>
#include <fstream>

#include "tests/cli_run.hpp"
#include "tests/test_support.hpp"

using benign::test::contains;
using benign::test::run_cli;

TEST_CASE("benign bounds check: golden table against itself, a changed value, a malformed table", "[bounds][golden][cli]") {
  REQUIRE(benign::test::program_built());
  benign::test::TempDir dir("benign_golden");
  const std::string g = dir.file("g.csv");
  auto t = run_cli("bounds table --grid d=250,500,mu=5,10 --quantities snr,n_snr2,margin_harmful_boundary --precision double --out " + g);
  REQUIRE(t.code == 0);
  auto ok = run_cli("bounds check " + g + " --tol-eps 0");
  CHECK(ok.code == 0);
  CHECK(contains(ok.out, "worst error 0 eps"));
  std::ifstream in(g);
  std::string text(std::istreambuf_iterator<char>(in), {});
  // The first snr value: its last 5 digits replaced (~1e-12 relative, thousands of eps in double).
  const auto at = text.find(",snr,");
  const auto end = text.find('\n', at);
  std::string changed = text;
  for (std::size_t k = end - 5; k < end; ++k) changed[k] = changed[k] == '1' ? '2' : '1';
  std::ofstream(dir.file("bad.csv")) << changed;
  auto fail = run_cli("bounds check " + dir.file("bad.csv"));
  CHECK(fail.code == 1);
  CHECK(contains(fail.out, "line 6: d=250 mu=5 snr"));
  std::ofstream(dir.file("short.csv")) << text.substr(0, end) + "\n250,5,snr\n";
  auto bad = run_cli("bounds check " + dir.file("short.csv"));
  CHECK(bad.code == 2);
  CHECK(contains(bad.out, "short.csv:"));
}
