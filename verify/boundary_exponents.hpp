// The theory predicts exponents, so measure them (issues 4, 10): along a line of one key (n or d)
// with the others fixed, run a log-spaced grid of ‖μ‖ × S seeds at each value, fit a logistic curve
// in log ‖μ‖ to the outcomes by maximum likelihood (verify/logistic_boundary) — its 50% point is
// ‖μ‖*, with a profile-likelihood 95% interval — then fit the log-log slope of ‖μ‖* against the key
// by weighted least squares (verify/weighted_slope) with local slopes between neighbouring values,
// and compare it with the slope the regime map implies (paper: not-overfitting ‖μ‖* ∝ n^{-1/2} at
// fixed d; harmful ‖μ‖* ∝ d^{1/4} at fixed n).
#pragma once
#include <atomic>
#include <string>
#include <vector>

#include "bounds/regime_map.hpp"
#include "core/config.hpp"
#include "verify/case_ensemble.hpp"
#include "verify/observed_regime.hpp"
#include "verify/student_t.hpp"
#include "verify/weighted_slope.hpp"

namespace benign {

struct BoundaryLine {
  std::size_t boundary = 0;      // index into map.boundaries
  std::string key;               // "n" or "d"
  std::vector<std::string> values;
  std::vector<std::pair<std::string, std::string>> keys;  // set on every run of the line (data source, W0 law, the fixed key)
  double mu_lo = 1, mu_hi = 200; // range of the ‖μ‖ grid at the first value (log-spaced, both ends included)
  double tilt = 0;               // the range at value x is [mu_lo, mu_hi]·(x/x_0)^tilt, x_0 the first value
  int mu_points = 6;             // ‖μ‖ values per key value
  long seeds = 4;                // seeds per (key, ‖μ‖)
};

// The configuration of the line at one value of its key: base, then line.keys, then key = value.
Config line_config(const Config& base, const BoundaryLine& line, const std::string& value);

// The log-spaced ‖μ‖ grid at the i-th value of the line (window tilted by (x_i/x_0)^tilt).
std::vector<double> line_mu_grid(const BoundaryLine& line, std::size_t i);

struct LocatedPoint {
  double x = 0;                  // value of the key
  double mu_lo = 0, mu_hi = 0;   // 95% profile-likelihood interval of ‖μ‖*
  double mu_star = 0;            // 50% point of the logistic fit
  bool bracketed = false;        // a crossing was seen and the interval is closed on both sides
  long runs = 0;
  double successes = 0, trials = 0;  // pooled outcomes above the boundary
};

struct ExponentCheck {
  std::string boundary_id, key;
  std::vector<LocatedPoint> points;
  LinearFit fit;                 // log ‖μ‖* against log key (weighted least squares; slope_se its standard error)
  double ci_lo = 0, ci_hi = 0;   // 95% confidence interval of the slope
  std::vector<LocalSlope> local_slopes;  // between neighbouring key values, with 95% intervals
  std::string observable;        // what the outcomes are
  std::string runs;              // how each run was made (data source, W0 law, horizon)
  long hit_cap = 0, total_runs = 0;  // runs that reached the settle cap still moving
  // The map's constant measured on this line with the map's exponent held fixed: ‖μ‖*/‖μ‖*_map(c = 1),
  // weighted geometric mean with its 95% interval; control: the constant ×2 (and ÷2) must fall outside.
  double constant = 0, constant_lo = 0, constant_hi = 0;
  bool factor2_detected = false;
  double map_slope = 0;          // slope implied by the map at this line
  bool consistent = false;       // map_slope inside the confidence interval
};

// Side of a boundary in an observation (true = above): harmful boundary ⇔ the fraction of test
// samples selecting their relevant token ≥ 1 − eps_harmful; not-overfitting boundary ⇔ noisy
// training accuracy ≤ noisy_fit_max; a boundary between other regimes ⇔ the observed regime's
// index in the map is above it.
bool observed_above(const RegimeMap& map, std::size_t boundary, const Observation& o, const Config& th);

// Outcomes of one run for the logistic fit: (successes, trials) above the boundary. Not-overfitting
// boundary: the run's noisy samples that are not fitted (pooled over seeds); otherwise the per-seed
// indicator observed_above (one trial).
std::pair<double, double> boundary_outcome(const RegimeMap& map, std::size_t boundary, const Observation& o,
                                           const Config& c);

// One run of a line (key value i, ‖μ‖ index m, seed k at index (i·mu_points + m)·seeds + k): its
// outcomes (successes, trials) above the boundary, whether it ran, whether it hit the settle cap.
struct LineOutcome {
  double successes = 0, trials = 0;
  bool done = false, capped = false;
};

// Fit the line from its runs' outcomes: per key value a logistic boundary in log ‖μ‖ (its 50% point
// ‖μ‖* with a profile-likelihood 95% interval), then the weighted least-squares slope of log ‖μ‖*
// against log key, local slopes, the map's constant on the line, and the judgement against `map`.
// `outcomes` has one entry per run (indexed as LineOutcome says); no simulation runs here.
ExponentCheck fit_line_outcomes(const RegimeMap& map, const BoundaryLine& line, const Config& base,
                                const std::vector<LineOutcome>& outcomes);

// Locate the boundary along the line; runs simulations (single-threaded each, `threads` at once;
// results do not depend on the thread count). With `settle` (not null, settle = true) every run is
// the gradient flow until settled or its cap (verify/case_ensemble run_seed), else the configured horizon.
// With `journal`, finished runs are journalled under "<journal_key> run <index>" and read back on
// a rerun instead of being made again.
ExponentCheck measure_exponent(const RegimeMap& map, const BoundaryLine& line, const Config& base, int threads,
                               const std::atomic<bool>* stop, bool progress, const EnsembleOptions* settle = nullptr,
                               RunJournal* journal = nullptr, const std::string& journal_key = "");

// The slope d log ‖μ‖* / d log key that `map` implies between the line's first and last values.
double map_slope(const RegimeMap& map, const BoundaryLine& line, const Config& base);

// Re-judge measured points against another map (the negative control: a wrong map must be rejected).
ExponentCheck judge_against(const ExponentCheck& measured, const RegimeMap& map, const BoundaryLine& line,
                            const Config& base);

}  // namespace benign
