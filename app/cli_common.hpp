// Shared command-line plumbing: every config key is a flag, --config FILE reads TOML/JSON.
#pragma once
#include <CLI/CLI.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/config.hpp"

namespace benign::app {

// Registers --config FILE and one flag per key of the given groups on `cmd`.
// After parsing, call resolve() to get the Config (file first, flags override), validated.
class ConfigFlags {
 public:
  ConfigFlags(CLI::App* cmd, std::vector<std::string> groups);
  Config resolve(bool run_validate = true) const;
  const std::string& config_file() const { return file_; }

 private:
  std::vector<std::string> groups_;
  std::string file_;
  std::map<std::string, std::string> values_;  // key -> text given on the command line
};

// A subcommand: registers its options on a CLI11 subcommand and runs after parsing.
struct Command {
  virtual ~Command() = default;
  virtual int run() = 0;
  // Whether the command spreads its work over the ranks of an MPI job (core/task_farm.hpp).
  virtual bool spreads_over_ranks() const { return false; }
};

// Subcommand factories (one file each in app/). Each returns the object that runs it.
std::unique_ptr<Command> make_simulate(CLI::App& app);
std::unique_ptr<Command> make_bounds(CLI::App& app);
std::unique_ptr<Command> make_verify(CLI::App& app);
std::unique_ptr<Command> make_sweep(CLI::App& app);
std::unique_ptr<Command> make_table(CLI::App& app);
std::unique_ptr<Command> make_figures(CLI::App& app);

// ConfigError naming `option` unless a file can be written at `path`: not a directory, and its
// nearest existing parent a writable directory.
void check_output_file(const std::string& path, const std::string& option);

// ConfigError (exit 2) if c has observe = final: `command`'s outputs (named in `needs`) need the
// trajectory, which a run with observe = final does not compute. `where` names a cases file's case.
void refuse_final_observation(const Config& c, const std::string& command, const std::string& needs,
                              const std::string& where = "");

}  // namespace benign::app
