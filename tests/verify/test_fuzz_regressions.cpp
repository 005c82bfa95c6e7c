// Inputs on which a fuzzer (tests/fuzz/) found a crash, kept as regression tests (issue 13): each
// file tests/fuzz/regressions/<reader>-crash-* is fed to its reader exactly as the fuzz target
// does (first byte: 1 = JSON, 0 = TOML) and must end in a ConfigError, not abort or UB.
// Found by the first runs: toml++ 3.x asserted in parse_key on '[{' and reached an "unreachable"
// branch on a non-ASCII character outside strings (core/toml_parse.hpp).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bounds/regime_map.hpp"
#include "core/config_file.hpp"
#include "core/errors.hpp"
#include "core/npy.hpp"
#include "core/toml_parse.hpp"
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

// Each input reaches, in toml++ 3.3, is_whitespace() on a non-ASCII character that its generated
// table sends to __builtin_unreachable (U+00E9, U+044F: undefined behaviour). check_toml_text must
// refuse all of them before toml++ sees them; the second list (the same characters where toml++
// never classifies them) must still be read — the negative control that the check is not "refuse
// every non-ASCII byte".
TEST_CASE("fuzz regressions: the TOML pre-check refuses every place toml++ 3.3 would classify a non-ASCII character",
          "[verify][fuzz]") {
  const std::vector<std::string> refused = {
      "steps = 5\xc3\xa9\n",                       // bare, right after a value
      "steps = 5=\"\xc3\xa9\"\n",                  // a quote inside a bare value token
      std::string("steps = 10\x00ste''''\xd1\x8f\n", 21),           // the CI crash: NUL, then quotes inside the token
      "name = \"\"\"a\\\xc3\xa9\"\"\"\n",           // right after a backslash in a multi-line string
      "name = \"\"\"a\\\n   \xc3\xa9\"\"\"\n",      // first after a line-ending backslash
      "d = 1979-05-27 0\"\xc3\xa9\"\n",            // a date with a space scans on
      "\xc3\xa9 = 1\n",                            // a bare key
      "steps = [1, 2\"\xc3\xa9\"]\n",              // a bare token inside an array
      "steps = 5\x01\n",                           // a control character
  };
  for (const auto& t : refused) {
    INFO(t);
    Config c;
    CHECK_THROWS_AS(parse_config_text(c, t, "r.toml"), ConfigError);
    CHECK_THROWS_AS(check_toml_text(t, "r.toml"), ConfigError);
  }
  const std::vector<std::string> accepted = {
      "name = \"\xce\xbc \xc3\xa9\"\n",            // basic string
      "name='\xce\xbc'\n",                         // literal string, no spaces around '='
      "name = \"\"\"\xce\xbc\n\xc3\xa9\"\"\"\n",   // multi-line
      "name = '''\xc3\xa9'''  # \xc2\xa7\n",       // multi-line literal, comment
      "[t]\n\"\xc3\xa9\" = 1\na = [\"\xce\xbc\", {b = \"\xc3\xa9\"}]\n",  // quoted key, array, inline table
      "x = {a = 1, \"\xc3\xa9\" = 2}\n",           // quoted key inside an inline table
  };
  for (const auto& t : accepted) {
    INFO(t);
    CHECK_NOTHROW(check_toml_text(t, "ok.toml"));
    CHECK_NOTHROW(toml::parse(std::string_view(t), std::string_view("ok.toml")));  // and toml++ reads it (under UBSan: without UB)
  }
}
