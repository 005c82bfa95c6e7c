// toml++ as every reader of the toolkit includes it (issue 13, found by tests/fuzz/): exceptions on,
// its internal assertions turned into a ConfigError instead of abort(), and a pre-check of the text
// that refuses what made toml++ 3.x reach an assertion or an "unreachable" branch (undefined
// behaviour): a non-ASCII character outside a string or a comment.
#pragma once
#include <string>

#include "core/errors.hpp"

namespace benign {
[[noreturn]] void toml_internal_check_failed(const char* expr);
// Throws ConfigError naming `origin` and the line for a non-ASCII byte outside strings and comments.
void check_toml_text(const std::string& text, const std::string& origin);
}  // namespace benign

#define TOML_EXCEPTIONS 1
#undef TOML_ASSERT
#define TOML_ASSERT(expr) ((expr) ? (void)0 : ::benign::toml_internal_check_failed(#expr))
#include <toml++/toml.h>
