// SNR, n·SNR², SNR·d^{1/4} and log(Tn/δ) against the golden table (tests/bounds/golden/snr.csv,
// 800-bit MPFR) in all seven precisions. Tolerance 4 eps relative: SNR and SNR·d^{1/4} take a sqrt
// (or two), a product and a quotient (≤ 2 eps); n·SNR² squares a rounded ratio (≤ 2.5 eps);
// log(Tn/δ) is a log of a quotient (≤ 1.5 eps, since log(Tn/δ) > log 2 does not amplify).
#include <catch2/catch.hpp>
#include <iostream>

#include "bounds/log_tn_delta.hpp"
#include "bounds/snr.hpp"
#include "golden_support.hpp"

using namespace benign;
using namespace benign::test;

namespace {

constexpr double kTolSnr = 4;

template <class S> void use_precision() {
  if constexpr (std::is_same_v<S, mpfr>) set_mpfr_digits(100);
}

struct SnrErrors {
  Worst snr, n_snr2, snr_d14, log_tn_delta;
};

// `perturb` multiplies every computed value (1 for the real check, a bump for the negative control).
template <class S> SnrErrors check_snr(const S& perturb) {
  static const GoldenTable t = read_golden("snr.csv");
  SnrErrors e;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    S mu, sigma, delta;
    if (!dyadic_value(t.at(i, "mu_m"), t.at(i, "mu_e"), mu) || !dyadic_value(t.at(i, "sigma_m"), t.at(i, "sigma_e"), sigma) ||
        !dyadic_value(t.at(i, "delta_m"), t.at(i, "delta_e"), delta)) {
      ++e.snr.skipped;
      continue;
    }
    long d = std::stol(t.at(i, "d")), n = std::stol(t.at(i, "n")), T = std::stol(t.at(i, "T"));
    std::string where = "mu = " + t.at(i, "mu_approx") + ", sigma = " + t.at(i, "sigma_approx") + ", d = " + t.at(i, "d") +
                        ", n = " + t.at(i, "n");
    auto rel = [&](Worst& w, const S& got, const std::string& column) {
      Ref expected(t.at(i, column));
      using std::isfinite;
      if (abs(expected) > max_of<S>() / 2 || abs(expected) < to_ref(std::numeric_limits<S>::min()) * 2) { ++w.skipped; return; }
      double err = isfinite(got) ? to_double(abs(to_ref(got) - expected) / (Ref(eps_of<S>()) * abs(expected)))
                                 : std::numeric_limits<double>::infinity();
      w.update(err, where);
    };
    rel(e.snr, S(snr(mu, sigma, d) * perturb), "snr");
    rel(e.n_snr2, S(n_snr2(n, mu, sigma, d) * perturb), "n_snr2");
    rel(e.snr_d14, S(snr_d14(mu, sigma, d) * perturb), "snr_d14");
    rel(e.log_tn_delta, S(log_tn_delta(T, n, delta) * perturb), "log_tn_delta");
  }
  return e;
}

}  // namespace

TEMPLATE_TEST_CASE("SNR and its margins match the golden table in every precision", "[bounds][golden]", float, double,
                   long double, benign::float128, benign::bin50, benign::bin100, benign::mpfr) {
  using S = TestType;
  use_precision<S>();
  SnrErrors e = check_snr<S>(S(1));
  for (auto [w, name] : {std::pair{&e.snr, "SNR"}, {&e.n_snr2, "n SNR^2"}, {&e.snr_d14, "SNR d^(1/4)"}, {&e.log_tn_delta, "log(Tn/delta)"}}) {
    std::cout << w->report(name, scalar_name<S>()) << "\n";
    INFO(w->report(name, scalar_name<S>()));
    CHECK(w->checked >= 5);
    CHECK(w->error <= kTolSnr);
  }
}

TEMPLATE_TEST_CASE("negative control: SNR off by 4 tolerances fails the golden table", "[bounds][golden][negative]", double, benign::mpfr) {
  using S = TestType;
  use_precision<S>();
  SnrErrors e = check_snr<S>(S(1 + S(4 * kTolSnr) * std::numeric_limits<S>::epsilon()));
  CHECK(e.snr.error > kTolSnr);
  CHECK(e.n_snr2.error > kTolSnr);
  // and the formula SNR = ||mu|| / (sigma d^{1/4}) (a wrong root) fails too
  static const GoldenTable t = read_golden("snr.csv");
  Worst wrong;
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    S mu, sigma;
    if (!dyadic_value(t.at(i, "mu_m"), t.at(i, "mu_e"), mu) || !dyadic_value(t.at(i, "sigma_m"), t.at(i, "sigma_e"), sigma)) continue;
    Ref expected(t.at(i, "snr"));
    S got = snr_d14(mu, sigma, std::stol(t.at(i, "d")));
    wrong.update(to_double(abs(to_ref(got) - expected) / (Ref(eps_of<S>()) * abs(expected))), t.at(i, "d"));
  }
  CHECK(wrong.error > 1e6 * kTolSnr);
}
