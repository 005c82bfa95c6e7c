// Definitions of bounds/conditions.hpp; included only by bounds/instantiate/*.cpp.
#pragma once
#include <cmath>

#include "bounds/accurate_elementary.hpp"

#include "bounds/conditions.hpp"
#include "bounds/input_checks.hpp"
#include "bounds/log_tn_delta.hpp"
#include "bounds/regime_map.ipp"
#include "bounds/snr.hpp"

namespace benign {

namespace bounds_detail {

template <class S>
Condition<S> make_condition(std::string id, std::string source, std::string formula, std::string relation, const S& value,
                            const S& threshold, const S& log_value, const S& log_threshold) {
  Condition<S> c;
  c.id = std::move(id);
  c.source = std::move(source);
  c.formula = std::move(formula);
  c.relation = std::move(relation);
  c.value = value;
  c.threshold = threshold;
  c.margin = log_value - log_threshold;
  if (c.relation == ">") c.holds = c.margin > 0;
  else if (c.relation == ">=") c.holds = c.margin >= 0;
  else if (c.relation == "<") c.holds = c.margin < 0;
  else c.holds = c.margin <= 0;
  return c;
}

}  // namespace bounds_detail

template <class S>
std::vector<Condition<S>> evaluate_conditions(const Config& cfg, const RegimeMap& map,
                                              const std::vector<BoundaryPosition<S>>& pos) {
  using bounds_detail::make_condition;
  using std::log;
  using std::sqrt;
  const SignalToNoise<S> q = signal_to_noise<S>(cfg);
  const S L = log_tn_delta(cfg.T, cfg.n, scalar_from_text<S>(cfg.delta.text, "delta"));
  const S n = S(cfg.n), d = S(cfg.d);
  const S log_n = bounds_detail::log_accurate(n), log_d = bounds_detail::log_accurate(d), log_L = bounds_detail::log_accurate(L);
  std::vector<Condition<S>> out;

  // Map boundaries: SNR above c · n^a · d^b · log(Tn/δ)^k  [the map's source; theory.md §4]
  for (const auto& p : pos) {
    const S log_threshold = q.log_snr - p.margin;
    const std::string rel = p.boundary.above_inclusive ? ">=" : ">";
    out.push_back(make_condition(p.boundary.id, p.boundary.source, "SNR " + rel + " " + boundary_formula(p.boundary) +
                                 "  (" + p.boundary.above + " side)", rel, q.snr, p.threshold, q.log_snr, log_threshold));
  }
  // v1 A1a: d > n‖μ‖² (σ = 1), i.e. n·SNR² < 1  [v1; theory.md §4]
  out.push_back(make_condition<S>("v1_A1a", "v1", "n*SNR^2 < 1  (d > n ||mu||^2 / sigma^2)", "<", q.n_snr2, S(1),
                                  S(log_n + 2 * q.log_snr), S(0)));
  // v1 A1b: d > n² log²(Tn/δ)  [v1; theory.md §4]
  out.push_back(make_condition<S>("v1_A1b", "v1", "d > n^2 log^2(T n/delta)", ">", d, S(n * n * L * L), log_d,
                                  S(2 * log_n + 2 * log_L)));
  // v1 A2: ‖μ‖ > d^{1/4} log^{1/2}(Tn/δ) (σ = 1), i.e. SNR·d^{1/4} > log^{1/2}(Tn/δ)  [v1; theory.md §4]
  out.push_back(make_condition<S>("v1_A2", "v1", "SNR*d^(1/4) > log^(1/2)(T n/delta)  (||mu|| > sigma d^(1/4) log^(1/2)(T n/delta))",
                                  ">", q.snr_d14, S(sqrt(L)), S(q.log_snr + log_d / 4), S(log_L / 2)));
  // Each interior regime's window is non-empty: upper boundary above the lower one  [derived]
  for (std::size_t j = 0; j + 1 < pos.size(); ++j) {
    const auto& lower = pos[j];
    const auto& upper = pos[j + 1];
    const std::string regime = map.regimes[j + 1];
    out.push_back(make_condition<S>("window_" + regime, "derived",
                                    boundary_formula(upper.boundary) + " > " + boundary_formula(lower.boundary) +
                                        "  (the " + regime + " window is non-empty)",
                                    ">", upper.threshold, lower.threshold, S(q.log_snr - upper.margin),
                                    S(q.log_snr - lower.margin)));
  }
  // n < √d: the paper's benign window with constants 1 and no log factor  [derived; theory.md §4]
  out.push_back(make_condition<S>("n_below_sqrt_d", "derived", "n < sqrt(d)  (benign window of the paper's map, constants 1)",
                                  "<", n, S(sqrt(d)), log_n, S(log_d / 2)));
  return out;
}

template <class S> std::vector<Condition<S>> evaluate_conditions(const Config& c, const RegimeMap& map) {
  return evaluate_conditions<S>(c, map, locate_boundaries<S>(c, map));
}

}  // namespace benign
