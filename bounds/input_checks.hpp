// Inputs of the bounds/ functions: checked with a clear message naming the key and its allowed
// range (benign::ConfigError, which the command line turns into exit code 2).
#pragma once
#include <string>

namespace benign {

// Throws ConfigError naming `T` unless T ≥ 1 (tokens per sample).
void check_tokens(long T);

// Throws ConfigError naming `key` unless 0 < value < inf (e.g. the rate κ of a gap).
template <class S> void check_positive(const S& value, const std::string& key);

// The decimal text `text` (e.g. "-1.5e300") converted to S, correctly rounded. Throws ConfigError
// naming `key` if it is not a finite decimal number, overflows S, or is nonzero but rounds to 0.
template <class S> S scalar_from_text(const std::string& text, const std::string& key);

}  // namespace benign
