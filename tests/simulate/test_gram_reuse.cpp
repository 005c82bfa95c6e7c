// Gram reuse along ‖μ‖ (simulate/gram_reuse.hpp): the Grams assembled from one group's coefficients
// equal those of an independent set-up at each ‖μ‖, for seeded Gaussian/Kaiming and identity W0.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "simulate/dataset.hpp"
#include "simulate/gram_reuse.hpp"
#include "simulate/problem.hpp"

using namespace benign;

namespace {

// ‖a − b‖∞ / max(‖b‖∞, tiny): relative to the matrix's scale (entries near zero cancel, so an
// entry-wise ratio would measure the cancellation, not the reuse).
template <class M> double rel(const M& a, const M& b) {
  REQUIRE(a.rows() == b.rows());
  REQUIRE(a.cols() == b.cols());
  const double scale = std::max(b.cwiseAbs().maxCoeff(), 1e-300);
  return (a - b).cwiseAbs().maxCoeff() / scale;
}

double worst(const Grams<double>& a, const Grams<double>& b) {
  double w = 0;
  for (double r : {rel(a.G, b.G), rel(a.K0, b.K0), rel(a.C, b.C), rel(a.H0, b.H0), rel(a.k0, b.k0),
                   rel(a.h0, b.h0), rel(a.a_pos, b.a_pos), rel(a.a_neg, b.a_neg), rel(a.b_pos, b.b_pos),
                   rel(a.b_neg, b.b_neg)})
    w = std::max(w, r);
  auto scal = [](double x, double y) { return std::abs(x - y) / std::max(std::abs(y), 1e-300); };
  if (b.c0 != 0) w = std::max(w, scal(a.c0, b.c0));
  if (b.e_pos != 0) w = std::max(w, scal(a.e_pos, b.e_pos));
  if (b.e_neg != 0) w = std::max(w, scal(a.e_neg, b.e_neg));
  return w;
}

Config small(const std::string& w_init, const std::string& p_init) {
  Config c;
  c.d = 300; c.n = 10; c.n_test = 40; c.T = 4;
  c.w_init = w_init; c.p_init = p_init;
  c.mu = Real(20.0);
  return c;
}

}  // namespace

// Tolerance 1e-12 relative (issue 11): the expansion only reorders double sums of d ≈ 300 terms
// (≈ 1e-14 relative each) and adds the signal terms in another order.
TEST_CASE("Grams assembled from one group's coefficients equal independent set-ups at every mu", "[gram_reuse]") {
  for (const auto& [w_init, p_init] : std::vector<std::pair<std::string, std::string>>{
           {"kaiming", "zero"}, {"gaussian", "gaussian"}, {"identity", "gaussian"}}) {
    const Config c0 = small(w_init, p_init);
    REQUIRE(gram_reuse_applies(c0));
    const GramCoefficients k = gram_coefficients(c0);
    for (double mu : {5.0, 20.0, 47.5, 100.0}) {
      Config c = c0;
      c.mu = Real(mu);
      const Grams<double> direct = make_grams<double>(c, make_dataset(c));
      const Grams<double> reused = grams_at<double>(k, mu);
      INFO("w_init " << w_init << " p_init " << p_init << " mu " << mu);
      CHECK(worst(reused, direct) <= 1e-12);
    }
  }
}

// Negative control: the comparison detects a wrong ‖μ‖ (the signal terms are not negligible).
TEST_CASE("Gram reuse comparison detects Grams assembled at the wrong mu", "[gram_reuse]") {
  const Config c0 = small("kaiming", "gaussian");
  const GramCoefficients k = gram_coefficients(c0);
  Config c = c0;
  c.mu = Real(40.0);
  const Grams<double> direct = make_grams<double>(c, make_dataset(c));
  CHECK(worst(grams_at<double>(k, 40.0 * (1 + 1e-9)), direct) > 1e-12);
  CHECK(worst(grams_at<double>(k, 40.0), direct) <= 1e-12);
}

TEST_CASE("Gram reuse refuses configurations it does not describe", "[gram_reuse]") {
  Config c = small("kaiming", "zero");
  CHECK(gram_reuse_applies(c));  // positive control
  c.precision = "bin50";
  c.setup = "native";
  CHECK_FALSE(gram_reuse_applies(c));  // make_grams would accumulate in bin50
  CHECK_THROWS_AS(gram_coefficients(c), std::logic_error);
  Config full = small("kaiming", "zero");
  full.engine = "full";
  CHECK_FALSE(gram_reuse_applies(full));
  Config sampled = small("gaussian", "zero");
  sampled.source = "sampled";
  CHECK_FALSE(gram_reuse_applies(sampled));
}

// A cell's dataset from the group's noise: labels and the two signal columns bit for bit as
// make_dataset has them (so γ = X ν and the observables are unchanged); nothing else is kept.
TEST_CASE("cell_dataset has make_dataset's labels and signal columns bit for bit", "[gram_reuse]") {
  Config c0 = small("kaiming", "zero");
  c0.rho = Real(0.3);
  const GramCoefficients k = gram_coefficients(c0);
  for (double mu : {5.0, 37.5}) {
    Config c = c0;
    c.mu = Real(mu);
    const Dataset full = make_dataset(c), cell = cell_dataset(k, c);
    CHECK(cell.signal_columns_only());
    CHECK_FALSE(full.signal_columns_only());
    CHECK(cell.y == full.y);
    CHECK(cell.y_clean == full.y_clean);
    CHECK(cell.y_test == full.y_test);
    CHECK(cell.X == MatD(full.X.leftCols(2)));
    CHECK(cell.X_test == MatD(full.X_test.leftCols(2)));
    CHECK(cell.nu.head(2) == full.nu.head(2));
  }
  Config other = c0;
  other.seed = c0.seed + 1;  // another group: refused, not silently given the wrong noise
  CHECK_FALSE(in_group(k, other));
  CHECK_THROWS_AS(cell_dataset(k, other), std::logic_error);
  CHECK_THROWS_AS(make_grams<double>(c0, cell_dataset(k, c0)), std::logic_error);
}
