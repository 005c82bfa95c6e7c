// libFuzzer target: the .npy reader (core/npy.hpp) on arbitrary bytes. Bad input must end in a
// ConfigError; anything else (a crash, a sanitizer report, another exception) is a finding.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/errors.hpp"
#include "core/npy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    const benign::NpyArray a = benign::parse_npy(bytes, "fuzz.npy");
    // What was accepted round-trips: the announced size is what was read.
    if (std::size_t(a.size()) != a.data.size()) __builtin_trap();
  } catch (const benign::ConfigError&) {
  }
  return 0;
}
