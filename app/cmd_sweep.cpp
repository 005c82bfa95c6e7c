// benign sweep: a grid over one or two keys (default: the paper's phase grid), parallel and resumable.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/cli_common.hpp"
#include "bounds/regime_map.hpp"
#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "core/job.hpp"
#include "simulate/run.hpp"
#include "verify/sweep_report.hpp"

namespace benign::app {

namespace {

struct Sweep : Command {
  std::unique_ptr<ConfigFlags> flags;
  std::string x = "d=250:5000:125", y = "mu=5:100:2.5";
  std::string out = "out/sweep";
  std::string regime_map;
  int threads = 0;
  bool quiet = false, no_y = false;

  explicit Sweep(CLI::App& app) {
    flags = std::make_unique<ConfigFlags>(&app, std::vector<std::string>{"data", "model", "run", "theory", "verify"});
    app.add_option("--x", x, "first axis KEY=START:STOP:STEP or KEY=V1,V2,... (default: the paper's d grid)");
    app.add_option("--y", y, "second axis (default: the paper's ||mu|| grid); see --no-y");
    app.add_flag("--no-y", no_y, "sweep the first axis only");
    app.add_option("--out", out, "output directory: cells.csv (journal, resumable), sweep.csv, heat maps, sweep.md");
    app.add_option("--threads", threads, "worker threads per process (default: all cores; under mpirun 1 per rank); results do not depend on it");
    app.add_option("--regime-map", regime_map, "regime map (TOML/JSON) whose boundaries are drawn over the heat maps");
    app.add_flag("--quiet", quiet, "no progress on stderr");
  }

  bool spreads_over_ranks() const override { return true; }  // mpirun -np K benign sweep ...

  int run() override {
    Config base = flags->resolve();
    refuse_final_observation(base, "sweep", "observed regime, tau_fit and tau_gen (sweep.csv, the heat maps, the agreement table)");
    std::vector<Axis> axes{parse_axis(x)};
    if (!no_y) axes.push_back(parse_axis(y));
    if (axes.size() == 2 && axes[0].key == axes[1].key)
      throw ConfigError("sweep axes --x and --y name the same key '" + axes[0].key + "'");
    sweep_cells(base, axes);  // every cell's configuration valid, before any work
    if (!regime_map.empty()) load_regime_map(regime_map);  // refused now, not after the cells
    // Under MPI every rank checks the input alike and rank 0 alone writes (core/job.hpp).
    job_on_writer([&] {
      check_output_files("--out", out, sweep_output_files(axes));
      std::filesystem::create_directories(out);
    });
    long resumed = 0;
    SweepOptions opt;
    opt.resumed = &resumed;
    opt.threads = threads;
    opt.progress = !quiet;
    opt.stop = &install_interrupt_handler();
    opt.journal = out + "/cells.csv";
    std::vector<SweepCell> cells = run_sweep(base, axes, opt);
    const bool complete = cells.size() == sweep_cells(base, axes).size();
    job_on_writer([&] { write_sweep_outputs(base, axes, cells, out, regime_map); });
    long failed = 0;
    for (const auto& c : cells) failed += c.observed.regime == kFailed;
    std::cout << "sweep: " << cells.size() << " cells finished (" << resumed << " resumed)"
              << (complete ? "" : " (interrupted: rerun to resume)") << "; wrote " << out << "/sweep.csv and " << out << "/sweep.md\n";
    if (failed) std::cout << "sweep: " << failed << " cells failed (a NaN or inf stopped them; see 'failed' in sweep.csv)\n";
    return complete ? 0 : 130;
  }
};

}  // namespace

std::unique_ptr<Command> make_sweep(CLI::App& app) { return std::make_unique<Sweep>(app); }

}  // namespace benign::app
