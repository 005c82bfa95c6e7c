// Cases of `benign verify --cases`: a TOML list of [[case]] tables or a JSON array of key sets
// (or an object whose "case" is that array), each with an optional `name` and `label`. Keys not
// given come from the base configuration. Every key is checked as a flag would be; case names must
// have 1 to 100 characters and give distinct file names (they name the case's figures).
#pragma once
#include <string>
#include <vector>

#include "core/config.hpp"

namespace benign {

struct NamedCase {
  std::string name;
  Config config;
  std::string label;  // the paper's label, if any
};

// Read the cases file at `path` (a regular text file). Throws ConfigError naming the file and case.
std::vector<NamedCase> load_cases(const std::string& path, const Config& base);
// The same from text; `path` names it in messages and decides JSON (".json") or TOML (".toml"),
// otherwise the text does ('{' or a '[' not followed by '[' opens JSON).
std::vector<NamedCase> parse_cases_text(const std::string& text, const std::string& path, const Config& base);

// A case name as it appears in file names (letters and digits lowercased, the rest '_').
std::string slug(const std::string& s);

}  // namespace benign
