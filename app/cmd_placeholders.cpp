// TEMPORARY while the subcommands are written; each moves to app/cmd_<name>.cpp.
#include <iostream>
#include "app/cli_common.hpp"
namespace benign::app {
namespace { struct Todo : Command { int run() override { std::cerr << "not yet built\n"; return 1; } }; }
std::unique_ptr<Command> make_verify(CLI::App&) { return std::make_unique<Todo>(); }
std::unique_ptr<Command> make_sweep(CLI::App&) { return std::make_unique<Todo>(); }
std::unique_ptr<Command> make_bounds(CLI::App&) { return std::make_unique<Todo>(); }
}
