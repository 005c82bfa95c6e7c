// libFuzzer target: the config reader (core/config_file.hpp), TOML and JSON, on arbitrary text.
// The first byte chooses the format. Bad input must end in a ConfigError; an accepted file must
// give a configuration that validate() either accepts or refuses with a ConfigError.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/config.hpp"
#include "core/config_file.hpp"
#include "core/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool json = data[0] & 1;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  benign::Config c;
  try {
    benign::parse_config_text(c, text, json ? "fuzz.json" : "fuzz.toml");
    benign::validate(c);
    (void)benign::config_to_json(c);
  } catch (const benign::ConfigError&) {
  }
  return 0;
}
