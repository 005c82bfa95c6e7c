// Config keys from text (the body of load_config_file in core/config.hpp, without the file): what
// --config reads and the fuzz target tests/fuzz/fuzz_config.cpp feeds.
#pragma once
#include <string>

#include "core/config.hpp"

namespace benign {

// Apply the keys of a TOML or JSON text to c; `path` names it in messages and decides the format
// (".json", or text opening with '{', is JSON). Unknown keys, booleans, duplicate JSON keys and
// values out of range are ConfigErrors naming the key.
void parse_config_text(Config& c, const std::string& text, const std::string& path);

}  // namespace benign
