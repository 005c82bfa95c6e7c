// benign simulate: train the model of theory.md §2 and write trajectory.csv and summary.json.
#include <iostream>

#include "app/cli_common.hpp"
#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "simulate/dataset.hpp"
#include "simulate/run.hpp"

namespace benign::app {

namespace {

struct Simulate : Command {
  std::unique_ptr<ConfigFlags> flags;
  std::string out = "out/simulate";
  std::string data_dir;
  bool quiet = false;

  explicit Simulate(CLI::App& app) {
    flags = std::make_unique<ConfigFlags>(&app, std::vector<std::string>{"data", "model", "run"});
    app.add_option("--out", out, "output directory (trajectory.csv, selection.csv, final_selection.csv, summary.json)");
    app.add_option("--data", data_dir, "train on user arrays: a directory of .npy files (X_train, y_train, [y_train_clean], X_test, y_test, nu, [W0], [p0])");
    app.add_flag("--quiet", quiet, "no progress on stderr");
  }

  int run() override {
    Config c = flags->resolve(data_dir.empty());
    Dataset D;
    if (data_dir.empty()) {
      D = make_dataset(c);
    } else {
      if (c.source == "sampled")
        throw ConfigError("impossible combination: --data with source = 'sampled' (user arrays are explicit d-dimensional data); drop --source sampled or --data");
      D = load_dataset(data_dir, c);
      c.n = D.n; c.n_test = D.n_test; c.T = D.T; c.d = D.d;  // the arrays define the sizes
      validate(c);
    }
    check_output_files("--out", out, {"trajectory.csv", "selection.csv", "final_selection.csv", "summary.json"});
    RunOptions opt;
    opt.progress = !quiet;
    opt.stop = &install_interrupt_handler();
    RunResult r = run_simulation(c, D, opt);
    write_run_outputs(r, out);
    if (r.diagnostics.non_finite) {  // no result: say where the NaN/inf appeared and what would avoid it
      std::cerr << "benign: error: " << r.diagnostics.message << "\nwrote " << out << "/summary.json (resolved: false)\n";
      return kExitNonFinite;
    }
    const Checkpoint& f = r.last();
    std::cout << "steps " << r.steps_done << (r.interrupted ? " (interrupted)" : "") << "  precision " << r.precision
              << "  engine " << r.engine << "  setup " << r.setup_s << " s  train " << r.train_s << " s\n"
              << "train_loss " << f.train_loss << "  train_acc " << f.train_acc << " (clean " << f.train_acc_clean
              << ", noisy " << f.train_acc_noisy << ")  test_loss " << f.test_loss << "  test_acc " << f.test_acc << "\n";
    if (r.integrator == "flow" && !r.notes.empty()) std::cout << r.notes << "\n";
    if (!r.diagnostics.resolved) std::cout << "warning: " << r.diagnostics.message << "\n";
    std::cout << "wrote " << out << "/summary.json\n";
    return r.interrupted ? 130 : 0;
  }
};

}  // namespace

std::unique_ptr<Command> make_simulate(CLI::App& app) { return std::make_unique<Simulate>(app); }

}  // namespace benign::app
