#include "verify/agreement.hpp"

#include <algorithm>

#include "bounds/predict.hpp"
#include "verify/observed_regime.hpp"

namespace benign {

int observed_index(const RegimeMap& map, const std::string& observed) {
  std::string name = observed == kDelayed ? std::string(kBenign) : observed;
  auto it = std::find(map.regimes.begin(), map.regimes.end(), name);
  return it == map.regimes.end() ? -1 : int(it - map.regimes.begin());
}

std::string agreement(const RegimeMap& map, const std::string& predicted, const std::string& observed) {
  if (std::find(map.regimes.begin(), map.regimes.end(), predicted) == map.regimes.end()) return "outside_scope";
  if (observed == kFailed) return "failed";
  if (observed == kUndecided) return "undecided";
  const int o = observed_index(map, observed);
  if (o < 0) return "outside_scope";
  return map.regimes[o] == predicted ? "agree" : "disagree";
}

std::string predicted_regime(const Config& c, const RegimeMap& map) { return predict<double>(c, map).regime; }

}  // namespace benign
