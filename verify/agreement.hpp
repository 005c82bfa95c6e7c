// Predicted against observed regime: agree, disagree, outside the theory's scope, or undecided.
#pragma once
#include <string>
#include <vector>

#include "bounds/regime_map.hpp"
#include "core/config.hpp"

namespace benign {

// Index of an observed regime in the map's order (delayed generalization counts as benign, the
// paper's low-SNR side of the benign window); −1 when it is not one of the map's regimes.
int observed_index(const RegimeMap& map, const std::string& observed);

// "agree" | "disagree" | "outside_scope" (the map gives no regime: its boundaries conflict) |
// "undecided" (the simulation did not settle) | "failed" (a NaN or inf stopped the simulation).
std::string agreement(const RegimeMap& map, const std::string& predicted, const std::string& observed);

// The predicted regime of c under map, in double (the verify job's working precision for bounds).
std::string predicted_regime(const Config& c, const RegimeMap& map);

}  // namespace benign
