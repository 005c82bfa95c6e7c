// The paper's data model, make_dataset (theory.md §1): token means per type and class, noise
// variance and shape, the projected-noise variant, balanced and i.i.d. label noise, clean balanced
// test labels, test noise independent of training noise, determinism in the seed.
//
// Statistical checks use a fixed seed (so they are deterministic) and a tolerance of
// 5 standard errors of the estimator under the model (a correct generator fails one such check
// with probability ~6e-7); the standard error is stated next to each check.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <set>
#include <vector>

#include "core/errors.hpp"
#include "simulate/dataset.hpp"

using namespace benign;

namespace {

constexpr double kSE = 5.0;  // tolerance in standard errors

// A small configuration with distinct, non-default values (so a swapped parameter shows).
Config small_config() {
  Config c;
  c.n = 200;
  c.n_test = 3000;
  c.T = 8;       // 1 relevant, 1 W_{y*}, 1 W_{-y*}, 5 irrelevant
  c.d = 5;
  c.mu = Real(3.0);
  c.rho = Real(0.25);
  c.sigma = Real(1.5);
  c.eta = Real(0.2);
  c.seed = 20240917;
  return c;
}

// Expected mean of coordinate j of a token of type `t` in a sample of clean class `y`.
double model_mean(const Config& c, TokenType t, int y, long j) {
  const long pos = y > 0 ? 0 : 1;  // μ_{+1} = ‖μ‖ e_1 (coordinate 0), μ_{-1} = ‖μ‖ e_2 (coordinate 1)
  const double mu = c.mu.value, rho = c.rho.value;
  switch (t) {
    case TokenType::Relevant: return j == pos ? mu : 0.0;
    case TokenType::WeakSame: return j == pos ? rho * mu : 0.0;
    case TokenType::WeakOpp: return j == 1 - pos ? rho * mu : 0.0;
    case TokenType::Irrelevant: return 0.0;
  }
  return 0.0;
}

// Residual noise ε = x − E[x | type, clean class] of every token, as rows like X.
MatD residuals(const Config& c, const MatD& X, const std::vector<int>& ystar, const std::vector<TokenType>& types) {
  MatD R = X;
  const long T = long(types.size());
  for (long i = 0; i < long(ystar.size()); ++i)
    for (long t = 0; t < T; ++t)
      for (long j = 0; j < X.cols(); ++j) R(i * T + t, j) -= model_mean(c, types[t], ystar[i], j);
  return R;
}

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

bool same_bits(const MatD& a, const MatD& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(double) * std::size_t(a.size())) == 0;
}

long count_flips(const Dataset& D, int cls) {
  long k = 0;
  for (long i = 0; i < D.n; ++i) k += (D.y_clean[i] == cls && D.y[i] != D.y_clean[i]);
  return k;
}

}  // namespace

TEST_CASE("data model: shapes, token layout, signals and head", "[data]") {
  Config c = small_config();
  c.n_relevant = 2; c.n_weak_same = 1; c.n_weak_opp = 2; c.T = 7;
  const Dataset D = make_dataset(c);
  CHECK(D.n == c.n);
  CHECK(D.n_test == c.n_test);
  CHECK(D.X.rows() == c.n * c.T);
  CHECK(D.X.cols() == c.d);
  CHECK(D.X_test.rows() == c.n_test * c.T);
  CHECK(D.source == "generated");
  CHECK_FALSE(D.has_W0);
  CHECK_FALSE(D.has_p0);
  const std::vector<TokenType> want = {TokenType::Relevant, TokenType::Relevant, TokenType::WeakSame, TokenType::WeakOpp,
                                       TokenType::WeakOpp, TokenType::Irrelevant, TokenType::Irrelevant};
  CHECK(D.token_type == want);
  // μ_{±1} = ‖μ‖ e_{1,2}; ν = (μ_{+1} − μ_{-1}) / ‖μ_{+1} − μ_{-1}‖ / ‖μ‖, so ν^T μ_{±1} = ±1/√2.
  CHECK(D.mu_pos.norm() == Approx(3.0).epsilon(1e-15));
  CHECK(D.mu_pos[0] == 3.0);
  CHECK(D.mu_neg[1] == 3.0);
  CHECK(D.mu_pos.dot(D.mu_neg) == 0.0);
  CHECK(D.nu.dot(D.mu_pos) == Approx(1 / std::sqrt(2.0)).epsilon(1e-15));
  CHECK(D.nu.dot(D.mu_neg) == Approx(-1 / std::sqrt(2.0)).epsilon(1e-15));
  CHECK(D.nu.tail(c.d - 2).norm() == 0.0);
}

TEST_CASE("data model: token means per type and class match the model", "[data][stats]") {
  const Config c = small_config();
  const Dataset D = make_dataset(c);
  const double sigma = c.sigma.value;
  // Train (by clean label y*: a noisy sample still carries the signal of its clean class) and test.
  for (int set = 0; set < 2; ++set) {
    const MatD& X = set == 0 ? D.X : D.X_test;
    const std::vector<int>& ys = set == 0 ? D.y_clean : D.y_test;
    for (int cls : {1, -1}) {
      for (int ti = 0; ti < kTokenTypes; ++ti) {
        const TokenType type = TokenType(ti);
        std::vector<double> sum(c.d, 0.0);
        long m = 0;
        for (long i = 0; i < long(ys.size()); ++i) {
          if (ys[i] != cls) continue;
          for (long t = 0; t < c.T; ++t) {
            if (D.token_type[t] != type) continue;
            for (long j = 0; j < c.d; ++j) sum[j] += X(i * c.T + t, j);
            ++m;
          }
        }
        REQUIRE(m > 0);
        const double se = sigma / std::sqrt(double(m));  // standard error of a mean of m N(·, σ²) values
        for (long j = 0; j < c.d; ++j) {
          INFO((set == 0 ? "train" : "test") << " class " << cls << " " << token_type_name(type) << " coordinate " << j
                                             << " over " << m << " tokens");
          CHECK(std::abs(sum[j] / double(m) - model_mean(c, type, cls, j)) < kSE * se);
        }
      }
    }
  }
  // The check can see a wrong model: the relevant-token mean of class +1 on e_1 is ‖μ‖ = 3, far
  // (≫ 5 SE) from the weakly relevant ρ‖μ‖ = 0.75 and from 0.
  CHECK(kSE * sigma / std::sqrt(double(c.n_test / 2)) < 0.75 / 2);
}

TEST_CASE("data model: noisy training samples carry the signal of their clean label", "[data][stats]") {
  const Config c = small_config();
  const Dataset D = make_dataset(c);
  double on_clean = 0, on_observed = 0;
  long m = 0;
  for (long i = 0; i < D.n; ++i) {
    if (!D.noisy(i)) continue;
    const long k = i * c.T;  // token 0: relevant
    on_clean += D.X(k, D.y_clean[i] > 0 ? 0 : 1);
    on_observed += D.X(k, D.y[i] > 0 ? 0 : 1);
    ++m;
  }
  REQUIRE(m == 40);  // ceil(0.2 · 200)
  const double se = c.sigma.value / std::sqrt(double(m));
  CHECK(std::abs(on_clean / m - c.mu.value) < kSE * se);
  CHECK(std::abs(on_observed / m) < kSE * se);
}

TEST_CASE("data model: noise is N(0, sigma^2) in every coordinate, independent across tokens", "[data][stats]") {
  const Config c = small_config();
  const Dataset D = make_dataset(c);
  const MatD R = residuals(c, D.X, D.y_clean, D.token_type);
  const MatD Rt = residuals(c, D.X_test, D.y_test, D.token_type);
  const double s2 = c.sigma.value * c.sigma.value;
  const long M = R.rows() + Rt.rows();
  double pooled4 = 0;
  for (long j = 0; j < c.d; ++j) {
    double sum = 0, sum2 = 0;
    for (long k = 0; k < R.rows(); ++k) { sum += R(k, j); sum2 += R(k, j) * R(k, j); }
    for (long k = 0; k < Rt.rows(); ++k) { sum += Rt(k, j); sum2 += Rt(k, j) * Rt(k, j); }
    for (long k = 0; k < R.rows(); ++k) pooled4 += std::pow(R(k, j) / c.sigma.value, 4);
    for (long k = 0; k < Rt.rows(); ++k) pooled4 += std::pow(Rt(k, j) / c.sigma.value, 4);
    const double mean = sum / double(M);
    const double var = (sum2 - double(M) * mean * mean) / double(M - 1);
    INFO("coordinate " << j << ": sample variance " << var << " over " << M << " tokens, sigma^2 = " << s2);
    CHECK(std::abs(var - s2) < kSE * s2 * std::sqrt(2.0 / double(M - 1)));  // SE of s² for Gaussian data
  }
  // Gaussian shape: E[(ε/σ)^4] = 3, SE √(96/m) (Var z⁴ = 105 − 9).
  const double m4 = double(M * c.d);
  CHECK(std::abs(pooled4 / m4 - 3.0) < kSE * std::sqrt(96.0 / m4));
  // Independence: correlation of consecutive tokens' noise (same coordinate), SE 1/√m.
  double cross = 0;
  long pairs = 0;
  for (long k = 0; k + 1 < Rt.rows(); ++k)
    for (long j = 0; j < c.d; ++j) { cross += Rt(k, j) * Rt(k + 1, j); ++pairs; }
  CHECK(std::abs(cross / double(pairs) / s2) < kSE / std::sqrt(double(pairs)));
  // and of neighbouring coordinates within a token.
  cross = 0; pairs = 0;
  for (long k = 0; k < Rt.rows(); ++k)
    for (long j = 0; j + 1 < c.d; ++j) { cross += Rt(k, j) * Rt(k, j + 1); ++pairs; }
  CHECK(std::abs(cross / double(pairs) / s2) < kSE / std::sqrt(double(pairs)));
}

TEST_CASE("data model: noise = projected makes coordinates 0 and 1 of the noise exactly zero", "[data]") {
  Config c = small_config();
  c.noise = "projected";
  c.n_test = 1000;
  const Dataset D = make_dataset(c);
  const MatD R = residuals(c, D.X, D.y_clean, D.token_type);
  const MatD Rt = residuals(c, D.X_test, D.y_test, D.token_type);
  long nonzero01 = 0;
  for (long k = 0; k < R.rows(); ++k) nonzero01 += (R(k, 0) != 0.0) + (R(k, 1) != 0.0);
  for (long k = 0; k < Rt.rows(); ++k) nonzero01 += (Rt(k, 0) != 0.0) + (Rt(k, 1) != 0.0);
  CHECK(nonzero01 == 0);
  // Every token lies exactly on its signal in the plane of μ_{±1}: e.g. a test sample's relevant
  // token is exactly ‖μ‖ e_{y} (so every test label agrees with its sample's signal).
  for (long i = 0; i < D.n_test; ++i) {
    const long pos = D.y_test[i] > 0 ? 0 : 1;
    CHECK(D.X_test(i * c.T, pos) == c.mu.value);
    CHECK(D.X_test(i * c.T, 1 - pos) == 0.0);
  }
  // The other coordinates keep variance σ² (5 SE of s²).
  const double s2 = c.sigma.value * c.sigma.value;
  for (long j = 2; j < c.d; ++j) {
    const long M = Rt.rows();
    double sum2 = 0;
    for (long k = 0; k < M; ++k) sum2 += Rt(k, j) * Rt(k, j);
    CHECK(std::abs(sum2 / double(M) - s2) < kSE * s2 * std::sqrt(2.0 / double(M)));
  }
  // Positive control: with full noise coordinates 0 and 1 are noisy.
  c.noise = "full";
  const Dataset F = make_dataset(c);
  const MatD Rf = residuals(c, F.X, F.y_clean, F.token_type);
  long nonzero = 0;
  for (long k = 0; k < Rf.rows(); ++k) nonzero += (Rf(k, 0) != 0.0) + (Rf(k, 1) != 0.0);
  CHECK(nonzero == 2 * Rf.rows());
}

TEST_CASE("data model: balanced label noise flips exactly ceil(eta n), split ceil/floor over the classes", "[data]") {
  struct Case { long n; double eta; long flips; };
  // ceil(η n) computed by hand from the decimal η (0.07 · 100 = 7.000000000000001 in double: still 7).
  const std::vector<Case> cases = {{20, 0.2, 4}, {21, 0.1, 3}, {10, 0.25, 3}, {100, 0.07, 7}, {7, 0.49, 4},
                                   {20, 0.0, 0}, {2, 0.3, 1}, {50, 0.3, 15}, {1000, 0.001, 1}};
  for (const auto& cs : cases) {
    Config c;
    c.n = cs.n; c.eta = Real(cs.eta); c.d = 3; c.n_test = 2; c.noise_model = "balanced";
    for (std::uint64_t seed : {1ULL, 2ULL, 3ULL}) {
      c.seed = seed;
      const Dataset D = make_dataset(c);
      INFO("n " << cs.n << " eta " << cs.eta << " seed " << seed);
      long pos = 0;
      for (int y : D.y_clean) pos += y > 0;
      CHECK(pos == (cs.n + 1) / 2);  // clean classes balanced: ceil(n/2) of class +1
      CHECK(count_flips(D, 1) == (cs.flips + 1) / 2);  // class +1 takes the odd flip
      CHECK(count_flips(D, -1) == cs.flips / 2);
      for (long i = 0; i < D.n; ++i) CHECK(std::abs(D.y[i]) == 1);
    }
  }
  // Which samples are flipped depends on the seed.
  Config c;
  c.d = 3; c.n_test = 2;
  std::set<std::vector<int>> flip_sets;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    c.seed = seed;
    flip_sets.insert(make_dataset(c).y);
  }
  CHECK(flip_sets.size() > 5);
}

TEST_CASE("data model: iid label noise flips a fraction close to eta", "[data][stats]") {
  Config c;
  c.n = 20000; c.T = 1; c.n_relevant = 1; c.n_weak_same = 0; c.n_weak_opp = 0; c.d = 2;
  c.n_test = 1; c.noise_model = "iid"; c.eta = Real(0.2); c.seed = 5;
  const Dataset D = make_dataset(c);
  const double eta = 0.2, n = double(c.n);
  const double flips = double(count_flips(D, 1) + count_flips(D, -1));
  // Binomial(n, η): SD √(n η (1−η)) = 56.6; tolerance 5 SD.
  CHECK(std::abs(flips - eta * n) < kSE * std::sqrt(n * eta * (1 - eta)));
  for (int cls : {1, -1})  // each class Binomial(n/2, η)
    CHECK(std::abs(double(count_flips(D, cls)) - eta * n / 2) < kSE * std::sqrt(n / 2 * eta * (1 - eta)));
  // Not the balanced count: the number varies with the seed.
  std::set<long> counts;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    c.seed = seed; c.n = 200;
    const Dataset E = make_dataset(c);
    counts.insert(count_flips(E, 1) + count_flips(E, -1));
  }
  CHECK(counts.size() > 1);
  c.eta = Real(0.0);
  const Dataset Z = make_dataset(c);
  CHECK(Z.y == Z.y_clean);
}

TEST_CASE("data model: test labels are clean and balanced", "[data]") {
  Config c = small_config();
  c.n_test = 1001;
  const Dataset D = make_dataset(c);
  REQUIRE(long(D.y_test.size()) == c.n_test);
  long pos = 0;
  for (int y : D.y_test) {
    CHECK(std::abs(y) == 1);
    pos += y > 0;
  }
  CHECK(pos == 501);
  // Clean: each test sample's relevant token points to its label's signal. With ‖μ‖ = 40σ the sign
  // of x_1 − x_2 of the relevant token is the label's unless the noise exceeds 28σ (never).
  c.mu = Real(40.0);
  c.sigma = Real(1.0);
  const Dataset E = make_dataset(c);
  long agree = 0;
  for (long i = 0; i < E.n_test; ++i) {
    const long k = i * c.T;
    agree += (E.X_test(k, 0) - E.X_test(k, 1) > 0) == (E.y_test[i] > 0);
  }
  CHECK(agree == E.n_test);
}

TEST_CASE("data model: test noise is independent of training noise", "[data][stats]") {
  Config c = small_config();
  c.n_test = c.n;  // same size, so sample i of each can be paired (the authors' code shares them)
  const Dataset D = make_dataset(c);
  const MatD R = residuals(c, D.X, D.y_clean, D.token_type);
  const MatD Rt = residuals(c, D.X_test, D.y_test, D.token_type);
  // No test noise value appears anywhere in the training noise (continuous noise: a shared
  // stream would repeat them).
  std::set<double> train_values(R.data(), R.data() + R.size());
  long shared = 0;
  for (long k = 0; k < Rt.size(); ++k) shared += train_values.count(Rt.data()[k]);
  CHECK(shared == 0);
  // The first test sample equals no training sample (any shift of the stream would show here).
  for (long i = 0; i < D.n; ++i) {
    bool equal = true;
    for (long t = 0; t < c.T && equal; ++t)
      equal = D.X_test.row(t) == D.X.row(i * c.T + t);
    CHECK_FALSE(equal);
  }
  // Paired by index the noises are uncorrelated: |corr| < 5/√m.
  const double m = double(R.size());
  const double corr = (R.array() * Rt.array()).sum() / std::sqrt(R.squaredNorm() * Rt.squaredNorm());
  CHECK(std::abs(corr) < kSE / std::sqrt(m));
}

TEST_CASE("data model: same seed gives identical bits — another seed other data", "[data]") {
  Config c = small_config();
  c.n_test = 100;
  const Dataset A = make_dataset(c);
  const Dataset B = make_dataset(c);
  CHECK(same_bits(A.X, B.X));
  CHECK(same_bits(A.X_test, B.X_test));
  CHECK(A.y == B.y);
  CHECK(A.y_clean == B.y_clean);
  CHECK(A.y_test == B.y_test);
  CHECK(std::memcmp(A.nu.data(), B.nu.data(), sizeof(double) * std::size_t(c.d)) == 0);
  c.seed += 1;
  const Dataset C = make_dataset(c);
  long same = 0;
  for (long k = 0; k < A.X.size(); ++k) same += A.X.data()[k] == C.X.data()[k];
  CHECK(same == 0);
  same = 0;
  for (long k = 0; k < A.X_test.size(); ++k) same += A.X_test.data()[k] == C.X_test.data()[k];
  CHECK(same == 0);
  // Known answers of the paper's default setting, seed 42 (computed once from the implementation):
  // catch any change of the sampling order, the streams or the label-noise draw.
  Config p;
  p.n_test = 1;
  const Dataset P = make_dataset(p);
  REQUIRE(P.X.rows() == 160);
  REQUIRE(P.X.cols() == 2000);
  CHECK(same_bits(P.X(0, 0), 0x1.3b5683372feadp+4));    // relevant token of sample 0 (class +1): 20 + ε
  CHECK(same_bits(P.X(0, 1), -0x1.b915053d59ea8p-2));
  CHECK(same_bits(P.X(3, 5), 0x1.8ceb65991143cp-1));
  CHECK(same_bits(P.X(159, 1999), 0x1.3015899194d05p-1));
  CHECK(same_bits(P.X_test(0, 0), 0x1.451e7063a92b2p+4));
  std::vector<long> flipped;
  for (long i = 0; i < P.n; ++i) if (P.noisy(i)) flipped.push_back(i);
  CHECK(flipped == std::vector<long>{3, 14, 18, 19});
}

TEST_CASE("data model: invalid configurations are refused", "[data][negative]") {
  Config c;
  c.T = 2;  // needs 3 for 1 + 1 + 1 token types
  CHECK_THROWS_AS(make_dataset(c), ConfigError);
  c = Config();
  c.noise = "projected"; c.d = 2;
  CHECK_THROWS_AS(make_dataset(c), ConfigError);
}
