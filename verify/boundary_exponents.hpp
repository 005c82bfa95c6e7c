// The theory predicts exponents, so measure them (issue 4): along a line of one key (n or d) with
// the others fixed, locate a regime boundary in ‖μ‖ by bisection on log ‖μ‖, fit the log-log slope
// of ‖μ‖* against the key, and compare it with the slope the regime map implies
// (paper: not-overfitting ‖μ‖* ∝ n^{-1/2} at fixed d; harmful ‖μ‖* ∝ d^{1/4} at fixed n).
#pragma once
#include <atomic>
#include <string>
#include <vector>

#include "bounds/regime_map.hpp"
#include "core/config.hpp"
#include "verify/observed_regime.hpp"
#include "verify/student_t.hpp"

namespace benign {

struct BoundaryLine {
  std::size_t boundary = 0;      // index into map.boundaries
  std::string key;               // "n" or "d"
  std::vector<std::string> values;
  double mu_lo = 1, mu_hi = 200; // initial bracket of ‖μ‖
  int iterations = 6;            // bisection steps on log ‖μ‖
};

struct LocatedPoint {
  double x = 0;                  // value of the key
  double mu_lo = 0, mu_hi = 0;   // bracket at the end: below at mu_lo, above at mu_hi
  double mu_star = 0;            // geometric midpoint
  bool bracketed = false;
  long runs = 0;
};

struct ExponentCheck {
  std::string boundary_id, key;
  std::vector<LocatedPoint> points;
  LinearFit fit;                 // log ‖μ‖* against log key
  double ci_lo = 0, ci_hi = 0;   // 95% confidence interval of the slope
  double map_slope = 0;          // slope implied by the map at this line
  bool consistent = false;       // map_slope inside the confidence interval
};

// Side of a boundary in an observation (true = above): harmful boundary ⇔ test accuracy
// ≥ 1 − eps_harmful; not-overfitting boundary ⇔ noisy training accuracy ≤ noisy_fit_max; a
// boundary between other regimes ⇔ the observed regime's index in the map is above it.
bool observed_above(const RegimeMap& map, std::size_t boundary, const Observation& o, const Config& th);

// Locate the boundary along the line; runs simulations (single-threaded each, `threads` at once).
ExponentCheck measure_exponent(const RegimeMap& map, const BoundaryLine& line, const Config& base, int threads,
                               const std::atomic<bool>* stop, bool progress);

// The slope d log ‖μ‖* / d log key that `map` implies between the line's first and last values.
double map_slope(const RegimeMap& map, const BoundaryLine& line, const Config& base);

// Re-judge measured points against another map (the negative control: a wrong map must be rejected).
ExponentCheck judge_against(const ExponentCheck& measured, const RegimeMap& map, const BoundaryLine& line,
                            const Config& base);

}  // namespace benign
