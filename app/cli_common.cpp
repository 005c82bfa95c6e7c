#include "app/cli_common.hpp"

#include <filesystem>
#include <unistd.h>

#include "core/errors.hpp"

namespace benign::app {

ConfigFlags::ConfigFlags(CLI::App* cmd, std::vector<std::string> groups) : groups_(std::move(groups)) {
  cmd->add_option("--config", file_, "read config keys from a TOML or JSON file (flags override it)");
  Config defaults;
  for (const auto& k : config_keys()) {
    if (std::find(groups_.begin(), groups_.end(), k.group) == groups_.end()) continue;
    std::string help = k.help + " [" + k.group + "; default " + k.get(defaults) + "; " + k.range + "]";
    std::string name = k.name;
    cmd->add_option_function<std::string>(
        "--" + flag_name(k.name), [this, name](const std::string& v) { values_[name] = v; }, help);
  }
}

Config ConfigFlags::resolve(bool run_validate) const {
  Config c;
  if (!file_.empty()) load_config_file(c, file_);
  for (const auto& [k, v] : values_) set_key(c, k, v);
  if (run_validate) validate(c);
  return c;
}

void check_output_file(const std::string& path, const std::string& option) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw ConfigError(option + " " + path + ": is a directory, expected a file name");
  fs::path parent = fs::absolute(fs::path(path), ec).parent_path();
  while (!parent.empty() && !fs::exists(parent, ec) && parent != parent.root_path()) parent = parent.parent_path();
  if (!fs::is_directory(parent, ec) || ::access(parent.c_str(), W_OK) != 0)
    throw ConfigError(option + " " + path + ": cannot write there (" + parent.string() + " is not a writable directory)");
}

void refuse_final_observation(const Config& c, const std::string& command, const std::string& needs,
                              const std::string& where) {
  if (c.observe != "final") return;
  throw ConfigError((where.empty() ? "" : where + ": ") + "impossible combination: observe = 'final' with benign " + command +
                    ", whose " + needs + " need the trajectory (observe = 'final' evaluates the train and test set once, at the last step); "
                    "set observe = 'all' (benign figures --only 5 evaluates its cells at the end only)");
}

}  // namespace benign::app
