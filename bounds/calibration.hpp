// The paper's three labelled settings (theory.md §4 table) against a regime map: the regime
// predicted for each with the current constants, and the range of constants consistent with all
// three labels (the "calibrated range").
#pragma once
#include <string>
#include <vector>

#include "bounds/regime_map.hpp"
#include "core/config.hpp"

namespace benign {

// One row of theory.md §4's table; n = 20, T = 8, ρ = 0.1, η = 0.2, σ_ε = 1 for all three.
struct PaperSetting {
  std::string label;  // a regime of the paper's map
  long d;
  std::string mu;     // ‖μ‖ as text
};
// benign (d = 2000, ‖μ‖ = 20), harmful (5000, 5), not_overfitting (1000, 100)  [paper; theory.md §4]
const std::vector<PaperSetting>& paper_settings();
// `base` with the setting's data keys; the theory keys (δ, c_h, c_n, log_factor) are kept.
Config paper_setting_config(const Config& base, const PaperSetting& s);

template <class S> struct CalibrationRow {
  PaperSetting setting;
  S snr, n_snr2, snr_d14;
  std::string predicted;  // with the constants of the base configuration
  bool agrees = false;    // predicted == setting.label
};

// Constants of one boundary that reproduce every label. The boundary's coefficient is
// c = scale · constant when its expression has exactly one theory key entering linearly
// (the paper's map: c = c_h, c = c_n); otherwise constant = "c" and the range is of c itself.
template <class S> struct ConstantRange {
  std::string boundary_id;
  std::string constant;
  S scale;
  S lo, hi;                     // lo = 0 (open) and hi = inf (open) when a side is unconstrained
  bool lo_closed = false, hi_closed = false;
  bool empty = false;           // no value reproduces every label
  S current;                    // the constant's value in the base configuration
  bool current_inside = false;
};

template <class S> struct Calibration {
  std::string map_name;
  std::vector<CalibrationRow<S>> rows;
  std::vector<ConstantRange<S>> ranges;  // one per boundary; empty if !labels_in_map
  bool labels_in_map = false;   // every label is a regime of the map
  bool agrees = false;          // every row predicted as labelled with the current constants
  bool consistent = false;      // no range is empty: some constants reproduce every label
  std::string summary;          // one paragraph for reports (numbers to 4 significant digits)
};

// Calibrate `map` on paper_settings(), keeping the theory keys and log_factor of `base`.
// Along each boundary j, a setting labelled above it needs c_j below the value c_j · SNR/boundary
// that puts it on the boundary, and one labelled below needs c_j at or above it; the constraints of
// different boundaries are independent, so the calibrated set is a box.
template <class S> Calibration<S> calibrate(const Config& base, const RegimeMap& map);

}  // namespace benign
