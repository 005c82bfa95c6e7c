// verify/long_horizon: the growth-law extrapolation (with a trajectory it must reject), the
// precision cross-check, and a small end-to-end long-horizon plan (deterministic over threads).
#include <catch2/catch.hpp>
#include <cmath>

#include "bounds/gap_time.hpp"
#include "bounds/regime_map.hpp"
#include "verify/long_horizon.hpp"

using namespace benign;

namespace {

// Log-spaced checkpoints from 1e-2 to 1e12 (10 per decade) with the mean clean gap given by gap(t);
// every label fitted from t = 1 on; the test selection fraction reaches 0.95 when the gap reaches x_star.
template <class Gap> std::vector<Checkpoint> gap_trajectory(Gap gap, double x_star) {
  std::vector<Checkpoint> cps;
  for (int k = -20; k <= 120; ++k) {
    Checkpoint c;
    c.time = std::pow(10.0, k / 10.0);
    c.step = c.time / 5e-3;
    c.lambda_mean = gap(c.time);
    c.train_acc = c.time >= 1 ? 1.0 : 0.8;
    c.sel_test[0] = c.lambda_mean >= x_star ? 0.96 : 0.5;
    cps.push_back(c);
  }
  return cps;
}

double first_time(const std::vector<Checkpoint>& cps, double x_star) {
  for (const auto& c : cps) if (c.lambda_mean >= x_star) return c.time;
  return -1;
}

// The trajectory of gap(t), its τ_sel (the gap reaching x_star after τ_fit = 1) and the extrapolation.
struct Extrapolated {
  double tau_sel = -1;
  GrowthExtrapolation e;
};
template <class Gap> Extrapolated extrapolate(Gap gap, double x_star, long T) {
  Extrapolated x;
  const auto cps = gap_trajectory(gap, x_star);
  x.tau_sel = first_time(cps, x_star);
  x.e = extrapolate_growth(cps, T, 1.0, x.tau_sel, 1.0);
  return x;
}

}  // namespace

TEST_CASE("growth extrapolation: recovers κ and the time of the gap reached from a trajectory that obeys g", "[verify][long]") {
  const long T = 8;
  const double kappa = 3.7, x0 = 0.5;
  // dΛ/dτ = κ s(1−s) exactly: Λ(t) = g⁻¹(g(x0) + κ t).
  auto gap = [&](double t) { return gap_reached<double>(x0, t, kappa, T); };
  const auto [tau_sel, e] = extrapolate(gap, 24.0, T);
  REQUIRE(tau_sel > 1e8);
  REQUIRE(e.fitted);
  CHECK(e.t1 >= 1.0);
  CHECK(e.t2 == Approx(10 * e.t1).epsilon(1e-12));
  CHECK(e.extrapolated);
  // Exact data: the least-squares κ is κ up to the rounding of g's increments (a few eps each,
  // relative; the gaps themselves come from g⁻¹ accurate to a few eps): 1e-9 leaves a wide margin.
  CHECK(e.kappa == Approx(kappa).epsilon(1e-9));
  // τ by g for the gap at τ_sel is τ_sel itself (same law), to the same rounding.
  CHECK(e.tau_growth == Approx(tau_sel).epsilon(1e-8));
  // Negative control: a gap growing linearly in τ extrapolates the first decade to a time
  // many decades too early.
  CHECK(std::log10(tau_sel / e.tau_linear) > 5);
}

TEST_CASE("growth extrapolation: a gap that does not follow g is rejected (negative control)", "[verify][long]") {
  const long T = 8;
  // A gap growing like 2 log τ (twice the growth function's rate) from τ = 1: g(Λ) grows like τ².
  auto gap = [&](double t) { return t < 1 ? 2.5 * t : 2.5 + 2 * std::log(t); };
  const auto [tau_sel, e] = extrapolate(gap, 40.0, T);
  REQUIRE(tau_sel > 0);
  REQUIRE(e.fitted);
  REQUIRE(e.extrapolated);
  // g(Λ(τ)) ∝ τ² extrapolated linearly from one decade predicts τ_sel far too late: by more than
  // 4 decades here (τ_sel ≈ 1e8, the linear g-law needs ≈ τ_sel² / t2).
  CHECK(std::log10(e.tau_growth / tau_sel) > 4);
}

TEST_CASE("growth extrapolation: no fit without a saturated gap after τ_fit — no target without τ_sel", "[verify][long]") {
  const long T = 8;
  auto flat = gap_trajectory([](double) { return 1.0; }, 100);  // Λ < log 8 throughout
  CHECK_FALSE(extrapolate_growth(flat, T, 1.0, -1, 1.0).fitted);
  auto grow = gap_trajectory([&](double t) { return gap_reached<double>(0.0, t, 1.0, T); }, 1e9);
  const auto e = extrapolate_growth(grow, T, 1.0, -1, 1.0);
  CHECK(e.fitted);
  CHECK(e.tau_growth == -1);
  CHECK_FALSE(e.extrapolated);
  CHECK_FALSE(extrapolate_growth(grow, T, -1, -1, 1.0).fitted);  // never fitted
  const auto early = extrapolate_growth(grow, T, 1.0, 0.5, 1.0);   // selection before the growth phase
  CHECK(early.fitted);
  CHECK(early.tau_growth == -1);
  CHECK(std::isnan(early.target_gap));
}

TEST_CASE("long-horizon plan: flow runs, precision cross-check and series — identical on 1 and 2 threads", "[verify][long]") {
  LongHorizonPlan plan;
  Config s;
  s.n = 8; s.d = 300; s.mu = Real("6"); s.n_test = 100; s.track = 1;
  plan.setting = s;
  plan.horizon = "1e6";
  plan.checkpoints_per_decade = 3;
  plan.precision = "double";
  plan.crosscheck_precision = "long-double";
  plan.series = Axis{"mu", {"4", "8"}};
  plan.series_checkpoints_per_decade = 3;
  const RegimeMap map = paper_regime_map();
  const auto a = run_long_horizon(plan, map, Config{}, 1, nullptr, false);
  const auto b = run_long_horizon(plan, map, Config{}, 2, nullptr, false);
  REQUIRE_FALSE(a.interrupted);
  REQUIRE(a.has_crosscheck);
  REQUIRE(a.main.run.integrator == "flow");
  CHECK(a.main.run.last().time == Approx(1e6).epsilon(1e-12));
  CHECK(a.crosscheck.run.precision == "long-double");
  // Both runs solve the same flow to the local tolerance 1e-10: the checkpoints coincide in time and
  // the mean clean gap agrees far better than 1e-6 relative (global error of a few hundred steps).
  CHECK(a.precision_check.compared == long(a.main.run.checkpoints.size()));
  CHECK(a.precision_check.lambda_rel < 1e-6);
  CHECK(a.precision_check.test_acc == 0);
  CHECK(a.precision_check.same_taus);
  REQUIRE(a.series.size() == 2);
  CHECK(a.series[0].margin_harmful < a.series[1].margin_harmful);  // ‖μ‖ 4 < 8
  // Determinism: every number is the same whatever the thread count.
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(a.series[i].tau_fit == b.series[i].tau_fit);
    CHECK(a.series[i].tau_sel == b.series[i].tau_sel);
    CHECK(a.series[i].growth.kappa == b.series[i].growth.kappa);
    CHECK(a.series[i].run.last().lambda_mean == b.series[i].run.last().lambda_mean);
  }
  CHECK(a.main.run.last().test_loss == b.main.run.last().test_loss);
}

TEST_CASE("cross-check: identical runs agree — a changed trajectory is detected", "[verify][long]") {
  HorizonRun a;
  for (int k = 0; k < 5; ++k) {
    Checkpoint c;
    c.time = k;
    c.lambda_mean = 2.0 * k;
    c.test_acc = 0.9;
    c.sel_test[0] = 0.5;
    a.run.checkpoints.push_back(c);
  }
  HorizonRun b = a;
  auto pc = cross_check(a, b);
  CHECK(pc.compared == 5);
  CHECK(pc.lambda_rel == 0);
  CHECK(pc.same_taus);
  b.run.checkpoints[3].lambda_mean += 0.6;  // 6 → 6.6: 10 % relative
  b.run.checkpoints[4].sel_test[0] = 0.75;
  b.tau_sel = 4;
  pc = cross_check(a, b);
  CHECK(pc.lambda_rel == Approx(0.1).epsilon(1e-12));
  CHECK(pc.sel_test == Approx(0.25).epsilon(1e-12));
  CHECK_FALSE(pc.same_taus);
}
