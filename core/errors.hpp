// Errors the command line turns into clear messages and exit codes.
#pragma once
#include <stdexcept>
#include <string>

namespace benign {

// Bad user input: a config key out of range, a malformed file, an impossible combination.
// The message names the key or file and the allowed range; the CLI exits with code 2.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace benign
