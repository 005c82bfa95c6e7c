// Gradient flow (issue 5): agreement with gradient descent to first order in the rate, the
// convergence order of the Dormand–Prince integrator, negative controls with a wrong right-hand
// side, and the precision diagnostics at gaps beyond double's exponent range.
// Measured values are printed with BENIGN_TEST_VERBOSE=1.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <limits>
#include <string>

#include "sim_check.hpp"
#include "simulate/engine_heads.hpp"
#include "simulate/gradient_flow.hpp"
#include "simulate/run.hpp"

using namespace benign;

namespace {

// A small problem whose attention moves visibly by t = 1 (the paper's model, n = 8, T = 4, d = 64).
Config small_config(const std::string& train = "Wp") {
  Config c;
  c.n = 8;
  c.n_test = 40;
  c.T = 4;
  c.d = 64;
  c.train = train;
  if (train == "W") c.p_init = "gaussian";  // W alone never moves from p(0) = 0
  c.track = 1;
  return c;
}

// Largest difference of the predictions f of the final training and test samples of two runs.
double f_distance(const RunResult& a, const RunResult& b) {
  REQUIRE(a.final_train.size() == b.final_train.size());
  REQUIRE(a.final_test.size() == b.final_test.size());
  double m = 0;
  for (std::size_t i = 0; i < a.final_train.size(); ++i) m = std::max(m, std::abs(a.final_train[i].f - b.final_train[i].f));
  for (std::size_t i = 0; i < a.final_test.size(); ++i) m = std::max(m, std::abs(a.final_test[i].f - b.final_test[i].f));
  return m;
}

// Gradient descent with rate eta for t/eta steps (checkpoints at the start and the end).
RunResult gd_to(Config c, const Dataset& D, double t, double eta) {
  c.integrator = "gd";
  c.lr = Real(eta);
  c.steps = long(std::llround(t / eta));
  c.every = c.steps;
  return run_simulation_typed<double>(c, D, RunOptions{});
}

RunResult flow_to(Config c, const Dataset& D, double t, const FlowControl& fc = {}, double tol = 1e-12) {
  c.integrator = "flow";
  c.horizon = Real(t);
  c.tol = Real(tol);
  c.every = 0;
  return run_gradient_flow<double>(c, D, RunOptions{}, fc);
}

// The first-order agreement check: GD at rates eta and eta/2 to time t differs from the flow by
// d(eta) ≈ C eta, so d(eta)/d(eta/2) ≈ 2. Tolerance: the ratio is 2 (1 + O(eta λ)) with λ the
// rate of the dynamics (≈ 1 here); at eta = 0.01 the O(eta) correction is a few per cent, so
// |ratio − 2| ≤ 0.2 (10 %). Also d(eta) ≤ 0.05 (a first-order error of a correct flow is small).
struct Agreement {
  double d1 = 0, d2 = 0, ratio = 0;
  bool ok() const { return d1 <= 0.05 && std::abs(ratio - 2.0) <= 0.2; }
};
Agreement gd_agreement(const Config& c, const Dataset& D, const FlowControl& fc, double t = 1.0, double eta = 0.01) {
  const RunResult flow = flow_to(c, D, t, fc);
  Agreement a;
  a.d1 = f_distance(gd_to(c, D, t, eta), flow);
  a.d2 = f_distance(gd_to(c, D, t, eta / 2), flow);
  a.ratio = a.d1 / a.d2;
  return a;
}

}  // namespace

TEST_CASE("flow: gradient descent with a small rate agrees with the flow to first order in the rate", "[flow]") {
  for (const std::string train : {"Wp", "p", "W"}) {
    const Config c = small_config(train);
    const Dataset D = make_dataset(c);
    const Agreement a = gd_agreement(c, D, FlowControl{});
    BENIGN_REPORT("flow vs gd, train=%s: d(0.01) = %.4e, d(0.005) = %.4e, ratio %.4f", train.c_str(), a.d1, a.d2, a.ratio);
    INFO("train=" << train << " d1=" << a.d1 << " d2=" << a.d2 << " ratio=" << a.ratio);
    CHECK(a.d1 > 1e-6);  // the runs did move (a vacuous agreement would pass any ratio test poorly anyway)
    CHECK(a.ok());
  }
}

TEST_CASE("flow: a wrong right-hand side fails the gradient-descent agreement (negative control)", "[flow]") {
  const Config c = small_config("Wp");
  const Dataset D = make_dataset(c);
  for (auto fault : {FlowControl::Fault::DropCGg, FlowControl::Fault::HalveDc}) {
    FlowControl fc;
    fc.fault = fault;
    const Agreement a = gd_agreement(c, D, fc);
    BENIGN_REPORT("faulty flow (%s) vs gd: d(0.01) = %.4e, d(0.005) = %.4e, ratio %.4f",
                  fault == FlowControl::Fault::DropCGg ? "drop c G g in dz/dt" : "halve dc/dt", a.d1, a.d2, a.ratio);
    INFO("d1=" << a.d1 << " d2=" << a.d2 << " ratio=" << a.ratio);
    CHECK_FALSE(a.ok());
  }
}

TEST_CASE("flow: fixed steps converge at order 5 (Dormand-Prince)", "[flow]") {
  // Fixed steps h = 1/16 … 1/128 of the linear clock to t = 2, against a reference at h = 1/1024
  // (its error is 8^5 ≈ 3e4 times smaller than at 1/128), in float128 so that rounding (1e-34)
  // stays far below the smallest error measured (~1e-15; the predictions are compared in double,
  // whose rounding of f ≈ 0.5 is 6e-17). Observed order p = log2(e(h)/e(h/2)). A 5th-order method
  // gives p → 5 as h → 0; here it approaches 5 from above (5.7, 5.4 at h = 1/8, 1/16 in double),
  // so: every p in [4.5, 6], and the finest pair in [4.7, 5.3].
  Config c = small_config("Wp");
  const Dataset D = make_dataset(c);
  auto fixed = [&](double h) {
    Config cf = c;
    cf.integrator = "flow";
    cf.horizon = Real(2.0);
    cf.every = 0;
    FlowControl fc;
    fc.fixed_step = h;
    fc.clock = FlowControl::Clock::Linear;
    fc.times = {1.0};
    return run_gradient_flow<float128>(cf, D, RunOptions{}, fc);
  };
  const RunResult ref = fixed(1.0 / 1024);
  const double hs[4] = {1.0 / 16, 1.0 / 32, 1.0 / 64, 1.0 / 128};
  double e[4];
  for (int k = 0; k < 4; ++k) {
    const RunResult r = fixed(hs[k]);
    CHECK(r.steps_done == long(std::llround(2.0 / hs[k])));
    e[k] = f_distance(r, ref);
  }
  for (int k = 0; k < 3; ++k) {
    const double p = std::log2(e[k] / e[k + 1]);
    BENIGN_REPORT("fixed step h = 1/%g: error %.3e, h/2: %.3e, observed order %.3f", 1 / hs[k], e[k], e[k + 1], p);
    INFO("h=" << hs[k] << " e=" << e[k] << " e(h/2)=" << e[k + 1] << " order=" << p);
    CHECK(p >= 4.5);
    CHECK(p <= 6.0);
    if (k == 2) {
      CHECK(p >= 4.7);
      CHECK(p <= 5.3);
    }
  }
}

TEST_CASE("flow: tightening the tolerance converges (adaptive steps, log clock)", "[flow]") {
  // With error-per-step control and local extrapolation, the global error of the 5th-order solution
  // scales like tol^(5/5) = tol. Per factor 100 in tol the error should fall by about 100: accept an
  // exponent log(e1/e2)/log(100) in [0.6, 1.4] (the step-size sequence changes discretely with tol).
  Config c = small_config("Wp");
  const Dataset D = make_dataset(c);
  const RunResult ref = flow_to(c, D, 20.0, FlowControl{}, 1e-14);
  const double tols[3] = {1e-5, 1e-7, 1e-9};
  double e[3];
  long steps[3];
  for (int k = 0; k < 3; ++k) {
    const RunResult r = flow_to(c, D, 20.0, FlowControl{}, tols[k]);
    e[k] = f_distance(r, ref);
    steps[k] = r.steps_done;
  }
  for (int k = 0; k < 2; ++k) {
    const double alpha = std::log(e[k] / e[k + 1]) / std::log(100.0);
    BENIGN_REPORT("tol %.0e: error %.3e (%ld steps); tol %.0e: %.3e (%ld steps); exponent %.3f", tols[k], e[k], steps[k],
                  tols[k + 1], e[k + 1], steps[k + 1], alpha);
    INFO("tol=" << tols[k] << " e=" << e[k] << " e(next)=" << e[k + 1] << " exponent=" << alpha);
    CHECK(alpha >= 0.6);
    CHECK(alpha <= 1.4);
    CHECK(steps[k + 1] > steps[k]);
  }
}

namespace {

// A problem whose gaps pass 745 within a horizon double can represent: p only, W = I, the data
// scaled by 1e15 (mu = sigma = 1e15) so that K = G ~ 1e31 and the gaps grow like log(1e31 t);
// by t = 1e300 they reach ~760, where e^{-gap} is below double's smallest subnormal.
Config huge_gap_config() {
  Config c;
  c.n = 4;
  c.n_test = 10;
  c.T = 4;
  c.d = 16;
  c.mu = Real(1e15);
  c.sigma = Real(1e15);
  c.train = "p";
  c.w_init = "identity";
  c.integrator = "flow";
  c.horizon = Real(1e300);
  c.checkpoints_per_decade = 1;
  c.every = 0;
  c.tol = Real(1e-8);
  c.track = 1;
  return c;
}

}  // namespace

TEST_CASE("flow: double at a huge horizon reports the lost gradient and names a precision that resolves it", "[flow]") {
  const Config c = huge_gap_config();
  const Dataset D = make_dataset(c);
  const RunResult rd = run_gradient_flow<double>(c, D, RunOptions{});
  const RunResult rb = run_gradient_flow<bin50>(c, D, RunOptions{});
  BENIGN_REPORT("double: resolved %d, smallest 1-s 1e%.1f, largest gap %.1f, lost at t = %.3g, %ld steps; message: %s",
                int(rd.diagnostics.resolved), rd.diagnostics.log10_min_complement, rd.diagnostics.max_gap,
                rd.diagnostics.lost_at_time, rd.steps_done, rd.diagnostics.message.c_str());
  BENIGN_REPORT("bin50: resolved %d, smallest 1-s 1e%.1f, largest gap %.1f, %ld steps", int(rb.diagnostics.resolved),
                rb.diagnostics.log10_min_complement, rb.diagnostics.max_gap, rb.steps_done);
  // bin50 follows the exact dynamics past gap 745 (e^-745 ≈ 5e-324, double's smallest subnormal).
  CHECK(rb.diagnostics.resolved);
  CHECK(rb.diagnostics.max_gap > 745);
  CHECK(rb.diagnostics.message.empty());
  // double loses the gradient (1 − s below its smallest normal 2.2e-308, i.e. gap > 708) and says so.
  CHECK_FALSE(rd.diagnostics.resolved);
  CHECK(rd.diagnostics.lost_at_time > 0);
  CHECK(rd.diagnostics.lost_at_time < 1e300);
  CHECK(rd.diagnostics.message.find("lost the gradient") != std::string::npos);
  CHECK(rd.diagnostics.message.find("plateau of the precision") != std::string::npos);
  REQUIRE(!rd.diagnostics.suggested_precision.empty());
  CHECK(rd.diagnostics.message.find("--precision " + rd.diagnostics.suggested_precision) != std::string::npos);
  // The precision it names does resolve the run.
  Config cs = c;
  cs.precision = rd.diagnostics.suggested_precision;
  const RunResult rs = run_simulation(cs, D, RunOptions{});
  BENIGN_REPORT("suggested %s: resolved %d, largest gap %.1f", cs.precision.c_str(), int(rs.diagnostics.resolved),
                rs.diagnostics.max_gap);
  CHECK(rs.diagnostics.resolved);
  CHECK(rs.diagnostics.max_gap > 745);
  // Before double lost the gradient the two precisions agree (the test accuracy is the same at the end).
  CHECK(rd.last().test_acc == rb.last().test_acc);
}

TEST_CASE("flow: a 50-digit run reaches gap 1e4 without NaN or inf", "[flow]") {
  // The problem above to t = 1e4400 (beyond double's range: the horizon key keeps its decimal text,
  // which bin50 reads exactly): the gaps grow to ~1e4 and 1 − s to ~1e-4430, far below any
  // hardware type but representable in bin50 (exponent range ~1e±6e8).
  // Two samples of three tokens keep it fast: late in the run the explicit method is limited by
  // stability to steps of ~3 in log t (the linearized flow has rate ~1 per unit of log t), so the
  // ~1e4 units of log t take ~3000 steps.
  Config c = huge_gap_config();
  c.n = 2;
  c.T = 3;
  c.d = 8;
  c.n_test = 4;
  c.horizon.text = "1e4400";
  c.horizon.value = std::numeric_limits<double>::infinity();
  c.tol = Real(1e-6);
  const Dataset D = make_dataset(c);
  FlowControl fc;
  fc.times = {1.0, 1e300};  // few checkpoints: the steps are not cut at every decade
  const RunResult r = run_gradient_flow<bin50>(c, D, RunOptions{}, fc);
  BENIGN_REPORT("bin50 to t = 1e4400: largest gap %.1f, smallest 1-s 1e%.1f, %ld steps, %.2f s; %s", r.diagnostics.max_gap,
                r.diagnostics.log10_min_complement, r.steps_done, r.train_s, r.notes.c_str());
  CHECK(r.diagnostics.resolved);
  CHECK(r.diagnostics.max_gap >= 1e4);
  CHECK(std::isfinite(r.diagnostics.log10_min_complement));
  CHECK(r.diagnostics.log10_min_complement < -4000);
  const Checkpoint& f = r.last();
  CHECK(std::isfinite(f.train_loss));
  CHECK(std::isfinite(f.test_loss));
  CHECK(std::isfinite(f.p_norm));
  for (const FinalSample& s : r.final_train) CHECK(std::isfinite(s.f));
  for (const FinalSample& s : r.final_test) CHECK(std::isfinite(s.f));
  CHECK(f.train_acc == 1.0);
}

TEST_CASE("flow: checkpoints land exactly on their times and the run respects a stop request", "[flow]") {
  Config c = small_config("Wp");
  c.integrator = "flow";
  c.horizon = Real(100.0);
  c.every = 0;
  c.checkpoints_per_decade = 4;
  c.lr = Real(0.01);
  const Dataset D = make_dataset(c);
  const RunResult r = run_simulation(c, D, RunOptions{});
  REQUIRE(r.checkpoints.size() >= 3);
  CHECK(r.checkpoints.front().time == 0.0);
  CHECK(r.checkpoints.back().time == 100.0);
  CHECK(r.checkpoints.back().step == Approx(1e4).epsilon(1e-12));
  // Log-spaced: 4 per decade from t = lr = 0.01 to 100, i.e. 10^(k/4) for k = -8 … 8, plus t = 0.
  CHECK(r.checkpoints.size() == 18);
  for (std::size_t k = 1; k < r.checkpoints.size(); ++k)
    CHECK(r.checkpoints[k].time == Approx(std::pow(10.0, (double(k) - 9.0) / 4.0)).epsilon(1e-14));
  CHECK(r.integrator == "flow");
  CHECK(r.notes.find("accepted steps") != std::string::npos);
  // every > 0 gives the gradient-descent grid (time every·lr).
  Config cu = c;
  cu.every = 1000;
  const RunResult ru = run_simulation(cu, D, RunOptions{});
  REQUIRE(ru.checkpoints.size() == 11);
  for (std::size_t k = 0; k < ru.checkpoints.size(); ++k) CHECK(ru.checkpoints[k].step == Approx(1000.0 * k));
  // A stop request before the first step: one checkpoint at t = 0 with the final selections, interrupted.
  std::atomic<bool> stop{true};
  RunOptions opt;
  opt.stop = &stop;
  const RunResult rs = run_simulation(c, D, opt);
  CHECK(rs.interrupted);
  CHECK(rs.checkpoints.size() == 1);
  CHECK(rs.final_train.size() == std::size_t(c.n));
}

TEST_CASE("flow: every precision runs the flow and agrees with long double", "[flow]") {
  // Each precision integrates the same problem to t = 5 at tol 1e-9 (float: 1e-5, near its epsilon
  // 1.2e-7). The predictions agree with long double's within 10 × tol (≤ 1e-8; float ≤ 1e-4), a
  // bound that holds even if a precision's rounding changes one accept/reject decision; measured,
  // the step sequences coincide and the differences are rounding (≤ 5e-15).
  Config c = small_config("Wp");
  c.integrator = "flow";
  c.horizon = Real(5.0);
  c.tol = Real(1e-9);
  c.every = 0;
  const Dataset D = make_dataset(c);
  Config cl = c;
  cl.precision = "long-double";
  const RunResult ref = run_simulation(cl, D, RunOptions{});
  for (const std::string p : {"float", "double", "float128", "bin50", "bin100", "mpfr"}) {
    Config cp = c;
    cp.precision = p;
    if (p == "float") cp.tol = Real(1e-5);
    const RunResult r = run_simulation(cp, D, RunOptions{});
    const double d = f_distance(r, ref);
    BENIGN_REPORT("precision %s: %ld steps, max |f - f_long_double| = %.3e", p.c_str(), r.steps_done, d);
    INFO("precision " << p << " distance " << d);
    CHECK(r.precision == p);
    CHECK(r.diagnostics.resolved);
    CHECK(d <= (p == "float" ? 1e-4 : 1e-8));
  }
}

// ---------------------------------------------------------------------------------------------
// Several heads (issue 15): each head's (z_h, K_h, c_h, ...) follows the one-head flow with its own
// g^h from the loss of f = Σ_h f^h.

TEST_CASE("flow: H = 3 heads agree with several-head gradient descent to first order in the rate", "[flow][heads]") {
  // The same first-order test as for one head (tolerance |ratio − 2| ≤ 0.2, d(0.01) ≤ 0.05; see
  // Agreement): gradient descent of the three heads at rates 0.01, 0.005 against the flow to t = 1.
  for (const std::string train : {"Wp", "p", "W"}) {
    for (const std::string nu : {"shared", "split"}) {
      Config c = small_config(train);
      c.heads = 3;
      c.head_nu = nu;
      const Dataset D = make_dataset(c);
      const Agreement a = gd_agreement(c, D, FlowControl{});
      BENIGN_REPORT("H=3 flow vs gd, train=%s nu=%s: d(0.01) = %.4e, d(0.005) = %.4e, ratio %.4f", train.c_str(), nu.c_str(),
                    a.d1, a.d2, a.ratio);
      INFO("train=" << train << " nu=" << nu << " d1=" << a.d1 << " d2=" << a.d2 << " ratio=" << a.ratio);
      CHECK(a.d1 > 1e-6);
      CHECK(a.ok());
    }
  }
  // Negative control: a wrong right-hand side in every head fails the agreement.
  Config c = small_config("Wp");
  c.heads = 3;
  const Dataset D = make_dataset(c);
  FlowControl fc;
  fc.fault = FlowControl::Fault::DropCGg;
  const Agreement bad = gd_agreement(c, D, fc);
  INFO("faulty H=3: d1=" << bad.d1 << " d2=" << bad.d2 << " ratio=" << bad.ratio);
  CHECK_FALSE(bad.ok());
}

TEST_CASE("flow: two identical heads with nu_h = one head with 2 nu_h at half the time", "[flow][heads]") {
  // Derivation: with W_1 = W_2, p_1 = p_2 and ν_1 = ν_2 = ν_h, f = 2 ν_hᵀ Xᵀ S(X W p) is the one-head
  // model with ν' = 2ν_h, and ∂L/∂θ_h = ½ ∂L'/∂θ (f^h = f'/2), so each head solves dθ/dt = −½ ∇L'(θ):
  // θ_h(t) = θ'(t/2). In floating point g^h = g'/2 exactly (scaling by 2 is exact), so fixed
  // Dormand–Prince steps h (two heads) and h/2 (one head) do the same arithmetic up to exact
  // factors of 2: equal to rounding (≤ 8 eps relative, as the gradient-descent identity).
  Config c = small_config("Wp");
  c.p_init = "gaussian";  // every basis term (β, ε, B, b) active
  c.heads = 2;
  const Dataset D = make_dataset(c);
  const Problem<double> P = make_problem<double>(c, D);
  const TrainMode mode = TrainMode::parse(c.train);
  Config one_cfg = c;
  one_cfg.heads = 1;
  HeadEngines<double> two({c, c}, D, mode, false);  // both heads: head 0's W0, p0
  HeadEngines<double> one({one_cfg}, D, mode, false), one_fast({one_cfg}, D, mode, false);
  ReducedFlow<double> f2(P, {&two.reduced(0), &two.reduced(1)}, {P.gamma, P.gamma});
  ReducedFlow<double> f1(P, {&one.reduced(0)}, {Vec<double>(2.0 * P.gamma)});
  ReducedFlow<double> ff(P, {&one_fast.reduced(0)}, {Vec<double>(2.0 * P.gamma)});
  const std::array<double, 7> phi{1, 1, 1, 1, 1, 1, 1};
  const double h = 0.01;
  const Vec<double> z0 = two[0].z();
  for (int k = 0; k < 200; ++k) {  // two heads to t = 2, one head to t = 1
    f2.attempt(h, phi, 1e-9, false); f2.accept();
    f1.attempt(h / 2, phi, 1e-9, false); f1.accept();
    ff.attempt(h, phi, 1e-9, false); ff.accept();  // negative control: the full time
  }
  const double d01 = test::rel_inf<double>(two[0].z(), two[1].z());
  const double d0 = test::rel_inf<double>(two[0].z(), one[0].z());
  const double dt = test::rel_inf<double>(two[0].z_test(), one[0].z_test());
  const double ctrl = test::rel_inf<double>(one_fast[0].z(), one[0].z());
  BENIGN_REPORT("identical heads, flow to t = 2 (200 fixed steps): heads differ %.3g; vs one head 2nu to t = 1: z %.3g, "
                "z_test %.3g; one head to t = 2: %.3g; moved %.3g", d01, d0, dt, ctrl, test::rel_inf<double>(z0, two[0].z()));
  const double eps = test::eps_of<double>();
  CHECK(d01 == 0);
  CHECK(d0 <= 8 * eps);
  CHECK(dt <= 8 * eps);
  CHECK(ctrl > 1e-3);
}
