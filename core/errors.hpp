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

// Exit codes of the `benign` program (README "Exit codes").
constexpr int kExitOk = 0;
constexpr int kExitError = 1;          // a failure while working (I/O, internal)
constexpr int kExitBadInput = 2;       // bad input, refused before any work
constexpr int kExitNonFinite = 3;      // a NaN or inf appeared: the run stopped, no result reported
constexpr int kExitInterrupted = 130;  // SIGINT/SIGTERM: finished work kept, rerun to resume

}  // namespace benign
