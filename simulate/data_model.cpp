// The paper's data model (theory.md §1): token types, signals μ_{±1} = ‖μ‖ e_{1,2}, Gaussian
// token noise, balanced or i.i.d. label noise, clean test data with independent noise.
#include <algorithm>
#include <cmath>

#include "core/errors.hpp"
#include "core/rng.hpp"
#include "simulate/dataset.hpp"

namespace benign {

namespace {

// Token layout of a sample: |R| relevant, |W_{y*}|, |W_{-y*}|, then irrelevant (the code's order).
std::vector<TokenType> token_layout(const Config& c) {
  std::vector<TokenType> t;
  for (long k = 0; k < c.n_relevant; ++k) t.push_back(TokenType::Relevant);
  for (long k = 0; k < c.n_weak_same; ++k) t.push_back(TokenType::WeakSame);
  for (long k = 0; k < c.n_weak_opp; ++k) t.push_back(TokenType::WeakOpp);
  while (long(t.size()) < c.T) t.push_back(TokenType::Irrelevant);
  return t;
}

// Fill sample i's T rows of X with noise ε ~ N(0, σ² I) (optionally with the two signal
// coordinates removed: the "projected" variant); the signal is added by add_signal.
void fill_noise(MatD& X, long i, long T, double sigma, bool projected, Rng& rng) {
  const long d = X.cols();
  for (long t = 0; t < T; ++t) {
    auto row = X.row(i * T + t);
    for (long j = 0; j < d; ++j) row[j] = sigma * rng.normal();
    if (projected) { row[0] = 0; row[1] = 0; }
  }
}

// Add the signal of each token (by type and the sample's clean label) to columns e_1, e_2 of X.
void add_token_signal(MatD& X, long n, long T, const std::vector<int>& ystar, const Dataset& D, bool train,
                      double mu, double rho) {
  for (long i = 0; i < n; ++i)
    for (long t = 0; t < T; ++t) {
      double m1, m2;
      token_signal(ystar[i], train ? D.type_train(i, t) : D.type_test(i, t), mu, rho, m1, m2);
      X(i * T + t, 0) += m1;
      X(i * T + t, 1) += m2;
    }
}

}  // namespace

void token_signal(int ystar, TokenType type, double mu, double rho, double& m1, double& m2) {
  double m[2] = {0, 0};
  const int pos = ystar > 0 ? 0 : 1;  // coordinate of μ_{y*}
  switch (type) {
    case TokenType::Relevant: m[pos] = mu; break;
    case TokenType::WeakSame: m[pos] = rho * mu; break;
    case TokenType::WeakOpp: m[1 - pos] = rho * mu; break;
    case TokenType::Irrelevant: break;
  }
  m1 = m[0]; m2 = m[1];
}

Dataset make_noise(const Config& c) {
  validate(c);
  Dataset D;
  D.n = c.n; D.n_test = c.n_test; D.T = c.T; D.d = c.d;
  D.token_type = token_layout(c);
  const double sigma = c.sigma.value;
  const bool projected = c.noise == "projected";

  // Clean labels, exactly balanced: +1, -1, +1, ... (the code's balanced classes).
  D.y_clean.resize(c.n);
  for (long i = 0; i < c.n; ++i) D.y_clean[i] = (i % 2 == 0) ? 1 : -1;
  D.y = D.y_clean;
  Rng lab(c.seed, kStreamTrainLabels);
  if (c.noise_model == "balanced") {
    // Exactly ceil(η n) flips, half in each class (the +1 class takes the odd one).
    const long k = long(std::ceil(c.eta.value * double(c.n) - 1e-12));
    const long k_pos = (k + 1) / 2, k_neg = k / 2;
    for (int cls : {1, -1}) {
      std::vector<long> idx;
      for (long i = 0; i < c.n; ++i) if (D.y_clean[i] == cls) idx.push_back(i);
      const long want = cls > 0 ? k_pos : k_neg;
      if (want > long(idx.size()))
        throw ConfigError("config key 'eta' = " + c.eta.text + " is out of range: balanced noise needs ceil(eta n)/2 <= samples per class");
      for (long j = 0; j < want; ++j) {  // partial Fisher–Yates
        long r = j + long(lab.below(std::uint64_t(idx.size() - j)));
        std::swap(idx[j], idx[r]);
        D.y[idx[j]] = -D.y_clean[idx[j]];
      }
    }
  } else {
    for (long i = 0; i < c.n; ++i) if (lab.uniform() < c.eta.value) D.y[i] = -D.y_clean[i];
  }

  D.y_test.resize(c.n_test);
  for (long i = 0; i < c.n_test; ++i) D.y_test[i] = (i % 2 == 0) ? 1 : -1;
  if (c.source == "sampled") {
    draw_sampled(c, D);
    return D;
  }

  D.X.resize(c.n * c.T, c.d);
  Rng tr(c.seed, kStreamTrainNoise);
  for (long i = 0; i < c.n; ++i) fill_noise(D.X, i, c.T, sigma, projected, tr);

  D.X_test.resize(c.n_test * c.T, c.d);
  Rng te(c.seed, kStreamTest);
  for (long i = 0; i < c.n_test; ++i) fill_noise(D.X_test, i, c.T, sigma, projected, te);

  return D;
}

void add_signal(const Config& c, Dataset& D) {
  const double mu = c.mu.value, rho = c.rho.value;
  add_token_signal(D.X, D.n, D.T, D.y_clean, D, true, mu, rho);
  add_token_signal(D.X_test, D.n_test, D.T, D.y_test, D, false, mu, rho);
  const long d = D.X.cols();  // d, or 2 for a dataset holding only the signal columns
  // ν = (μ_{+1} − μ_{-1}) / ‖μ_{+1} − μ_{-1}‖ · (1/‖μ‖) (theory.md §2), in double here; engines
  // rebuild it exactly in their precision from mu when the data are generated.
  D.nu = VecD::Zero(d);
  D.nu[0] = 1.0 / (std::sqrt(2.0) * mu);
  D.nu[1] = -D.nu[0];
  D.mu_pos = VecD::Zero(d); D.mu_pos[0] = mu;
  D.mu_neg = VecD::Zero(d); D.mu_neg[1] = mu;
}

Dataset make_dataset(const Config& c) {
  Dataset D = make_noise(c);
  if (!D.is_sampled) add_signal(c, D);
  return D;
}

}  // namespace benign
