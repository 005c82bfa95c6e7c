// Reading user-named input files (issue 13): a directory, a special file, a file that is not text
// or cannot be read is refused with a message naming the option and the path, never read as empty.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace benign {

// The whole text of the regular file at `path`; `what` names it ("config file", "cases file (--cases)").
// Throws ConfigError: missing, a directory, not a regular file, unreadable, or holding NUL bytes.
std::string read_text_file(const std::string& path, const std::string& what);

// Throws ConfigError unless `path` names an existing regular file (a directory named nu.npy is refused).
void require_regular_file(const std::string& path, const std::string& what);

// Parse JSON text, refusing a key that appears twice in one object (nlohmann keeps the last silently;
// TOML refuses): throws ConfigError naming `origin`, the key, and what JSON parse errors say.
nlohmann::json parse_json_unique_keys(const std::string& text, const std::string& origin);

}  // namespace benign
