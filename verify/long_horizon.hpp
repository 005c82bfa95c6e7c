// Long horizons (issue 5): gradient-flow runs to exponential times. One run of a setting in the
// benign window in extended precision (with a cross-check in double), and a series of settings
// across the window showing how the generalization time grows as the margin above the harmful
// boundary shrinks, next to the time the growth function g assigns to the gap reached
// (theory.md §3: g(Λ(τ)) − g(Λ(τ₁)) = κ (τ − τ₁) when dΛ/dτ = κ s(1−s)).
//
// Generalization in token selection: τ_sel is the first time from which the fraction of test
// samples whose largest attention is on a relevant token stays ≥ 1 − eps_benign. With ν fixed,
// test *accuracy* can be high at t = 0 already (uniform attention averages the token scores), so
// τ_gen from accuracy alone often says nothing about the dynamics; both are reported.
#pragma once
#include <atomic>
#include <limits>
#include <string>
#include <vector>

#include "bounds/regime_map.hpp"
#include "core/config.hpp"
#include "simulate/trajectory.hpp"
#include "verify/observed_regime.hpp"
#include "verify/sweep.hpp"

namespace benign {

// The growth law fitted early in a run and extrapolated to τ_sel [derived here from theory.md §3].
struct GrowthExtrapolation {
  bool fitted = false;        // a fit window after τ_fit with a saturated gap (Λ ≥ log T) exists
  double t1 = -1, x1 = 0;     // start of the window and the mean clean gap Λ there
  double t2 = -1;             // end of the window: t1 · 10^fit_decades
  long points = 0;            // checkpoints in (t1, t2]
  double kappa = 0;           // least squares through the origin: g(Λ(t)) − g(x1) = κ (t − t1) on (t1, t2]
  double kappa_linear = 0;    // negative control, a gap growing linearly: Λ(t) − x1 = κ_lin (t − t1)
  double target_gap = std::numeric_limits<double>::quiet_NaN();  // x* = Λ at τ_sel
  double tau_growth = -1;     // t1 + (g(x*) − g(x1)) / κ, the time g assigns to the gap x*
  double tau_linear = -1;     // t1 + (x* − x1) / κ_lin
  bool extrapolated = false;  // τ_sel > t2: the prediction reaches beyond the fitted window
};

// Fit the growth law on [t1, t1·10^fit_decades] and predict the time the mean clean gap reaches
// its value at τ_sel (τ's in time units, lr × steps). tau_sel < t1 (including −1, never): no target,
// only the fit.
GrowthExtrapolation extrapolate_growth(const std::vector<Checkpoint>& cps, long T, double tau_fit, double tau_sel,
                                       double fit_decades);

struct HorizonRun {
  std::string name;
  Config config;
  RunResult run;
  Observation observed;
  // Times in the units of lr × steps; −1: not reached by the horizon, 0: from the start.
  double tau_fit = -1, tau_gen = -1, tau_sel = -1;
  double margin_harmful = std::numeric_limits<double>::quiet_NaN();  // log(SNR / harmful threshold), calibrated constants
  double margin_not_overfitting = std::numeric_limits<double>::quiet_NaN();
  std::string predicted;      // regime predicted with the calibrated constants
  GrowthExtrapolation growth;
};

// Same inputs, two precisions: the largest differences over the common checkpoints.
struct PrecisionCrossCheck {
  long compared = 0;                     // checkpoints at the same time in both runs (to 1e-12 relative)
  double test_acc = 0, sel_test = 0;     // max |difference| of fractions
  double lambda_rel = 0;                 // max |ΔΛ| / max(1, |Λ|) (mean clean gap)
  bool same_taus = false;                // τ_fit, τ_gen, τ_sel at the same checkpoint (times equal to 1e-12 relative)
};
PrecisionCrossCheck cross_check(const HorizonRun& a, const HorizonRun& b);

struct LongHorizonPlan {
  Config setting;                        // the long run's setting (default: the paper's benign one)
  std::string horizon = "1e12";          // time, units of lr × steps
  long checkpoints_per_decade = 4;       // long run
  std::string precision = "bin50";       // long run
  std::string crosscheck_precision = "double";  // "" for none
  // Varied around `setting`; dense where τ_sel moves through the decades (d = 2000, n = 20: ‖μ‖ 12–12.6).
  Axis series{"mu", {"11.5", "11.9", "12", "12.1", "12.2", "12.3", "12.4", "12.5", "12.6", "13", "14", "15", "17", "20"}};
  std::string series_precision = "double";
  long series_checkpoints_per_decade = 10;
  double fit_decades = 1;                // growth-law fit window after τ_fit
};

struct LongHorizonResult {
  LongHorizonPlan plan;
  HorizonRun main, crosscheck;
  bool has_crosscheck = false;
  PrecisionCrossCheck precision_check;
  std::vector<HorizonRun> series;        // in the order of plan.series.values
  LinearFit log10_tau_vs_margin;         // over series runs with τ_sel > t2 (delayed, extrapolated)
  double worst_log10_error_growth = std::numeric_limits<double>::quiet_NaN();  // |log10 τ_growth − log10 τ_sel|
  double worst_log10_error_linear = std::numeric_limits<double>::quiet_NaN();  // negative control
  bool interrupted = false;
};

// Run the plan (all runs in parallel over `threads`, each single-threaded: numbers independent of
// the thread count). `calibrated` supplies the constants for margins and predicted regimes.
LongHorizonResult run_long_horizon(const LongHorizonPlan& plan, const RegimeMap& map, const Config& calibrated,
                                   int threads, const std::atomic<bool>* stop, bool progress);

// The configuration of a long-horizon run: `c` with the flow integrator to `horizon`.
Config flow_config(Config c, const std::string& horizon, long per_decade, const std::string& precision);

}  // namespace benign
