// Signal-to-noise ratio of the data model and its two dimensionless margins (theory.md §3–4).
#pragma once
#include "core/config.hpp"
#include "core/precision.hpp"

namespace benign {

// SNR = ‖μ‖ / (σ_ε √d)  [paper, Figure 1; theory.md §3]
template <class S> S snr(const S& mu, const S& sigma, long d);

// n·SNR² = n ‖μ‖² / (σ_ε² d): signal learned from n samples vs one sample's noise memorization
// [derived; theory.md §4]
template <class S> S n_snr2(long n, const S& mu, const S& sigma, long d);

// SNR·d^{1/4} = ‖μ‖ / (σ_ε d^{1/4}): signal logit vs cross-noise logit fluctuation  [derived; theory.md §4]
template <class S> S snr_d14(const S& mu, const S& sigma, long d);

// The three for one configuration, in the working precision S (keys converted exactly from text).
template <class S> struct SignalToNoise {
  S mu, sigma;            // ‖μ‖, σ_ε
  S snr, n_snr2, snr_d14;
  S log_snr;              // log‖μ‖ − log σ_ε − (1/2) log d: finite even if SNR over/underflows S
};
// Throws ConfigError naming `mu` or `sigma` if the key is not representable in S.
template <class S> SignalToNoise<S> signal_to_noise(const Config& c);

}  // namespace benign
