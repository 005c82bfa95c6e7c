// Bad input refused before any work (issue 13): exit code 2, a plain message naming the flag or
// file, nothing written. Each check is a reproduction from the issue that passed silently (or
// failed only after the work) before the fix.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../cli_run.hpp"
#include "../test_support.hpp"

using benign::test::contains;
using benign::test::run_cli;
using benign::test::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string kSmall = " --d 300 --n-test 50 --steps 50 --quiet";

void write_file(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// The message must be ours (plain), not a library's exception text.
void check_refused(const benign::test::CliResult& r, const std::string& part) {
  INFO(r.out);
  CHECK(r.code == 2);
  CHECK(contains(r.out, part));
  CHECK_FALSE(contains(r.out, "filesystem error"));
  CHECK_FALSE(contains(r.out, "stod"));
}

}  // namespace

TEST_CASE("output paths: a file as --out, an over-long name, are refused before the work with exit 2", "[verify][cli][refuse]") {
  BENIGN_SKIP_UNLESS_PROGRAM_BUILT();
  TempDir tmp("benign_cli_out");
  const fs::path afile = tmp.path / "afile";
  write_file(afile, "hi\n");
  // A long run: the refusal must come before it (before the fix: after training, exit 1).
  auto r = run_cli("simulate --d 300 --n-test 50 --steps 150000 --quiet --out " + afile.string());
  check_refused(r, "not a directory");
  CHECK(run_cli("sweep --x d=200,300 --no-y" + kSmall + " --out " + afile.string()).code == 2);
  CHECK(run_cli("sweep --x d=200,300 --no-y" + kSmall + " --out " + (afile / "sub").string()).code == 2);
  // A directory where summary.json would go.
  fs::create_directories(tmp.path / "o" / "summary.json");
  check_refused(run_cli("simulate" + kSmall + " --out " + (tmp.path / "o").string()), "is a directory");
  // A path component longer than the file system allows.
  check_refused(run_cli("simulate" + kSmall + " --out " + (tmp.path / std::string(300, 'x')).string()), "characters long");
  // A 5000-character case name (it names figure files): refused when the cases are read.
  const fs::path cases = tmp.path / "cases.toml";
  write_file(cases, "[[case]]\nname = \"" + std::string(5000, 'a') + "\"\nd = 300\nsteps = 50\nn_test = 50\n");
  check_refused(run_cli("verify --cases " + cases.string() + " --quiet --out " + (tmp.path / "v").string()), "case name");
  CHECK_FALSE(fs::exists(tmp.path / "v"));
  // Negative control: a fresh directory under a writable one is accepted.
  CHECK(run_cli("simulate" + kSmall + " --out " + (tmp.path / "fresh" / "deep").string()).code == 0);
}

TEST_CASE("output paths: a directory that cannot be made (as root too: /proc) is refused before the work with exit 2", "[verify][cli][refuse]") {
  BENIGN_SKIP_UNLESS_PROGRAM_BUILT();
  if (!fs::is_directory("/proc/self")) { WARN("no /proc here: not checked"); return; }
  // access(W_OK) says yes to root even on /proc; before the fix simulate trained first and then
  // failed with exit 1 ("cannot create directory").
  for (const std::string& cmd : std::vector<std::string>{"simulate --d 300 --n-test 50 --steps 150000 --quiet", "sweep --x d=200,300 --no-y" + kSmall,
                                "figures --quick --quiet", "verify --no-grid" + kSmall})
    check_refused(run_cli(cmd + " --out /proc/benign-out"), "cannot write into directory '/proc'");
}

TEST_CASE("sweep axes and maps: inf ranges, empty and text axes, a bad --regime-map are refused before any cell", "[verify][cli][refuse]") {
  BENIGN_SKIP_UNLESS_PROGRAM_BUILT();
  TempDir tmp("benign_cli_axes");
  const std::string out = " --out " + (tmp.path / "s").string();
  check_refused(run_cli("sweep --x mu=1:inf:1 --no-y" + kSmall + out), "finite");      // before: empty sweep, exit 0
  check_refused(run_cli("sweep --x mu= --no-y" + kSmall + out), "mu");
  check_refused(run_cli("sweep --x precision=float,double --y mu=5,10" + kSmall + out), "numeric key");  // before: stod after all cells
  const fs::path map = tmp.path / "map.toml";
  write_file(map, "name = \"x\"\n");
  check_refused(run_cli("sweep --x d=200,300 --y mu=5,10" + kSmall + out + " --regime-map " + map.string()), "regime map");
  check_refused(run_cli("sweep --x d=200,300 --y mu=5,10" + kSmall + out + " --regime-map " + tmp.dir()), "is a directory");
  CHECK_FALSE(fs::exists(tmp.path / "s"));  // no cell ran, nothing written
}

TEST_CASE("inputs: --config or --cases naming a directory, duplicate case names, TOML booleans are refused with exit 2", "[verify][cli][refuse]") {
  BENIGN_SKIP_UNLESS_PROGRAM_BUILT();
  TempDir tmp("benign_cli_inputs");
  const std::string out = " --out " + (tmp.path / "o").string();
  check_refused(run_cli("simulate" + kSmall + out + " --config " + tmp.dir()), "is a directory");  // before: defaults, exit 0
  check_refused(run_cli("verify --quiet --cases " + tmp.dir() + out), "is a directory");          // before: missing field
  const fs::path cfg = tmp.path / "c.toml";
  write_file(cfg, "steps = true\n");
  check_refused(run_cli("simulate" + kSmall + out + " --config " + cfg.string()), "boolean");      // before: 1 step
  const fs::path cases = tmp.path / "cases.toml";
  write_file(cases, "[[case]]\nname = \"a b\"\nd = 300\n\n[[case]]\nname = \"a_b\"\nd = 400\n");
  check_refused(run_cli("verify --quiet --cases " + cases.string() + out), "same name in file names");  // before: overwritten figures
  check_refused(run_cli("simulate" + kSmall + out + " --seed \" -1\""), "seed");                  // before: 2^64 - 1
  CHECK_FALSE(fs::exists(tmp.path / "o"));
}
