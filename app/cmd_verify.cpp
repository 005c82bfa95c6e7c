// benign verify: the main job — cases, phase grid, calibration and boundary exponents, one report.
#include <iostream>

#include "app/cli_common.hpp"
#include "bounds/regime_map.hpp"
#include "simulate/run.hpp"
#include "verify/verify_job.hpp"
#include "verify/verify_report.hpp"

namespace benign::app {

namespace {

struct Verify : Command {
  std::unique_ptr<ConfigFlags> flags;
  std::string out = "reports/verify", cases_file, regime_map;
  bool no_grid = false, no_exponents = false, grid = false, exponents = false, quiet = false;
  int threads = 0;
  long grid_n_test = 200, exponent_n_test = 200;

  explicit Verify(CLI::App& app) {
    flags = std::make_unique<ConfigFlags>(&app, std::vector<std::string>{"data", "model", "run", "theory", "verify"});
    app.add_option("--out", out, "output directory: report.md, its SVGs, verdicts.json");
    app.add_option("--cases", cases_file, "check exactly these configurations: TOML [[case]] tables or a JSON array of key sets (optional name)");
    app.add_option("--regime-map", regime_map, "regime map file (TOML/JSON); default: the paper's map");
    app.add_flag("--no-grid", no_grid, "skip the phase grid and the calibration");
    app.add_flag("--no-exponents", no_exponents, "skip the boundary-exponent check");
    app.add_flag("--grid", grid, "with --cases: also run the phase grid");
    app.add_flag("--exponents", exponents, "with --cases: also run the boundary-exponent check");
    app.add_option("--grid-n-test", grid_n_test, "test samples per grid cell")->check(CLI::Range(1L, 10000000L));
    app.add_option("--exponent-n-test", exponent_n_test, "test samples per bisection run")->check(CLI::Range(1L, 10000000L));
    app.add_option("--threads", threads, "worker threads (default: all cores); results do not depend on it");
    app.add_flag("--quiet", quiet, "no progress on stderr");
  }

  int run() override {
    const Config base = flags->resolve();
    const RegimeMap map = regime_map.empty() ? paper_regime_map() : load_regime_map(regime_map);
    VerifyPlan plan = default_plan(base, map);
    if (!cases_file.empty()) {
      plan.cases = load_cases(cases_file, base);
      plan.grid = grid;
      plan.exponents = exponents;
    }
    if (no_grid) plan.grid = false;
    if (no_exponents) plan.exponents = false;
    plan.grid_n_test = grid_n_test;
    plan.exponent_n_test = exponent_n_test;
    plan.threads = threads;
    plan.progress = !quiet;
    plan.out = out;
    plan.stop = &install_interrupt_handler();
    if (base.precision == "mpfr") set_mpfr_digits(unsigned(base.digits));
    VerifyResult r = run_verify(plan);
    write_verify_report(r, out);
    std::cout << verify_summary(r);
    return r.interrupted ? 130 : 0;
  }
};

}  // namespace

std::unique_ptr<Command> make_verify(CLI::App& app) { return std::make_unique<Verify>(app); }

}  // namespace benign::app
