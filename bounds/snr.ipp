// Definitions of bounds/snr.hpp; included only by bounds/instantiate/*.cpp.
#pragma once
#include <cmath>

#include "bounds/accurate_elementary.hpp"

#include "bounds/input_checks.hpp"
#include "bounds/snr.hpp"

namespace benign {

// SNR = ‖μ‖ / (σ √d)  [paper, Figure 1]
template <class S> S snr(const S& mu, const S& sigma, long d) {
  using std::sqrt;
  return mu / (sigma * sqrt(S(d)));
}

// n·SNR² = n ‖μ‖² / (σ² d)  [derived; theory.md §4]
template <class S> S n_snr2(long n, const S& mu, const S& sigma, long d) {
  const S ratio = mu / sigma;
  return (S(n) * (ratio * ratio)) / S(d);
}

// SNR·d^{1/4} = ‖μ‖ / (σ d^{1/4})  [derived; theory.md §4]
template <class S> S snr_d14(const S& mu, const S& sigma, long d) {
  using std::sqrt;
  return mu / (sigma * sqrt(sqrt(S(d))));
}

template <class S> SignalToNoise<S> signal_to_noise(const Config& c) {
  using std::log;
  SignalToNoise<S> q;
  q.mu = scalar_from_text<S>(c.mu.text, "mu");
  q.sigma = scalar_from_text<S>(c.sigma.text, "sigma");
  q.snr = snr(q.mu, q.sigma, c.d);
  q.n_snr2 = n_snr2(c.n, q.mu, q.sigma, c.d);
  q.snr_d14 = snr_d14(q.mu, q.sigma, c.d);
  q.log_snr = (bounds_detail::log_accurate(q.mu) - bounds_detail::log_accurate(q.sigma)) - bounds_detail::log_accurate(S(c.d)) / 2;
  return q;
}

}  // namespace benign
