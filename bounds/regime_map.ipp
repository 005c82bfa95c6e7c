// Definitions of the templates of bounds/regime_map.hpp; included only by bounds/instantiate/*.cpp.
#pragma once
#include <cmath>

#include "bounds/accurate_elementary.hpp"

#include "bounds/input_checks.hpp"
#include "bounds/log_tn_delta.hpp"
#include "bounds/regime_map.hpp"
#include "bounds/snr.hpp"
#include "core/errors.hpp"

namespace benign {

template <class S> S evaluate_map_expression(const std::string& expr, const Config& c) {
  check_map_expression(expr, "expression", "evaluation");
  S num = S(1), den = S(1);
  std::string cur;
  bool in_den = false;
  auto factor = [&](std::string f) {
    auto b = f.find_first_not_of(" \t"), e = f.find_last_not_of(" \t");
    f = f.substr(b, e - b + 1);
    const KeySpec* key = find_key(f);
    S v = key && key->group == "theory" ? scalar_from_text<S>(key->get(c), f) : scalar_from_text<S>(f, "regime map factor");
    (in_den ? den : num) *= v;
  };
  for (char ch : expr) {
    if (ch == '*' || ch == '/') {
      factor(cur);
      cur.clear();
      if (ch == '/') in_den = true;
    } else {
      cur += ch;
    }
  }
  factor(cur);
  return num / den;
}

// Boundary SNR = c · n^a · d^b · log(Tn/δ)^k and the margin log(SNR / boundary)  [theory.md §4]
template <class S> std::vector<BoundaryPosition<S>> locate_boundaries(const Config& cfg, const RegimeMap& map) {
  using std::log;
  using std::pow;
  const SignalToNoise<S> q = signal_to_noise<S>(cfg);
  const S L = log_tn_delta(cfg.T, cfg.n, scalar_from_text<S>(cfg.delta.text, "delta"));
  const S n = S(cfg.n), d = S(cfg.d);
  const S log_n = bounds_detail::log_accurate(n), log_d = bounds_detail::log_accurate(d), log_L = bounds_detail::log_accurate(L);
  std::vector<BoundaryPosition<S>> out;
  for (const auto& b : map.boundaries) {
    BoundaryPosition<S> p;
    p.boundary = b;
    p.c = evaluate_map_expression<S>(b.c, cfg);
    p.a = evaluate_map_expression<S>(b.a, cfg);
    p.b = evaluate_map_expression<S>(b.b, cfg);
    p.k = evaluate_map_expression<S>(b.k, cfg);
    if (!(p.c > 0))
      throw ConfigError("regime map '" + map.origin + "': boundary '" + b.id + "' has c = " + b.c + " = " + to_text(p.c) +
                        " with this configuration: allowed c > 0");
    p.threshold = p.c * pow(n, p.a) * pow(d, p.b) * pow(L, p.k);
    const S log_threshold = bounds_detail::log_accurate(p.c) + p.a * log_n + p.b * log_d + p.k * log_L;
    p.margin = q.log_snr - log_threshold;
    p.above = b.above_inclusive ? p.margin >= 0 : p.margin > 0;
    out.push_back(p);
  }
  return out;
}

}  // namespace benign
