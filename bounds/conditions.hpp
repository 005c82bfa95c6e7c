// Every condition of the theory as a named predicate on one configuration (theory.md §4):
// the regime map's boundaries [paper, or the loaded map's sources], the first version's
// assumptions A1 and A2 [v1], and this project's consequences [derived].
#pragma once
#include <string>
#include <vector>

#include "bounds/regime_map.hpp"
#include "core/config.hpp"

namespace benign {

// holds ⇔ value <relation> threshold; margin = log(value / threshold), formed from logarithms.
template <class S> struct Condition {
  std::string id;        // e.g. "v1_A2"
  std::string source;    // paper | v1 | derived (a map boundary: the map's source)
  std::string formula;   // the predicate as text
  std::string relation;  // ">", ">=", "<" or "<="
  S value, threshold, margin;
  bool holds = false;
};

// The conditions, in this order:
//   one per map boundary  (id = boundary id): SNR > (or >=) c · n^a · d^b · log(Tn/δ)^k
//   v1_A1a  [v1]      n·SNR² < 1                         (d > n‖μ‖²/σ²)
//   v1_A1b  [v1]      d > n² log²(Tn/δ)
//   v1_A2   [v1]      SNR·d^{1/4} > log^{1/2}(Tn/δ)      (‖μ‖ > σ d^{1/4} log^{1/2}(Tn/δ))
//   window_<regime> [derived], one per interior regime: its upper boundary lies above its lower one
//   n_below_sqrt_d  [derived]  n < √d (the benign window of the paper's map with constants 1)
template <class S> std::vector<Condition<S>> evaluate_conditions(const Config& c, const RegimeMap& map);

// The same, reusing positions already computed by locate_boundaries (as predict does).
template <class S>
std::vector<Condition<S>> evaluate_conditions(const Config& c, const RegimeMap& map,
                                              const std::vector<BoundaryPosition<S>>& positions);

}  // namespace benign
