// Definitions of bounds/predict.hpp; included only by bounds/instantiate/*.cpp.
#pragma once
#include "bounds/conditions.ipp"
#include "bounds/log_tn_delta.hpp"
#include "bounds/predict.hpp"
#include "bounds/snr.hpp"
#include "bounds/token_score.hpp"

namespace benign {

template <class S> Prediction<S> predict(const Config& c, const RegimeMap& map) {
  Prediction<S> p;
  p.map_name = map.name;
  const SignalToNoise<S> q = signal_to_noise<S>(c);
  p.snr = q.snr;
  p.n_snr2 = q.n_snr2;
  p.snr_d14 = q.snr_d14;
  p.log_tn_delta = log_tn_delta(c.T, c.n, scalar_from_text<S>(c.delta.text, "delta"));
  p.score_plus = token_score<S>(+1);
  p.score_minus = token_score<S>(-1);
  p.boundaries = locate_boundaries<S>(c, map);
  std::vector<bool> above;
  for (const auto& b : p.boundaries) above.push_back(b.above);
  p.regime = regime_from_sides(map, above);
  p.conditions = evaluate_conditions<S>(c, map, p.boundaries);
  return p;
}

}  // namespace benign
