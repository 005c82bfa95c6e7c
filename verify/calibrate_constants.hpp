// Calibration of a regime map's constants from observed regimes (issue 4): for each boundary whose
// coefficient is a theory key (c_h, c_n), the values of that key that misclassify the fewest
// decided cells, reported as an interval (the uncertainty) and its geometric midpoint.
#pragma once
#include <string>
#include <vector>

#include "bounds/regime_map.hpp"
#include "core/config.hpp"

namespace benign {

struct ObservedCell {
  Config config;
  std::string observed;
};

struct FittedConstant {
  std::string key;          // the theory key (e.g. c_h)
  std::string boundary_id;
  double value = 1;         // geometric midpoint of [lo, hi]
  double lo = 0, hi = 0;    // every value in (lo, hi) gives the fewest errors; 0 / inf = unbounded
  long errors = 0, used = 0;  // misclassified and decided cells on this boundary
  bool identifiable = false;  // both sides of the boundary were observed
};

struct GridCalibration {
  std::vector<FittedConstant> constants;
  Config calibrated;        // base with the fitted values
};

// Fit every boundary's key from the cells (undecided cells and regimes not in the map are skipped).
GridCalibration calibrate_constants(const RegimeMap& map, const std::vector<ObservedCell>& cells, const Config& base);

// Fraction of decided cells whose predicted regime under `constants` equals the observed one.
struct Score {
  long agree = 0, decided = 0, outside = 0;
  double rate() const { return decided ? double(agree) / double(decided) : 0; }
};
Score score_predictions(const RegimeMap& map, const std::vector<ObservedCell>& cells, const Config& constants);

// Copy the theory keys (c_h, c_n, log_factor, delta) of `constants` into c.
Config with_constants(Config c, const Config& constants);

}  // namespace benign
