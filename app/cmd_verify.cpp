// benign verify: the main job — cases, phase grid, calibration and boundary exponents, one report.
#include <cmath>
#include <iostream>

#include <filesystem>

#include "app/cli_common.hpp"
#include "core/job.hpp"
#include "bounds/regime_map.hpp"
#include "core/atomic_file.hpp"
#include "simulate/run.hpp"
#include "verify/verify_job.hpp"
#include "verify/verify_report.hpp"

namespace benign::app {

namespace {

struct Verify : Command {
  std::unique_ptr<ConfigFlags> flags;
  std::string out = "reports/verify", cases_file, regime_map;
  bool no_grid = false, no_exponents = false, no_window_controls = false, fresh = false, keep_journal = false, grid = false, exponents = false, quiet = false;
  bool no_long = false, long_horizon = false, no_heads = false, several_heads = false;
  long heads_seeds = 4;
  std::string long_to = "1e12", long_precision = "long-double", crosscheck_precision = "double", series, series_precision = "double";
  long long_per_decade = 4, series_per_decade = 10;
  int threads = 0;
  long seeds = 8, exponent_seeds = 4, exponent_mu_points = 6;
  bool thorough = false;
  CLI::Option* mu_points_opt = nullptr;
  CLI::Option* long_precision_opt = nullptr;
  bool fixed_horizon = false;
  std::string settle_cap = "1e12";
  double settle_tol = 0.02, settle_decades = 2;
  long grid_n_test = 200, exponent_n_test = 200, grid_seeds = 0;

  explicit Verify(CLI::App& app) {
    flags = std::make_unique<ConfigFlags>(&app, std::vector<std::string>{"data", "model", "run", "theory", "verify"});
    app.add_option("--out", out, "output directory: report.md, its SVGs, verdicts.json");
    app.add_option("--cases", cases_file, "check exactly these configurations: TOML [[case]] tables or a JSON array of key sets (optional name)");
    app.add_option("--regime-map", regime_map, "regime map file (TOML/JSON); default: the paper's map");
    app.add_flag("--no-grid", no_grid, "skip the phase grid and the calibration");
    app.add_flag("--no-exponents", no_exponents, "skip the boundary-exponent check");
    app.add_flag("--fresh", fresh, "discard the journal of an earlier, interrupted verify in --out instead of resuming from it");
    app.add_flag("--keep-journal", keep_journal, "keep OUT/journal/ (every finished run, one line each) after the report is written");
    app.add_flag("--no-window-controls", no_window_controls, "skip the window controls of the exponent lines (the same boundary with the ||mu|| window moved by another exponent)");
    app.add_flag("--grid", grid, "with --cases: also run the phase grid");
    app.add_flag("--exponents", exponents, "with --cases: also run the boundary-exponent check");
    app.add_flag("--no-long-horizon", no_long, "skip the long-horizon gradient-flow runs");
    app.add_flag("--long-horizon", long_horizon, "with --cases: also run the long-horizon section");
    app.add_flag("--no-heads", no_heads, "skip the section 'Several heads' (the cases with H = 1, 2, 4 heads; --thorough: 1, 2, 4, 8)");
    app.add_flag("--several-heads", several_heads, "with --cases: also run the section 'Several heads' on them");
    app.add_option("--heads-seeds", heads_seeds, "seeds per (case, H, head_nu) of the section 'Several heads' (default 4; --thorough 8)")->check(CLI::Range(1L, 100000L));
    app.add_option("--long-to", long_to, "long horizon: end time in units of lr x steps (default 1e12)");
    long_precision_opt = app.add_option("--long-precision", long_precision, "long horizon: precision of the long run (default long-double; bin50 with --thorough)");
    app.add_option("--crosscheck-precision", crosscheck_precision, "long horizon: the long run again in this precision, compared (default double; 'none' to skip)");
    app.add_option("--long-checkpoints-per-decade", long_per_decade, "long horizon: checkpoints per decade of the long run (default 4)")->check(CLI::Range(1L, 1000L));
    app.add_option("--series", series, "long horizon: the series of settings, as key=v1,v2,... varied around the paper's benign setting (default mu=11.5,...,20)");
    app.add_option("--series-precision", series_precision, "long horizon: precision of the series runs (default double)");
    app.add_option("--series-checkpoints-per-decade", series_per_decade, "long horizon: checkpoints per decade of the series runs (default 10)")->check(CLI::Range(1L, 1000L));
    app.add_option("--seeds", seeds, "seeds per case (seed, seed+1, ...): regime frequencies with Wilson intervals, means with t intervals (default 8)")->check(CLI::Range(1L, 100000L));
    app.add_option("--exponent-seeds", exponent_seeds, "seeds per (key value, ||mu||) of the boundary searches (default 4)")->check(CLI::Range(1L, 100000L));
    mu_points_opt = app.add_option("--exponent-mu-points", exponent_mu_points, "||mu|| values per key value of the boundary searches (default 6 along n, 9 along d)")->check(CLI::Range(3L, 1000L));
    app.add_flag("--thorough", thorough, "publication-grade run: 32 seeds per case and grid cell, 16 per boundary point, 12 ||mu|| values, more key values, the long run in bin50");
    app.add_flag("--fixed-horizon", fixed_horizon, "cases and exponent runs use their configured horizon instead of gradient flow until settled (with --seeds 1: the run of an explicit seed as before ensembles)");
    app.add_option("--settle-cap", settle_cap, "settled horizon: largest flow time, units of lr x steps (default 1e12)")
        ->check([](const std::string& v) -> std::string {
          // The flow's horizon key would name 'horizon'; name the flag the user typed.
          std::size_t used = 0;
          double x = 0;
          try { x = std::stod(v, &used); } catch (...) { used = 0; }
          if (used != v.size() || !std::isfinite(x) || !(x > 0)) return "allowed a finite number > 0 (a flow time in units of lr x steps)";
          return {};
        });
    app.add_option("--settle-tol", settle_tol, "settled horizon: largest change of test accuracy and selection fractions over the window (default 0.02)")->check(CLI::Range(0.0, 1.0));
    app.add_option("--settle-decades", settle_decades, "settled horizon: window length in decades of time (default 2)")->check(CLI::Range(0.5, 6.0));
    app.add_option("--grid-seeds", grid_seeds, "seeds per phase-grid cell (default: --seeds)")->check(CLI::Range(1L, 100000L));
    app.add_option("--grid-n-test", grid_n_test, "test samples per grid cell")->check(CLI::Range(1L, 10000000L));
    app.add_option("--exponent-n-test", exponent_n_test, "test samples per bisection run")->check(CLI::Range(1L, 10000000L));
    app.add_option("--threads", threads, "worker threads per process (default: all cores; under mpirun 1 per rank); results do not depend on it");
    app.add_flag("--quiet", quiet, "no progress on stderr");
  }

  bool spreads_over_ranks() const override { return true; }  // mpirun -np K benign verify ...

  int run() override {
    const Config base = flags->resolve();
    refuse_final_observation(base, "verify", "observed regimes and settling checks");
    const RegimeMap map = regime_map.empty() ? paper_regime_map() : load_regime_map(regime_map);
    VerifyPlan plan = default_plan(base, map);
    if (!cases_file.empty()) {
      plan.cases = load_cases(cases_file, base);
      for (const auto& c : plan.cases)
        refuse_final_observation(c.config, "verify", "observed regimes and settling checks", "--cases " + cases_file + ", " + c.name);
      plan.grid = grid;
      plan.exponents = exponents;
    }
    if (no_grid) plan.grid = false;
    if (no_exponents) plan.exponents = false;
    if (!cases_file.empty()) plan.long_horizon = long_horizon;
    if (!cases_file.empty()) plan.several_heads = several_heads;
    if (no_heads) plan.several_heads = false;
    plan.heads.seeds = thorough ? std::max(heads_seeds, 8L) : heads_seeds;
    if (thorough) plan.heads.heads = {1, 2, 4, 8};
    if (plan.several_heads)  // every run's keys checked before anything runs or is written
      for (const auto& c : plan.cases)
        for (long H : plan.heads.heads)
          for (const auto& nu : plan.heads.head_nu) heads_run_config(c.config, H, nu, 0, plan.heads);
    if (no_long) plan.long_horizon = false;
    // Budget: bin50 costs ~100 s of one core on the long run; long double (64-bit significand) resolves 1 − s to 1e-19
    // at the gaps reached by τ = 1e12 (≈ 35, 1 − s ≈ 1e-15) for a few seconds. --thorough runs bin50.
    if (thorough && long_precision_opt->count() == 0) long_precision = "bin50";
    plan.horizon.horizon = long_to;
    plan.horizon.precision = long_precision;
    plan.horizon.crosscheck_precision = crosscheck_precision == "none" ? "" : crosscheck_precision;
    plan.horizon.checkpoints_per_decade = long_per_decade;
    plan.horizon.series_precision = series_precision;
    plan.horizon.series_checkpoints_per_decade = series_per_decade;
    if (!series.empty()) plan.horizon.series = parse_axis(series);
    if (plan.long_horizon) {  // every long-horizon key checked before anything runs or is written
      flow_config(plan.horizon.setting, long_to, long_per_decade, long_precision);
      if (!plan.horizon.crosscheck_precision.empty())
        flow_config(plan.horizon.setting, long_to, long_per_decade, plan.horizon.crosscheck_precision);
      for (const auto& v : plan.horizon.series.values) {
        Config c = plan.horizon.setting;
        set_key(c, plan.horizon.series.key, v);
        flow_config(c, long_to, series_per_decade, series_precision);
      }
    }
    if (thorough) { seeds = std::max(seeds, 32L); exponent_seeds = std::max(exponent_seeds, 16L); }
    for (auto& l : plan.window_controls) {
      l.seeds = exponent_seeds;
      if (thorough) l.mu_points = std::max(l.mu_points, 12);
      if (thorough && l.key == "n")  // on the same line as the main one (d = 10^7 below)
        for (auto& kv : l.keys) if (kv.first == "d") kv.second = "10000000";
    }
    if (no_window_controls) plan.window_controls.clear();
    for (auto& l : plan.lines) {
      l.seeds = exponent_seeds;
      if (mu_points_opt->count() > 0) l.mu_points = int(exponent_mu_points);
      if (thorough) l.mu_points = std::max(l.mu_points, 12);
      if (thorough && l.key == "n") {  // 1.3 decades at d = 10^7 (n ≤ 100 ≪ √d = 3162), η n an integer
        l.values = {"5", "10", "15", "20", "25", "30", "40", "50", "70", "100"};
        for (auto& kv : l.keys) if (kv.first == "d") kv.second = "10000000";
      }
      if (thorough && l.key == "d") {  // eight decades, two values per decade
        l.values = {"1000", "3162", "10000", "31623", "100000", "316228", "1000000", "3162278", "10000000", "31622777", "100000000", "316227766", "1000000000", "3162277660", "10000000000", "31622776602", "100000000000"};
      }
    }
    plan.exponent_settle = !fixed_horizon;
    plan.ensemble.seeds = seeds;
    plan.ensemble.settle = !fixed_horizon;
    plan.ensemble.cap = settle_cap;
    plan.ensemble.criteria.tol = settle_tol;
    plan.ensemble.criteria.decades = settle_decades;
    for (const auto& c : plan.cases) seed_config(c.config, 0, plan.ensemble);  // every case's flow keys checked before any run
    plan.grid_n_test = grid_n_test;
    plan.grid_seeds = grid_seeds > 0 ? grid_seeds : seeds;
    plan.exponent_n_test = exponent_n_test;
    plan.threads = threads;
    plan.progress = !quiet && job_writer();  // under MPI rank 0 alone reports progress
    plan.out = out;
    // Under MPI every rank checks the input alike and rank 0 alone writes (core/job.hpp).
    job_on_writer([&] {
      check_output_files("--out", out, verify_output_files(plan));
      if (fresh) std::filesystem::remove_all(out + "/journal");
    });
    // Finished runs are journalled in OUT/journal/ as they finish: an interrupted or killed verify,
    // rerun with the same flags, reads them back instead of making them again; removed once the
    // report is written.
    plan.journal_dir = out + "/journal";
    plan.stop = &install_interrupt_handler();
    if (base.precision == "mpfr") set_mpfr_digits(unsigned(base.digits));
    VerifyResult r = run_verify(plan);
    job_on_writer([&] {
      write_verify_report(r, out);
      if (!r.interrupted && !keep_journal) std::filesystem::remove_all(plan.journal_dir);
    });
    if (r.resumed_runs > 0) std::cout << "verify: " << r.resumed_runs << " runs resumed from the journal\n";
    std::cout << verify_summary(r);
    if (r.interrupted) std::cout << "verify: interrupted; finished runs are in " << plan.journal_dir << ": rerun the same command to resume\n";
    return r.interrupted ? 130 : 0;
  }
};

}  // namespace

std::unique_ptr<Command> make_verify(CLI::App& app) { return std::make_unique<Verify>(app); }

}  // namespace benign::app
