// benign figures: the paper's synthetic figures (Figures 1, 3 and 5) as SVG plus the CSV behind each.
#include <iostream>

#include "app/cli_common.hpp"
#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "simulate/run.hpp"
#include "verify/paper_figures.hpp"

namespace benign::app {

namespace {

struct Figures : Command {
  PaperFiguresOptions opt;
  std::string only = "1,3,5";
  long long seed = 42;
  bool quiet = false;

  explicit Figures(CLI::App& app) {
    opt.out = "out/figures";
    app.add_option("--out", opt.out, "output directory: figure1/3/5 .svg and .csv, figures.md, Figure 5's journal (resumable)");
    app.add_option("--only", only, "comma-separated figures to make, of 1, 3, 5 (default: all)");
    app.add_flag("--quick", opt.quick,
                 "coarse and fast: Figure 5 on a 6 x 6 grid, Figures 3 and 5 from the sampled source (Gaussian W0 of "
                 "Kaiming's variance, 200 test samples); Figure 1 is always the notebook's full size");
    app.add_option("--seed", seed, "seed of every data set and W0 (default 42)");
    app.add_option("--threads", opt.threads, "worker threads for Figures 3 and 5 (default: all cores); results do not depend on it");
    app.add_flag("--quiet", quiet, "no progress on stderr");
  }

  int run() override {
    opt.figures.clear();
    std::string cur;
    for (char ch : only + ",") {
      if (ch == ',') {
        if (!cur.empty()) opt.figures.push_back(cur);
        cur.clear();
      } else if (ch != ' ') {
        cur += ch;
      }
    }
    check_figure_names(opt.figures);
    if (seed < 0) throw ConfigError("--seed " + std::to_string(seed) + ": must be a non-negative integer");
    if (opt.threads < 0) throw ConfigError("--threads " + std::to_string(opt.threads) + ": must be 0 (all cores) or positive");
    opt.seed = std::uint64_t(seed);
    // Every output file writable, before any work (exit 2).
    std::vector<std::string> files = paper_figure_files(opt);
    check_output_files("--out", opt.out, files);
    opt.progress = !quiet;
    opt.stop = &install_interrupt_handler();
    const PaperFiguresResult r = write_paper_figures(opt);
    for (const auto& s : r.summary) std::cout << s << "\n";
    std::cout << "wrote " << r.written.size() << " files into " << opt.out << " (see " << opt.out << "/figures.md)"
              << (r.complete ? "" : "; interrupted: rerun the same command to resume Figure 5") << "\n";
    return r.complete ? 0 : 130;
  }
};

}  // namespace

std::unique_ptr<Command> make_figures(CLI::App& app) { return std::make_unique<Figures>(app); }

}  // namespace benign::app
