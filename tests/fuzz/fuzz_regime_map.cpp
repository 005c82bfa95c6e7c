// libFuzzer target: the regime-map reader (bounds/regime_map.hpp), TOML and JSON, on arbitrary
// text; the first byte chooses the format. Bad input must end in a ConfigError; an accepted map
// must round-trip through regime_map_to_toml.
#include <cstddef>
#include <cstdint>
#include <string>

#include "bounds/regime_map.hpp"
#include "core/errors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool json = data[0] & 1;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    const benign::RegimeMap m = benign::parse_regime_map(text, json, "fuzz");
    const benign::RegimeMap back = benign::parse_regime_map(benign::regime_map_to_toml(m), false, "fuzz-roundtrip");
    if (back.boundaries.size() != m.boundaries.size() || back.regimes != m.regimes) __builtin_trap();
  } catch (const benign::ConfigError&) {
  }
  return 0;
}
