// Inputs on which a fuzzer (tests/fuzz/) found a crash, kept as regression tests (issue 13): each
// file tests/fuzz/regressions/<reader>-crash-* is fed to its reader exactly as the fuzz target
// does (first byte: 1 = JSON, 0 = TOML) and must end in a ConfigError, not abort or UB.
// Found by the first runs: toml++ 3.x asserted in parse_key on '[{' and reached an "unreachable"
// branch on a non-ASCII character outside strings (core/toml_parse.hpp).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "bounds/regime_map.hpp"
#include "core/config_file.hpp"
#include "core/errors.hpp"
#include "core/npy.hpp"
#include "verify/cases_file.hpp"

using namespace benign;
namespace fs = std::filesystem;

TEST_CASE("fuzz regressions: every crash input found by the fuzzers is refused with a ConfigError", "[verify][fuzz]") {
  const fs::path dir = fs::path(BENIGN_SOURCE_DIR) / "tests/fuzz/regressions";
  long seen = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string bytes = ss.str();
    INFO(name);
    REQUIRE(!bytes.empty());
    const bool json = bytes[0] & 1;
    const std::string text = bytes.substr(1);
    if (name.rfind("config-", 0) == 0) {
      Config c;
      CHECK_THROWS_AS(parse_config_text(c, text, json ? "r.json" : "r.toml"), ConfigError);
    } else if (name.rfind("regime_map-", 0) == 0) {
      CHECK_THROWS_AS(parse_regime_map(text, json, "r"), ConfigError);
    } else if (name.rfind("cases-", 0) == 0) {
      CHECK_THROWS_AS(parse_cases_text(text, json ? "r.json" : "r.toml", Config{}), ConfigError);
    } else if (name.rfind("npy-", 0) == 0) {
      CHECK_THROWS_AS(parse_npy(bytes, "r.npy"), ConfigError);
    } else {
      FAIL("unknown reader prefix");
    }
    ++seen;
  }
  CHECK(seen >= 3);
  // Negative control: the same readers accept their seed inputs.
  Config c;
  parse_config_text(c, "steps = 5\nname = \"\xce\xbc\"  # \xc2\xa7 comment\n", "ok.toml");
  CHECK(c.steps == 5);
  CHECK_NOTHROW(parse_regime_map(paper_regime_map_toml(), false, "paper"));
}
