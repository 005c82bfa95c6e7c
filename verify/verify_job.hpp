// The main job of the toolkit (issue 4): run the cases, classify what happened, compare with the
// regime map's prediction, sweep a phase grid, calibrate the constants on part of it and score
// them on the rest, and measure the boundary exponents (with a wrong map as negative control).
#pragma once
#include <atomic>
#include <string>
#include <vector>

#include "bounds/regime_map.hpp"
#include "core/config.hpp"
#include "simulate/trajectory.hpp"
#include "verify/boundary_exponents.hpp"
#include "verify/window_control.hpp"
#include "verify/long_horizon.hpp"
#include "verify/calibrate_constants.hpp"
#include "verify/cases_file.hpp"
#include "verify/case_ensemble.hpp"
#include "verify/grid_ensemble.hpp"
#include "verify/observed_regime.hpp"
#include "verify/several_heads.hpp"
#include "verify/sweep.hpp"

namespace benign {


struct CaseOutcome {
  NamedCase spec;
  RunResult run;
  Observation observed;
  std::string predicted;             // with the constants of the configuration (default 1)
  std::string predicted_calibrated;  // with the constants calibrated on the grid
  std::string agreement, agreement_calibrated;
  double snr = 0, n_snr2 = 0, snr_d14 = 0;
  // The seed ensemble (run = its first seed's run, observed = its first seed's observation).
  CaseEnsemble ensemble;
  Proportion agree_fraction, agree_fraction_calibrated;  // seeds whose regime agrees with the prediction
};

struct VerifyPlan {
  Config base;                       // constants, thresholds and any keys the user set
  RegimeMap map;
  std::vector<NamedCase> cases;
  EnsembleOptions ensemble;          // seeds per case (default 8) and the settled horizon
  bool grid = true;
  std::vector<Axis> grid_axes;       // default: d × ‖μ‖, coarse
  long grid_n_test = 200;
  long grid_seeds = 8;               // seeds per grid cell
  std::vector<std::pair<std::string, std::string>> grid_keys;  // set on every grid run (data source, W0 law)
  bool exponents = true;
  std::vector<BoundaryLine> lines;
  // Window controls (verify/window_control): a line of the same boundary and key as one of `lines`
  // whose ‖μ‖ window moves with another tilt; measured after the lines, judged against them.
  std::vector<BoundaryLine> window_controls;
  long exponent_n_test = 200;
  bool exponent_settle = true;       // exponent runs: flow until settled with plan.ensemble's criteria (else the configured horizon)
  bool long_horizon = true;          // gradient flow to exponential times (issue 5)
  LongHorizonPlan horizon;
  bool several_heads = true;         // the section "Several heads" over the cases (issue 15)
  HeadsPlan heads;
  int threads = 0;
  bool progress = true;
  const std::atomic<bool>* stop = nullptr;
  std::string out = "reports/verify";
  // Resume (issue 14): finished runs of the grid, the cases and the exponent lines are journalled in
  // this directory ("" = none) and read back by a rerun of the same plan instead of being made again.
  std::string journal_dir;
};

struct VerifyResult {
  VerifyPlan plan;
  std::vector<CaseOutcome> cases;
  std::vector<SweepCell> grid;       // one per grid cell: majority regime, mean losses over seeds
  std::vector<GridCellEnsemble> grid_ensembles;  // the same cells with their regime frequencies and per-seed outcomes
  GridCalibration calibration;       // fitted on the calibration half of the grid
  Score score_default_all, score_calibrated_heldout, score_default_heldout;
  long calibration_cells = 0, heldout_cells = 0;  // grid cells (each with its seeds)
  std::vector<ExponentCheck> exponents;
  RegimeMap wrong_map;               // the negative control: exponents swapped
  std::vector<ExponentCheck> wrong_map_checks;
  std::vector<WindowControl> window_controls;
  bool has_long_horizon = false;
  LongHorizonResult long_horizon;
  bool has_heads = false;
  HeadsResult heads;
  double elapsed_s = 0;
  bool interrupted = false;
  long resumed_runs = 0;             // read back from the journal instead of being made again
};

// The paper's three settings, a coarse d × ‖μ‖ grid, both exponent lines and the long-horizon runs
// around the paper's benign setting.
VerifyPlan default_plan(const Config& base, const RegimeMap& map);

VerifyResult run_verify(const VerifyPlan& plan);

// Everything the results of `plan` depend on, as text (the journal's plan line): the program's
// version, the configurations, map, cases, grid, lines, controls, ensemble and long-horizon options.
std::string plan_fingerprint(const VerifyPlan& plan);

// The paper's map with the exponents of its two boundaries swapped (harmful ∝ n^{-1/2},
// not overfitting ∝ d^{-1/4}): a wrong map the verifier must reject.
RegimeMap swapped_exponent_map(const RegimeMap& paper);

}  // namespace benign
