#include "core/text_file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include "core/errors.hpp"

namespace benign {

void require_regular_file(const std::string& path, const std::string& what) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const auto st = fs::status(path, ec);
  if (!fs::exists(st)) throw ConfigError(what + " '" + path + "' does not exist");
  if (fs::is_directory(st)) throw ConfigError(what + " '" + path + "' is a directory, not a file");
  if (!fs::is_regular_file(st)) throw ConfigError(what + " '" + path + "' is not a regular file (a device, pipe or socket)");
}

std::string read_text_file(const std::string& path, const std::string& what) {
  require_regular_file(path, what);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("cannot read " + what + " '" + path + "': " + std::strerror(errno));
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) throw ConfigError("cannot read " + what + " '" + path + "'");
  std::string text = ss.str();
  if (text.find('\0') != std::string::npos) throw ConfigError(what + " '" + path + "' is not text (it holds NUL bytes)");
  return text;
}

nlohmann::json parse_json_unique_keys(const std::string& text, const std::string& origin) {
  std::vector<std::set<std::string>> keys;  // one set per open object
  std::string duplicate;
  auto cb = [&](int, nlohmann::json::parse_event_t ev, nlohmann::json& parsed) {
    using E = nlohmann::json::parse_event_t;
    if (ev == E::object_start) keys.emplace_back();
    else if (ev == E::object_end) { if (!keys.empty()) keys.pop_back(); }
    else if (ev == E::key && !keys.empty() && !keys.back().insert(parsed.get<std::string>()).second && duplicate.empty())
      duplicate = parsed.get<std::string>();
    return true;
  };
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text, cb);
  } catch (const std::exception& e) {
    throw ConfigError("file '" + origin + "' is not valid JSON: " + e.what());
  }
  if (!duplicate.empty())
    throw ConfigError("file '" + origin + "': key '" + duplicate + "' appears twice in one object (each key at most once)");
  return j;
}

}  // namespace benign
