// Config input refusals (issue 13, defects 3, 4, 7): a directory or special file as --config,
// booleans for integer keys, negative seeds with blanks, duplicate JSON keys, and ranges printed
// as they are accepted. Each CHECK below passed silently before the fix (defaults used, a bool
// read as 1, " -1" read as 2^64 - 1, the last duplicate winning, "(0, inf]" while inf was refused
// and 1e-310 inside it too).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "../test_support.hpp"
#include "core/config.hpp"
#include "core/text_file.hpp"

using namespace benign;
using test::config_error_of;
using test::contains;
using test::TempDir;

namespace {

std::string write(const TempDir& t, const std::string& name, const std::string& text) {
  std::ofstream(t.file(name), std::ios::binary) << text;
  return t.file(name);
}

}  // namespace

TEST_CASE("config file: a directory, a device or a binary file is refused, not read as empty", "[core][config]") {
  TempDir t("benign_cfg_dir");
  Config c;
  CHECK(contains(config_error_of([&] { load_config_file(c, t.dir()); }), "is a directory"));
  CHECK(contains(config_error_of([&] { load_config_file(c, "/dev/null"); }), "not a regular file"));
  CHECK(contains(config_error_of([&] { load_config_file(c, t.file("missing.toml")); }), "does not exist"));
  const std::string bin = write(t, "bin.toml", std::string("steps = 5\0\1", 11));
  CHECK(contains(config_error_of([&] { load_config_file(c, bin); }), "not text"));
  // Negative control: a regular text file is read.
  load_config_file(c, write(t, "ok.toml", "steps = 7\n"));
  CHECK(c.steps == 7);
}

TEST_CASE("config file: booleans are not integers (TOML and JSON)", "[core][config]") {
  TempDir t("benign_cfg_bool");
  Config c;
  CHECK(contains(config_error_of([&] { load_config_file(c, write(t, "a.toml", "steps = true\n")); }), "boolean"));
  CHECK(contains(config_error_of([&] { load_config_file(c, write(t, "b.toml", "n_test = true\n")); }), "n_test"));
  CHECK(contains(config_error_of([&] { load_config_file(c, write(t, "c.json", "{\"steps\": false}")); }), "boolean"));
  CHECK(c.steps == Config{}.steps);  // nothing was applied
  load_config_file(c, write(t, "d.toml", "steps = 3\nlog_factor = 1\n"));
  CHECK(c.steps == 3);
  CHECK(c.log_factor == 1);
}

TEST_CASE("config file: a JSON key given twice is refused, as TOML does", "[core][config]") {
  TempDir t("benign_cfg_dup");
  Config c;
  const std::string msg = config_error_of([&] { load_config_file(c, write(t, "a.json", "{\"steps\": 5, \"steps\": 9}")); });
  CHECK(contains(msg, "'steps' appears twice"));
  CHECK(contains(config_error_of([&] { load_config_file(c, write(t, "b.toml", "steps = 5\nsteps = 9\n")); }), "TOML"));
  // Same key in two different objects is fine.
  CHECK_NOTHROW(parse_json_unique_keys("[{\"a\": 1}, {\"a\": 2}]", "x"));
  CHECK_THROWS_AS(parse_json_unique_keys("[{\"a\": 1, \"b\": {\"c\": 1, \"c\": 2}}]", "x"), ConfigError);
}

TEST_CASE("seed: digits only — ' -1', '-1', '+3', '1 ' are refused, 2^64 - 1 accepted", "[core][config]") {
  Config c;
  for (const char* bad : {" -1", "-1", "+3", "1 ", "", "0x10", "18446744073709551616"})
    CHECK(contains(config_error_of([&] { set_key(c, "seed", bad); }), "seed"));
  set_key(c, "seed", "18446744073709551615");
  CHECK(c.seed == 18446744073709551615ull);
  set_key(c, "seed", "7");
  CHECK(c.seed == 7);
}

TEST_CASE("real ranges: printed as accepted — no closed inf end, subnormals inside (0, ...) accepted", "[core][config]") {
  const KeySpec* mu = find_key("mu");
  REQUIRE(mu);
  CHECK(mu->range == "real in (0, inf)");
  Config c;
  CHECK(contains(config_error_of([&] { set_key(c, "mu", "inf"); }), "(0, inf)"));
  set_key(c, "mu", "1e-310");  // inside (0, inf): accepted (the run itself reports what overflows)
  CHECK(c.mu.value > 0);
  CHECK(c.mu.text == "1e-310");
  CHECK(contains(config_error_of([&] { set_key(c, "mu", "0"); }), "mu"));
  CHECK(contains(config_error_of([&] { set_key(c, "mu", "1e999"); }), "mu"));  // overflows to inf: refused
  CHECK(contains(config_error_of([&] { set_key(c, "mu", " 5"); }), "mu"));
  for (const auto& k : config_keys()) {
    INFO(k.name);
    CHECK_FALSE(contains(k.range, "inf]"));
  }
}
