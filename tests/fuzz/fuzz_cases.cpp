// libFuzzer target: the cases reader of `benign verify --cases` (verify/cases_file.hpp), TOML and
// JSON, on arbitrary text; the first byte chooses the format. Bad input must end in a ConfigError.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/errors.hpp"
#include "verify/cases_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool json = data[0] & 1;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    (void)benign::parse_cases_text(text, json ? "fuzz.json" : "fuzz.toml", benign::Config{});
  } catch (const benign::ConfigError&) {
  }
  return 0;
}
