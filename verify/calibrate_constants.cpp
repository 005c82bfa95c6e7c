#include "verify/calibrate_constants.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "bounds/predict.hpp"
#include "verify/agreement.hpp"

namespace benign {

Config with_constants(Config c, const Config& k) {
  c.c_h = k.c_h; c.c_n = k.c_n; c.log_factor = k.log_factor; c.delta = k.delta;
  return c;
}

GridCalibration calibrate_constants(const RegimeMap& map, const std::vector<ObservedCell>& cells, const Config& base) {
  GridCalibration cal;
  cal.calibrated = base;
  const double inf = std::numeric_limits<double>::infinity();
  for (std::size_t j = 0; j < map.boundaries.size(); ++j) {
    const RegimeBoundary& b = map.boundaries[j];
    const auto keys = expression_keys(b.c);
    std::string key;
    for (const auto& k : keys) if (k == "c_h" || k == "c_n") key = k;
    if (key.empty()) continue;  // a boundary with a fixed coefficient has nothing to calibrate
    // r = SNR / threshold(key = 1): the cell is above the boundary iff r > key's value.
    std::vector<std::pair<double, bool>> pts;  // (log r, observed above)
    for (const auto& cell : cells) {
      const int o = observed_index(map, cell.observed);
      if (o < 0) continue;
      Config c1 = with_constants(cell.config, base);
      set_key(c1, key, "1");
      const auto pos = locate_boundaries<double>(c1, map);
      pts.emplace_back(pos[j].margin, o > int(j));
    }
    FittedConstant fc;
    fc.key = key; fc.boundary_id = b.id; fc.used = long(pts.size());
    if (pts.empty()) { cal.constants.push_back(fc); continue; }
    std::sort(pts.begin(), pts.end());
    // errors(threshold between pts[i-1] and pts[i]) = below-labelled-above to the left + above-labelled-below to the right
    const long m = long(pts.size());
    std::vector<long> above_left(m + 1, 0), below_right(m + 1, 0);
    for (long i = 0; i < m; ++i) above_left[i + 1] = above_left[i] + (pts[i].second ? 1 : 0);
    for (long i = m - 1; i >= 0; --i) below_right[i] = below_right[i + 1] + (pts[i].second ? 0 : 1);
    long best = std::numeric_limits<long>::max(), best_i = 0, best_last = 0;
    for (long i = 0; i <= m; ++i) {  // threshold between pts[i-1] and pts[i]
      const long e = above_left[i] + below_right[i];
      if (e < best) { best = e; best_i = i; best_last = i; }
      else if (e == best && best_last == i - 1) best_last = i;
    }
    // The optimal thresholds are the union of gaps best_i..best_last: from pts[best_i-1] to pts[best_last].
    const double lo_log = best_i > 0 ? pts[best_i - 1].first : -inf;
    const double hi_log = best_last < m ? pts[best_last].first : inf;
    fc.errors = best;
    fc.lo = std::exp(lo_log);
    fc.hi = std::exp(hi_log);
    bool seen_above = false, seen_below = false;
    for (auto& p : pts) (p.second ? seen_above : seen_below) = true;
    fc.identifiable = seen_above && seen_below && std::isfinite(lo_log) && std::isfinite(hi_log);
    if (std::isfinite(lo_log) && std::isfinite(hi_log)) fc.value = std::exp(0.5 * (lo_log + hi_log));
    else if (std::isfinite(lo_log)) fc.value = std::exp(lo_log) * 2;
    else if (std::isfinite(hi_log)) fc.value = std::exp(hi_log) / 2;
    set_key(cal.calibrated, key, std::to_string(fc.value));
    cal.constants.push_back(fc);
  }
  return cal;
}

Score score_predictions(const RegimeMap& map, const std::vector<ObservedCell>& cells, const Config& constants) {
  Score s;
  for (const auto& cell : cells) {
    const std::string pred = predicted_regime(with_constants(cell.config, constants), map);
    const std::string a = agreement(map, pred, cell.observed);
    if (a == "agree") { ++s.agree; ++s.decided; }
    else if (a == "disagree") ++s.decided;
    else if (a == "outside_scope") ++s.outside;
  }
  return s;
}

}  // namespace benign
