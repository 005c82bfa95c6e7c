#include "app/cli_common.hpp"

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

}  // namespace benign::app
