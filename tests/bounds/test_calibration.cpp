// The paper's three settings against the regime map: the calibrated range of (c_h, c_n), the
// disagreement of the default constants of 1, and the order harmful < benign < not overfitting
// along the margins for any constants in the range (theory.md §4).
#include <catch2/catch.hpp>
#include <cmath>

#include "bounds/calibration.hpp"
#include "bounds/predict.hpp"

using namespace benign;

namespace {

Config with_constants(double c_h, double c_n, long log_factor = 0) {
  Config c;
  c.c_h = Real(c_h);
  c.c_n = Real(c_n);
  c.log_factor = log_factor;
  return c;
}

int regime_index(const std::string& r) {
  const auto& regimes = paper_regime_map().regimes;
  for (std::size_t i = 0; i < regimes.size(); ++i)
    if (regimes[i] == r) return int(i);
  return -1;
}

}  // namespace

TEST_CASE("the default constants of 1 disagree with the paper's benign label", "[bounds][calibration]") {
  Calibration<double> cal = calibrate<double>(Config{}, paper_regime_map());
  REQUIRE(cal.rows.size() == 3);
  CHECK(cal.labels_in_map);
  CHECK_FALSE(cal.agrees);
  CHECK(cal.consistent);
  CHECK(cal.rows[0].setting.label == "benign");
  CHECK(cal.rows[0].predicted == "not_overfitting");
  CHECK(cal.rows[1].agrees);
  CHECK(cal.rows[2].agrees);
  INFO(cal.summary);
  CHECK(cal.summary.find("DISAGREES") != std::string::npos);
  CHECK(cal.summary.find("benign (d = 2000, ||mu|| = 20) is predicted not_overfitting") != std::string::npos);
  CHECK(cal.summary.find("c_h in (0.5946, 2.991], c_n in [2, 14.14)") != std::string::npos);
}

TEST_CASE("the calibrated range is the closed-form box", "[bounds][calibration]") {
  Calibration<double> cal = calibrate<double>(Config{}, paper_regime_map());
  REQUIRE(cal.ranges.size() == 2);
  const auto& h = cal.ranges[0];
  const auto& n = cal.ranges[1];
  CHECK(h.constant == "c_h");
  CHECK(n.constant == "c_n");
  // c_h: above the harmful setting's SNR d^{1/4} = 5 * 5000^{-1/4}, at most the benign one's 20 * 2000^{-1/4}
  CHECK(h.lo == Approx(5 * std::pow(5000.0, -0.25)).epsilon(1e-14));
  CHECK(h.hi == Approx(20 * std::pow(2000.0, -0.25)).epsilon(1e-14));
  CHECK_FALSE(h.lo_closed);
  CHECK(h.hi_closed);
  // c_n: at least the benign setting's sqrt(n SNR^2) = 2, below the not-overfitting one's sqrt(200)
  CHECK(n.lo == Approx(2).epsilon(1e-14));
  CHECK(n.hi == Approx(std::sqrt(200.0)).epsilon(1e-14));
  CHECK(n.lo_closed);
  CHECK_FALSE(n.hi_closed);
  CHECK(h.current_inside);
  CHECK_FALSE(n.current_inside);
}

TEST_CASE("inside the calibrated range every setting is predicted as labelled, in margin order", "[bounds][calibration]") {
  for (long log_factor : {0L, 1L}) {
    Calibration<double> base = calibrate<double>(with_constants(1, 1, log_factor), paper_regime_map());
    REQUIRE(base.consistent);
    const auto& h = base.ranges[0];
    const auto& n = base.ranges[1];
    // interior points and points a relative 1e-9 inside each end
    std::vector<double> fr = {1e-9, 0.01, 0.25, 0.5, 0.75, 0.99, 1 - 1e-9};
    for (double fh : fr)
      for (double fn : fr) {
        double c_h = h.lo + fh * (h.hi - h.lo), c_n = n.lo + fn * (n.hi - n.lo);
        Config c = with_constants(c_h, c_n, log_factor);
        Calibration<double> cal = calibrate<double>(c, paper_regime_map());
        INFO("c_h = " << c_h << ", c_n = " << c_n << ", log_factor = " << log_factor);
        CHECK(cal.agrees);
        // order along both margins: sort the settings by n SNR^2 (and by SNR d^{1/4}); the
        // predicted regimes must then be harmful < benign < not_overfitting
        auto rows = cal.rows;
        std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.n_snr2 < b.n_snr2; });
        CHECK(regime_index(rows[0].predicted) < regime_index(rows[1].predicted));
        CHECK(regime_index(rows[1].predicted) < regime_index(rows[2].predicted));
        std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.snr_d14 < b.snr_d14; });
        CHECK(regime_index(rows[0].predicted) == 0);
        CHECK(regime_index(rows[2].predicted) == 2);
      }
    // just outside: the benign setting flips
    CHECK_FALSE(calibrate<double>(with_constants(1, n.lo * (1 - 1e-9), log_factor), paper_regime_map()).agrees);
    CHECK_FALSE(calibrate<double>(with_constants(h.hi * (1 + 1e-9), 3, log_factor), paper_regime_map()).agrees);
  }
}

TEST_CASE("with the log factor the harmful constant is rescaled by sqrt(log(Tn/delta))", "[bounds][calibration]") {
  Calibration<double> cal = calibrate<double>(with_constants(1, 3, 1), paper_regime_map());
  double s = std::sqrt(std::log(8 * 20 / 0.01));
  CHECK(cal.ranges[0].lo == Approx(5 * std::pow(5000.0, -0.25) / s).epsilon(1e-13));
  CHECK(cal.ranges[0].hi == Approx(20 * std::pow(2000.0, -0.25) / s).epsilon(1e-13));
  // c_h = 1 is now above the range: the benign setting is predicted harmful
  CHECK_FALSE(cal.agrees);
  CHECK(cal.rows[0].predicted == "harmful");
}

TEST_CASE("the calibrated range agrees across precisions", "[bounds][calibration]") {
  Calibration<double> d = calibrate<double>(Config{}, paper_regime_map());
  Calibration<float> f = calibrate<float>(Config{}, paper_regime_map());
  set_mpfr_digits(60);
  Calibration<mpfr> m = calibrate<mpfr>(Config{}, paper_regime_map());
  for (std::size_t j = 0; j < 2; ++j) {
    CHECK(double(f.ranges[j].lo) == Approx(d.ranges[j].lo).epsilon(1e-6));
    CHECK(double(m.ranges[j].hi) == Approx(d.ranges[j].hi).epsilon(1e-15));
  }
  // the c_n lower end is sqrt(n SNR^2) = 2 to the last digits of mpfr
  CHECK(abs(m.ranges[1].lo - 2) < 16 * std::numeric_limits<mpfr>::epsilon());
  CHECK(f.agrees == d.agrees);
  CHECK(m.summary == d.summary);
}
