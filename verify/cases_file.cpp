// Cases of `benign verify --cases` (TOML [[case]] tables or a JSON array of key sets).
#include "verify/cases_file.hpp"

#include <cctype>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include "core/toml_parse.hpp"  // one toml++ setting for the whole program

#include "core/errors.hpp"
#include "core/text_file.hpp"

namespace benign {

std::string slug(const std::string& s) {
  std::string o;
  for (char ch : s) o += std::isalnum((unsigned char)ch) ? char(std::tolower((unsigned char)ch)) : '_';
  return o;
}

std::vector<NamedCase> load_cases(const std::string& path, const Config& base) {
  return parse_cases_text(read_text_file(path, "cases file (--cases)"), path, base);
}

std::vector<NamedCase> parse_cases_text(const std::string& text, const std::string& path, const Config& base) {
  std::vector<NamedCase> out;
  auto add = [&](const std::vector<std::pair<std::string, std::string>>& kv, std::size_t i) {
    NamedCase c;
    c.config = base;
    c.name = "case " + std::to_string(i + 1);
    for (const auto& [k, v] : kv) {
      if (k == "name") { c.name = v; continue; }
      if (k == "label") { c.label = v; continue; }
      try { set_key(c.config, k, v); } catch (const ConfigError& e) {
        throw ConfigError("file '" + path + "', case " + std::to_string(i + 1) + ": " + e.what());
      }
    }
    try { validate(c.config); } catch (const ConfigError& e) {
      throw ConfigError("file '" + path + "', case " + std::to_string(i + 1) + ": " + e.what());
    }
    out.push_back(c);
  };
  // By extension; otherwise JSON when the text opens an object or an array of objects (TOML's
  // "[[case]]" also opens with '[').
  auto ends_with = [&](const char* ext) {
    const std::string e(ext);
    return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  const auto first = text.find_first_not_of(" \t\r\n");
  const auto second = first == std::string::npos ? first : text.find_first_not_of(" \t\r\n", first + 1);
  const bool json = ends_with(".json") ||
                    (!ends_with(".toml") && first != std::string::npos &&
                     (text[first] == '{' || (text[first] == '[' && (second == std::string::npos || text[second] != '['))));
  if (json) {
    nlohmann::json j = parse_json_unique_keys(text, path);
    if (j.is_object() && j.contains("case")) j = j["case"];
    if (!j.is_array()) throw ConfigError("file '" + path + "': expected a JSON array of cases (objects of config keys)");
    for (std::size_t i = 0; i < j.size(); ++i) {
      if (!j[i].is_object()) throw ConfigError("file '" + path + "', case " + std::to_string(i + 1) + ": expected an object");
      std::vector<std::pair<std::string, std::string>> kv;
      for (auto it = j[i].begin(); it != j[i].end(); ++it) {
        const auto& v = it.value();
        std::string s = v.is_string() ? v.get<std::string>() : v.dump();
        kv.emplace_back(it.key(), s);
      }
      add(kv, i);
    }
  } else {
    toml::table tbl;
    check_toml_text(text, path);
    try { tbl = toml::parse(text, path); } catch (const ConfigError& e) {
      throw ConfigError("file '" + path + "': " + e.what());
    } catch (const toml::parse_error& e) {
      throw ConfigError("file '" + path + "' is not valid TOML: " + std::string(e.description()));
    }
    const toml::array* arr = tbl["case"].as_array();
    if (!arr) throw ConfigError("file '" + path + "': expected a list of cases as [[case]] tables");
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const toml::table* t = (*arr)[i].as_table();
      if (!t) throw ConfigError("file '" + path + "', case " + std::to_string(i + 1) + ": expected a table");
      std::vector<std::pair<std::string, std::string>> kv;
      for (auto&& [k, node] : *t) {
        std::string v;
        if (node.is_string()) v = *node.value<std::string>();
        else if (node.is_integer()) v = std::to_string(*node.value<long long>());
        else if (node.is_floating_point()) { std::ostringstream os; os.precision(17); os << *node.value<double>(); v = os.str(); }
        else throw ConfigError("file '" + path + "', case " + std::to_string(i + 1) + ": key '" + std::string(k.str()) + "' must be a number or a string");
        kv.emplace_back(std::string(k.str()), v);
      }
      add(kv, i);
    }
  }
  if (out.empty()) throw ConfigError("file '" + path + "' lists no cases");
  // Figures are named after the cases: two names that give the same file name would overwrite each other.
  std::map<std::string, std::string> by_slug;
  for (const auto& c : out) {
    if (c.name.empty() || c.name.size() > 100)
      throw ConfigError("file '" + path + "': case name '" + c.name.substr(0, 40) + (c.name.size() > 40 ? "...'" : "'") +
                        " must have 1 to 100 characters (it names the case's figure files)");
    auto [it, fresh] = by_slug.emplace(slug(c.name), c.name);
    if (!fresh)
      throw ConfigError("file '" + path + "': cases '" + it->second + "' and '" + c.name +
                        "' have the same name in file names ('" + it->first + "'); give every case its own name");
  }
  return out;
}

}  // namespace benign
