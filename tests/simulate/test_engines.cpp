// The two engines must be the same dynamics: the reduced (nT)-dimensional recursion of theory.md §5
// against plain d-dimensional gradient descent, run side by side, each on its own gradient, for every
// train mode and initialisation; in double at the paper's default size and in 100 digits on a small
// case (Eigen habit: the suite re-run with a wide scalar). Also the reduced engine's two
// representations (z and the basis [Xᵀ, W0W0ᵀXᵀ, W0p0]) agree.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <string>

#include "sim_check.hpp"
#include "simulate/attention_model.hpp"
#include "simulate/engine_full.hpp"
#include "simulate/engine_reduced.hpp"
#include "simulate/problem.hpp"
#include "simulate/run.hpp"

using namespace benign;

namespace {

struct EngineDiff {
  double z = 0, zt = 0, basis = 0;  // relative ‖·‖∞ differences: train logits, test logits, z_from_basis vs z
  double c = 0, q = 0;               // ‖p‖² and q·μ̂_{±1}
  double moved = 0;                  // ‖z(end) − z(0)‖∞ / ‖z(end)‖∞: the comparison is not of a standing state
  double loss0 = 0, loss1 = 0;       // training loss at the start and the end (reduced engine)
  double seconds = 0;
};

template <class T> double rel_scalar(const T& a, const T& b, const T& scale) {
  using std::abs;
  if (scale == T(0)) return a == b ? 0.0 : std::numeric_limits<double>::infinity();
  return test::dbl(T(abs(T(a - b)) / scale));
}

// Run both engines `steps` gradient-descent steps from the same problem and compare.
template <class T> EngineDiff compare_engines(const Config& c, const Dataset& D, long steps) {
  using std::abs;
  const auto t0 = std::chrono::steady_clock::now();
  const TrainMode mode = TrainMode::parse(c.train);
  const Problem<T> P = make_problem<T>(c, D);
  const Grams<T> G = make_grams<T>(c, D);
  ReducedEngine<T> red(G, mode);
  FullEngine<T> full(c, D, mode);
  const Vec<T> z0 = full.z();
  Vec<T> gr(P.N()), gf(P.N());
  const T lr = c.lr.as<T>();
  EngineDiff out;
  for (long s = 0; s <= steps; ++s) {
    const T lr_loss = loss_and_gradient<T>(red.z().data(), P.gamma.data(), P.y.data(), P.n, P.T_tokens, gr.data());
    loss_and_gradient<T>(full.z().data(), P.gamma.data(), P.y.data(), P.n, P.T_tokens, gf.data());
    if (s == 0) out.loss0 = test::dbl(lr_loss);
    if (s == steps) { out.loss1 = test::dbl(lr_loss); break; }
    red.step(lr, gr);
    full.step(lr, gf);
  }
  out.z = test::rel_inf<T>(red.z(), full.z());
  out.zt = test::rel_inf<T>(red.z_test(), full.z_test());
  out.basis = test::rel_inf<T>(red.z_from_basis(), red.z());
  out.c = rel_scalar<T>(red.p_norm2(), full.p_norm2(), full.p_norm2());
  const T qp = full.q_along(true), qn = full.q_along(false);
  const T qs = std::max<T>(T(abs(qp)), T(abs(qn)));
  out.q = std::max(rel_scalar<T>(red.q_along(true), qp, qs), rel_scalar<T>(red.q_along(false), qn, qs));
  out.moved = test::rel_inf<T>(z0, full.z());
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

struct Combo {
  const char* train;
  const char* w_init;
  const char* p_init;
};
// Every train mode with every W(0); p(0) = 0 (the paper) where it can move, and Gaussian p(0)
// (which exercises the ε, b terms of the basis) for every W(0) as well.
const Combo kCombos[] = {
    {"Wp", "kaiming", "zero"},     {"Wp", "identity", "zero"},     {"Wp", "gaussian", "zero"},
    {"p", "kaiming", "zero"},      {"p", "identity", "zero"},      {"p", "gaussian", "zero"},
    {"W", "kaiming", "gaussian"},  {"W", "identity", "gaussian"},  {"W", "gaussian", "gaussian"},
    {"Wp", "kaiming", "gaussian"}, {"Wp", "identity", "gaussian"}, {"Wp", "gaussian", "gaussian"},
};

Config with_combo(Config c, const Combo& k) {
  c.train = k.train; c.w_init = k.w_init; c.p_init = k.p_init;
  return c;
}

void report(const char* what, const Config& c, const EngineDiff& e) {
  BENIGN_REPORT("%s train=%s w_init=%s p_init=%s: z %.3g, z_test %.3g, basis %.3g, |p|^2 %.3g, q %.3g; moved %.3g, loss %.6g -> %.6g, %.2f s",
                what, c.train.c_str(), c.w_init.c_str(), c.p_init.c_str(), e.z, e.zt, e.basis, e.c, e.q, e.moved, e.loss0,
                e.loss1, e.seconds);
}

// The small case of the 100-digit comparison: n = 4, T = 4, d = 12, set-up in the working precision.
Config small_config() {
  Config c;
  c.n = 4; c.T = 4; c.d = 12; c.n_test = 6;
  c.setup = "native";
  c.lr = Real(0.05);
  return c;
}

// Every compared quantity (z, test logits, basis, c, q) within tol of the other engine.
void check_all_within(const EngineDiff& e, double tol) {
  CHECK(e.z <= tol);
  CHECK(e.zt <= tol);
  CHECK(e.basis <= tol);
  CHECK(e.c <= tol);
  CHECK(e.q <= tol);
}

}  // namespace

TEST_CASE("reduced = full after 1000 default steps in double (n=20, T=8, d=2000)", "[engines]") {
  // The paper's default setting (Config{}), train = Wp, W(0) Kaiming, p(0) = 0.
  const Config c;
  const Dataset D = make_dataset(c);
  const EngineDiff e = compare_engines<double>(c, D, c.steps);
  report("default d=2000 double", c, e);
  CHECK(e.moved > 0.5);
  check_all_within(e, 1e-10);
}

TEST_CASE("reduced = full at the default size for train = p and train = W too (double, 1000 steps)", "[engines]") {
  // The other two train modes with the paper's Kaiming W(0); train = W needs p(0) Gaussian.
  Config base;
  base.n_test = 200;
  const Dataset D = make_dataset(base);
  for (const Combo& k : {Combo{"p", "kaiming", "zero"}, Combo{"W", "kaiming", "gaussian"}}) {
    const Config c = with_combo(base, k);
    CAPTURE(c.train, c.w_init, c.p_init);
    const EngineDiff e = compare_engines<double>(c, D, c.steps);
    report("default size double", c, e);
    CHECK(e.moved > 0.5);
    check_all_within(e, 1e-10);
  }
}

TEST_CASE("reduced = full in double for every train mode and W(0), 1000 steps at d=200", "[engines]") {
  Config base;
  base.d = 200; base.n_test = 50;
  const Dataset D = make_dataset(base);  // the data do not depend on train / w_init / p_init
  for (const Combo& k : kCombos) {
    const Config c = with_combo(base, k);
    CAPTURE(c.train, c.w_init, c.p_init);
    const EngineDiff e = compare_engines<double>(c, D, 1000);
    report("d=200 double", c, e);
    CHECK(e.moved > 1e-3);
    check_all_within(e, 1e-10);
  }
}

TEST_CASE("reduced = full in double for every train mode and W(0) at the default size", "[engines][.slow]") {
  // The same at d = 2000, n_test = 200: 12 full-engine runs of 1000 steps (minutes; not run by default).
  Config base;
  base.n_test = 200;
  const Dataset D = make_dataset(base);
  for (const Combo& k : kCombos) {
    const Config c = with_combo(base, k);
    CAPTURE(c.train, c.w_init, c.p_init);
    const EngineDiff e = compare_engines<double>(c, D, c.steps);
    report("d=2000 double", c, e);
    CHECK(e.z <= 1e-10);
    CHECK(e.zt <= 1e-10);
    CHECK(e.basis <= 1e-10);
  }
}

TEST_CASE("reduced = full to 1e-40 in bin100 (n=4, T=4, d=12, set-up native, 200 steps)", "[engines][bin100]") {
  const Config base = small_config();
  const Dataset D = make_dataset(base);
  for (const Combo& k : kCombos) {
    const Config c = with_combo(base, k);
    CAPTURE(c.train, c.w_init, c.p_init);
    const EngineDiff e = compare_engines<bin100>(c, D, 200);
    report("small bin100", c, e);
    CHECK(e.moved > 1e-3);
    // The bound, and the one the arithmetic supports: 1e6 ε_bin100 ≈ 1e-93.
    check_all_within(e, 1e-40);
    CHECK(e.z <= 1e6 * test::eps_of<bin100>());
    CHECK(e.zt <= 1e6 * test::eps_of<bin100>());
  }
}

TEMPLATE_TEST_CASE("reduced = full within 1e3 eps in every wide scalar (small case, 200 steps)", "[engines][precision]", double,
                   dd, long double, float128, bin50, bin100) {
  // Same small case, train = Wp, W(0) Kaiming, p(0) Gaussian (all basis terms active), set-up in the
  // working precision (for double: the double set-up). Tolerance in units of the scalar's ε.
  Config c = small_config();
  c.p_init = "gaussian";
  const Dataset D = make_dataset(c);
  const EngineDiff e = compare_engines<TestType>(c, D, 200);
  const double eps = test::eps_of<TestType>();
  BENIGN_REPORT("small %s: z %.3g eps, z_test %.3g eps, basis %.3g eps", scalar_name<TestType>(), e.z / eps, e.zt / eps, e.basis / eps);
  check_all_within(e, 1e3 * eps);
}

TEST_CASE("reduced and full agree on user data with a given W0 and p0 (bin100)", "[engines][bin100]") {
  // Generic hand-made data (not the paper's structure): n=3, T=5, d=7, dense W0, p0.
  const Dataset D = test::tiny_dataset(3, 5, 7, 4, 321, true, 0.5);
  for (const char* mode : {"Wp", "p", "W"}) {
    Config c = test::tiny_config(D);
    c.train = mode;
    c.lr = Real(0.1);
    CAPTURE(mode);
    const EngineDiff e = compare_engines<bin100>(c, D, 100);
    report("tiny user data bin100", c, e);
    CHECK(e.moved > 1e-3);
    CHECK(e.z <= 1e6 * test::eps_of<bin100>());
    CHECK(e.zt <= 1e6 * test::eps_of<bin100>());
    CHECK(e.basis <= 1e6 * test::eps_of<bin100>());
  }
}

TEST_CASE("run_simulation records the same trajectory with engine=full and engine=reduced", "[engines]") {
  // Through the trainer: every checkpoint observable agrees (relative 1e-9; counts exactly).
  Config c;
  c.d = 120; c.n_test = 40; c.steps = 400; c.every = 20;
  const Dataset D = make_dataset(c);
  c.engine = "reduced";
  const RunResult a = run_simulation(c, D);
  c.engine = "full";
  const RunResult b = run_simulation(c, D);
  REQUIRE(a.checkpoints.size() == b.checkpoints.size());
  REQUIRE(a.checkpoints.size() == 21);
  auto close = [](double x, double y) { return std::abs(x - y) <= 1e-9 * std::max({1.0, std::abs(x), std::abs(y)}); };
  for (std::size_t k = 0; k < a.checkpoints.size(); ++k) {
    const Checkpoint &p = a.checkpoints[k], &q = b.checkpoints[k];
    CAPTURE(k);
    CHECK(p.step == q.step);
    CHECK(close(p.train_loss, q.train_loss));
    CHECK(close(p.test_loss, q.test_loss));
    CHECK(p.train_acc == q.train_acc);
    CHECK(p.test_acc == q.test_acc);
    CHECK(p.train_acc_noisy == q.train_acc_noisy);
    CHECK(close(p.p_norm, q.p_norm));
    CHECK(close(p.q_pos, q.q_pos));
    CHECK(close(p.q_neg, q.q_neg));
    CHECK(close(p.lambda_mean, q.lambda_mean));
    CHECK(close(p.gamma_mean, q.gamma_mean));
    CHECK(p.selected_type == q.selected_type);
    REQUIRE(p.tracked.size() == q.tracked.size());
    for (std::size_t j = 0; j < p.tracked.size(); ++j) CHECK(close(p.tracked[j], q.tracked[j]));
  }
  CHECK(a.engine == "reduced");
  CHECK(b.engine == "full");
}

namespace {

// Final training and test logits of `steps` reduced-engine steps on c's data in T, the Grams set up
// in double (c.setup = "double": the same inputs, exactly, in every T), returned in bin50.
template <class T> std::pair<Vec<bin50>, Vec<bin50>> final_logits(const Config& c, const Dataset& D, long steps) {
  const Problem<T> P = make_problem<T>(c, D);
  const Grams<T> G = make_grams<T>(c, D);
  ReducedEngine<T> eng(G, TrainMode::parse(c.train));
  Vec<T> g(P.N());
  const T lr = c.lr.as<T>();
  for (long k = 0; k < steps; ++k) {
    loss_and_gradient<T>(eng.z().data(), P.gamma.data(), P.y.data(), P.n, P.T_tokens, g.data());
    eng.step(lr, g);
  }
  auto to50 = [](const Vec<T>& v) {
    Vec<bin50> out(v.size());
    for (long k = 0; k < v.size(); ++k) {
      if constexpr (std::is_same_v<T, dd>) out[k] = bin50(v[k].hi()) + bin50(v[k].lo());
      else out[k] = bin50(v[k]);
    }
    return out;
  };
  return {to50(eng.z()), to50(eng.z_test())};
}

}  // namespace

TEST_CASE("dd ends where bin50 ends: final logits of the default setting within 1e-28 relative", "[engines][precision][dd]") {
  // The default setting (n = 20, T = 8, d = 2000, ||mu|| = 20, lr = 5e-3, 1000 steps) with 100 test samples;
  // Grams from the double set-up in both, so only the arithmetic differs. dd's ε = 2^-104 ≈ 4.9e-32: a
  // relative difference of 1e-28 allows ~2000 ε of growth over 1000 steps (measured: 1.7e-31, 3.5 ε).
  Config c;
  c.n_test = 100;
  c.setup = "double";
  const Dataset D = make_dataset(c);
  const auto [z50, zt50] = final_logits<bin50>(c, D, c.steps);
  const auto [zdd, ztdd] = final_logits<dd>(c, D, c.steps);
  const auto [z64, zt64] = final_logits<double>(c, D, c.steps);
  const double rz = test::rel_inf<bin50>(zdd, z50), rzt = test::rel_inf<bin50>(ztdd, zt50);
  const double rz64 = test::rel_inf<bin50>(z64, z50);
  BENIGN_REPORT("default setting, 1000 steps: dd vs bin50 final logits %.3g (train), %.3g (test) relative; double vs bin50 %.3g",
                rz, rzt, rz64);
  CHECK(rz <= 1e-28);
  CHECK(rzt <= 1e-28);
  // Negative control: double is 1e16 times coarser and must fail the same bound.
  CHECK(rz64 > 1e-28);
}

TEST_CASE("test logits in dd (the checkpoints' test side of bin50 runs) agree with bin50's to 1e-28 relative", "[engines][precision][dd]") {
  // Small case, train = Wp (α, β, ε all active), 100 steps in bin50; z_test_dd rounds H0, C, h0, β, α, ε
  // to dd (2^-106 relative each) and sums N = 40 products: relative error ≲ N ε_dd ≈ 2e-30 of the terms.
  Config c = small_config();
  c.p_init = "gaussian";
  const Dataset D = make_dataset(c);
  const Problem<bin50> P = make_problem<bin50>(c, D);
  const Grams<bin50> G = make_grams<bin50>(c, D);
  ReducedEngine<bin50> eng(G, TrainMode::parse(c.train));
  Vec<bin50> g(P.N());
  for (int k = 0; k < 100; ++k) {
    loss_and_gradient<bin50>(eng.z().data(), P.gamma.data(), P.y.data(), P.n, P.T_tokens, g.data());
    eng.step(c.lr.as<bin50>(), g);
  }
  const Vec<bin50> zt = eng.z_test();
  const Vec<dd> ztd = eng.z_test_dd();
  Vec<bin50> back(ztd.size());
  for (long k = 0; k < ztd.size(); ++k) back[k] = bin50(ztd[k].hi()) + bin50(ztd[k].lo());
  const double r = test::rel_inf<bin50>(back, zt);
  BENIGN_REPORT("z_test in dd vs bin50 after 100 steps: %.3g relative (tol 1e-28)", r);
  CHECK(r <= 1e-28);
  // Negative control: the same logits rounded to double miss the bound.
  Vec<bin50> dbl(zt.size());
  for (long k = 0; k < zt.size(); ++k) dbl[k] = bin50(static_cast<double>(zt[k]));
  CHECK(test::rel_inf<bin50>(dbl, zt) > 1e-28);

  // The basis kept in dd from the start (what bin50 runs do): the training logits are the same bits
  // (the basis drives nothing), test logits and q_± within 1e-27 of the bin50 basis after 100 steps.
  ReducedEngine<bin50> end(G, TrainMode::parse(c.train));
  end.use_dd_basis();
  REQUIRE(end.dd_basis());
  for (int k = 0; k < 100; ++k) {
    loss_and_gradient<bin50>(end.z().data(), P.gamma.data(), P.y.data(), P.n, P.T_tokens, g.data());
    end.step(c.lr.as<bin50>(), g);
  }
  CHECK(end.z() == eng.z());
  const double rb = test::rel_inf<bin50>(end.z_test(), zt);
  const double rq = static_cast<double>(abs(bin50(end.q_along(true) - eng.q_along(true))) / abs(eng.q_along(true)));
  const double rzb = test::rel_inf<bin50>(end.z_from_basis(), eng.z());
  BENIGN_REPORT("dd basis vs bin50 basis after 100 steps: z_test %.3g, q_pos %.3g, z from the basis %.3g relative (tol 1e-27)", rb, rq, rzb);
  CHECK(rb <= 1e-27);
  CHECK(rq <= 1e-27);
  CHECK(rzb <= 1e-27);
}

TEST_CASE("a bin50 run says its test observables are in dd and a double run says nothing", "[engines][precision][dd]") {
  Config c = small_config();
  c.steps = 20; c.every = 5;
  const Dataset D = make_dataset(c);
  c.precision = "bin50";
  const RunResult b = run_simulation(c, D);
  c.precision = "double";
  const RunResult a = run_simulation(c, D);
  CHECK(b.test_precision == "dd");
  CHECK(a.test_precision.empty());
  c.precision = "bin100";  // asked for 100 digits: every observable in them
  CHECK(run_simulation(c, D).test_precision.empty());
  const std::string js = summary_json(b);
  CHECK(js.find("\"test_precision\": \"dd\"") != std::string::npos);
  CHECK(summary_json(a).find("test_precision") == std::string::npos);
  // The dd test side reports the double run's test losses to 1e-12 at every checkpoint.
  REQUIRE(a.checkpoints.size() == b.checkpoints.size());
  for (std::size_t k = 0; k < a.checkpoints.size(); ++k)
    CHECK(std::abs(a.checkpoints[k].test_loss - b.checkpoints[k].test_loss) <= 1e-12 * std::abs(b.checkpoints[k].test_loss));
}
