#include "bounds/input_checks.hpp"

#include "core/errors.hpp"

namespace benign {

void check_tokens(long T) {
  if (T < 1)
    throw ConfigError("config key 'T' = " + std::to_string(T) + " is out of range: allowed integer in [1, inf) (tokens per sample)");
}

}  // namespace benign
