// What the theory predicts for one configuration: the named quantities, the regime from a regime
// map, the distance to each boundary and every condition (theory.md §3–4).
#pragma once
#include <string>
#include <vector>

#include "bounds/conditions.hpp"
#include "bounds/regime_map.hpp"
#include "core/config.hpp"

namespace benign {

template <class S> struct Prediction {
  std::string map_name;
  // named quantities [theory.md §3–4]
  S snr, n_snr2, snr_d14;          // SNR, n·SNR², SNR·d^{1/4}
  S log_tn_delta;                  // log(T n / δ)
  S score_plus, score_minus;       // ν^T μ_{+1} = 1/√2, ν^T μ_{−1} = −1/√2
  // regime: one of map.regimes, or "undetermined" when the boundary sides conflict
  std::string regime;
  std::vector<BoundaryPosition<S>> boundaries;  // threshold and log-distance margin to each boundary
  std::vector<Condition<S>> conditions;         // see evaluate_conditions
};

// Evaluate `map` (e.g. paper_regime_map() or load_regime_map(path)) at configuration c, in the
// working precision S (one of the seven types of core/precision.hpp; for mpfr set the digits
// first with set_mpfr_digits). The constants c_h, c_n, log_factor, δ come from c.
// Throws ConfigError if a key is not representable in S or the map gives c ≤ 0.
template <class S> Prediction<S> predict(const Config& c, const RegimeMap& map);

}  // namespace benign
