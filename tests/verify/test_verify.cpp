// verify/: the observed-regime classifier, calibration, exponent judgement and sweeps.
// Each verifier has a negative control: an input it must reject.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "bounds/regime_map.hpp"
#include "core/errors.hpp"
#include "verify/agreement.hpp"
#include "verify/boundary_exponents.hpp"
#include "verify/calibrate_constants.hpp"
#include "verify/observed_regime.hpp"
#include "verify/sweep.hpp"
#include "verify/verify_job.hpp"
#include "verify/window_control.hpp"
#include "core/rng.hpp"

using namespace benign;

namespace {

// A trajectory of `k` checkpoints whose accuracies follow the given functions of the step.
template <class F> RunResult synthetic_run(long k, F fill) {
  RunResult r;
  r.config.n = 20;
  for (long i = 0; i <= k; ++i) {
    Checkpoint c;
    c.step = double(i * 10);
    c.time = c.step * 5e-3;
    c.lambda_mean = 1 + 0.01 * double(i);
    c.selected_type.assign(20, 0);
    fill(i, c);
    r.checkpoints.push_back(c);
  }
  return r;
}

}  // namespace

TEST_CASE("classify: the five observed regimes from synthetic trajectories", "[verify]") {
  Config th;
  auto benign_run = synthetic_run(100, [](long i, Checkpoint& c) {
    c.train_acc = i >= 40 ? 1.0 : 0.8; c.train_acc_clean = 1; c.train_acc_noisy = i >= 40 ? 1 : 0; c.test_acc = 0.99;
  });
  CHECK(classify(benign_run, th).regime == kBenign);
  CHECK(classify(benign_run, th).tau_fit == 400);

  auto harmful_run = synthetic_run(100, [](long i, Checkpoint& c) {
    c.train_acc = i >= 40 ? 1.0 : 0.8; c.train_acc_clean = 1; c.train_acc_noisy = i >= 40 ? 1 : 0; c.test_acc = 0.86;
  });
  CHECK(classify(harmful_run, th).regime == kHarmful);

  auto not_over = synthetic_run(100, [](long, Checkpoint& c) {
    c.train_acc = 0.8; c.train_acc_clean = 1; c.train_acc_noisy = 0; c.test_acc = 1;
  });
  CHECK(classify(not_over, th).regime == kNotOverfitting);

  // fitted at step 50, generalizing only from step 900: τ_gen/τ_fit = 18 ≥ 10
  auto delayed = synthetic_run(100, [](long i, Checkpoint& c) {
    c.train_acc = i >= 5 ? 1.0 : 0.5; c.train_acc_clean = 1; c.train_acc_noisy = 1; c.test_acc = i >= 90 ? 0.99 : 0.6;
  });
  const Observation od = classify(delayed, th);
  CHECK(od.regime == kDelayed);
  CHECK(od.tau_fit == 50);
  CHECK(od.tau_gen == 900);
  CHECK(od.ratio == Approx(18));

  // noisy samples still being fitted at the horizon: not settled, so undecided (not "not overfitting")
  auto moving = synthetic_run(100, [](long i, Checkpoint& c) {
    c.train_acc = 0.8 + (i >= 95 ? 0.05 : 0); c.train_acc_clean = 1; c.train_acc_noisy = i >= 95 ? 0.25 : 0; c.test_acc = 1;
  });
  const Observation om = classify(moving, th);
  CHECK(om.regime == kUndecided);
  CHECK_FALSE(om.settled);
}

TEST_CASE("classify: negative controls — thresholds decide, a wrong threshold changes the verdict", "[verify]") {
  auto run = synthetic_run(50, [](long, Checkpoint& c) {
    c.train_acc = 1; c.train_acc_clean = 1; c.train_acc_noisy = 1; c.test_acc = 0.93;
  });
  Config th;
  CHECK(classify(run, th).regime == kHarmful);       // 0.93 < 1 - 0.05
  set_key(th, "eps_benign", "0.1");                  // benign from 0.90 on
  CHECK(classify(run, th).regime == kBenign);
  // delayed generalization needs the ratio: with delay_ratio 100 the same run is plain benign
  auto delayed = synthetic_run(100, [](long i, Checkpoint& c) {
    c.train_acc = i >= 5 ? 1.0 : 0.5; c.train_acc_clean = 1; c.train_acc_noisy = 1; c.test_acc = i >= 90 ? 0.99 : 0.6;
  });
  Config strict;
  set_key(strict, "delay_ratio", "100");
  CHECK(classify(delayed, strict).regime == kBenign);
}

TEST_CASE("classify: the growth-function check sees linear g(Λ(τ)) and rejects a non-linear one", "[verify]") {
  // Λ(τ) = g⁻¹(2 + κτ) is exactly linear in g; Λ(τ) = log(1+τ) is not (g ≈ e^x/T grows like τ only for large x)
  Config th;
  auto lin = synthetic_run(200, [](long, Checkpoint& c) { c.train_acc = 1; c.train_acc_clean = 1; c.test_acc = 1; });
  lin.config.T = 8;
  for (auto& c : lin.checkpoints) c.lambda_mean = std::log(8.0) + std::asinh((0.5 * c.time + 1.0) / 2.0);  // g(x)≈... monotone
  const LinearFit f = classify(lin, th).growth;
  CHECK(f.points > 10);
  auto sq = lin;
  for (auto& c : sq.checkpoints) c.lambda_mean = 1 + 0.001 * c.time * c.time;  // gaps growing quadratically: g convex in τ
  CHECK(classify(sq, th).growth.r2 < f.r2);
}

TEST_CASE("calibration recovers the constants that generated the labels, and a wrong map scores worse", "[verify]") {
  const RegimeMap map = paper_regime_map();
  Config truth;
  set_key(truth, "c_h", "1.3");
  set_key(truth, "c_n", "4");
  std::vector<ObservedCell> cells;
  for (long d : {250, 500, 1000, 2000, 4000, 8000})
    for (double mu : {2.0, 3.0, 5.0, 7.0, 10.0, 15.0, 20.0, 30.0, 50.0, 80.0, 120.0}) {
      Config c = truth;
      c.d = d;
      c.mu = Real(mu);
      cells.push_back({c, predicted_regime(c, map)});  // labels from the true constants
    }
  Config start;  // constants 1
  const GridCalibration cal = calibrate_constants(map, cells, start);
  REQUIRE(cal.constants.size() == 2);
  for (const auto& k : cal.constants) {
    INFO(k.key << " in (" << k.lo << ", " << k.hi << ")");
    CHECK(k.errors == 0);
    CHECK(k.identifiable);
    const double t = k.key == "c_h" ? 1.3 : 4.0;
    CHECK(k.lo <= t);
    CHECK(k.hi >= t);
  }
  CHECK(score_predictions(map, cells, cal.calibrated).rate() == 1.0);
  CHECK(score_predictions(map, cells, start).rate() < 1.0);
  // negative control: the swapped-exponent map, even calibrated, cannot reproduce the labels
  const RegimeMap wrong = swapped_exponent_map(map);
  const GridCalibration wcal = calibrate_constants(wrong, cells, start);
  CHECK(score_predictions(wrong, cells, wcal.calibrated).rate() < 0.95);
}

TEST_CASE("exponent judgement: a slope of 1/4 is consistent with the paper's map and rejects the swapped one", "[verify]") {
  const RegimeMap map = paper_regime_map();
  BoundaryLine line;
  line.boundary = 0;  // harmful boundary: ‖μ‖* ∝ d^{1/4}
  line.key = "d";
  line.values = {"500", "1000", "2000", "4000", "8000"};
  ExponentCheck m;
  std::vector<double> xs, ys;
  for (const auto& v : line.values) {
    const double d = std::stod(v);
    LocatedPoint p;
    p.x = d; p.bracketed = true;
    p.mu_star = 1.1 * std::pow(d, 0.25) * (1 + 0.01 * std::sin(d));  // 1% scatter
    p.mu_lo = p.mu_star / 1.02; p.mu_hi = p.mu_star * 1.02;
    m.points.push_back(p);
    xs.push_back(std::log(d)); ys.push_back(std::log(p.mu_star));
  }
  m.fit = fit_line(xs, ys);
  const double t = t_quantile_975(m.fit.points - 2);
  m.ci_lo = m.fit.slope - t * m.fit.slope_se;
  m.ci_hi = m.fit.slope + t * m.fit.slope_se;
  Config base;
  CHECK(map_slope(map, line, base) == Approx(0.25).margin(1e-12));
  CHECK(judge_against(m, map, line, base).consistent);
  const ExponentCheck w = judge_against(m, swapped_exponent_map(map), line, base);
  CHECK(w.map_slope == Approx(0.5).margin(1e-12));
  CHECK_FALSE(w.consistent);
}

TEST_CASE("exponent line: the ‖μ‖ window follows the tilt and the line's keys reach every run's config", "[verify]") {
  BoundaryLine line;
  line.key = "d";
  line.values = {"1000", "1000000", "1000000000"};
  line.keys = {{"w_init", "gaussian"}, {"w_var", "0.25"}, {"source", "sampled"}, {"n", "16"}};
  line.mu_lo = 4; line.mu_hi = 32; line.mu_points = 4; line.tilt = 0.25;
  // Window at x: [4, 32]·(x/1000)^{1/4}, log-spaced; exact up to rounding of exp/log (1e-12 relative).
  for (std::size_t i = 0; i < line.values.size(); ++i) {
    const auto g = line_mu_grid(line, i);
    const double f = std::pow(std::stod(line.values[i]) / 1000.0, 0.25);
    REQUIRE(g.size() == 4);
    CHECK(g.front() == Approx(4 * f).epsilon(1e-12));
    CHECK(g.back() == Approx(32 * f).epsilon(1e-12));
    CHECK(g[1] / g[0] == Approx(2).epsilon(1e-12));  // 8 = 2^3 over three steps
  }
  // negative control: without the tilt the window does not move
  BoundaryLine flat = line;
  flat.tilt = 0;
  CHECK(line_mu_grid(flat, 2).front() == Approx(4).epsilon(1e-12));
  CHECK(line_mu_grid(line, 2).front() > 100);
  const Config c = line_config(Config{}, line, "1000000000");
  CHECK(c.d == 1000000000L);
  CHECK(c.n == 16);
  CHECK(c.source == "sampled");
  CHECK(c.w_init == "gaussian");
  CHECK(c.w_var.value == 0.25);
  // the map's slope is read on the line's own configurations (n = 16 here), still 1/4 for the harmful boundary
  CHECK(map_slope(paper_regime_map(), line, Config{}) == Approx(0.25).margin(1e-12));
}

namespace {

// Synthetic outcomes of a line: seed k at value i is above the boundary where log ‖μ‖ > log ‖μ‖*_k,i,
// log ‖μ‖*_k,i = centre(i) + 0.15 z (z standard normal, the same z for the same (i, k) on any line).
template <class Centre>
std::vector<LineOutcome> synthetic_line(const BoundaryLine& l, Centre centre) {
  std::vector<LineOutcome> out;
  for (std::size_t i = 0; i < l.values.size(); ++i) {
    const auto grid = line_mu_grid(l, i);
    for (std::size_t m = 0; m < grid.size(); ++m)
      for (long k = 0; k < l.seeds; ++k) {
        Rng rng(1000 * std::uint64_t(std::stod(l.values[i])) + std::uint64_t(k));
        const double star = centre(i) + 0.15 * rng.normal();
        out.push_back({std::log(grid[m]) > star ? 1.0 : 0.0, 1.0, true, false});
      }
  }
  return out;
}

}  // namespace

TEST_CASE("window control: a boundary that follows the map passes, outcomes that follow the window are caught", "[verify]") {
  const RegimeMap map = paper_regime_map();
  BoundaryLine main;  // the default plan's harmful line: d = 10^3 … 10^9, window [4, 32] moving as d^{1/4}
  main.boundary = 0;
  main.key = "d";
  main.values = {"1000", "10000", "100000", "1000000", "10000000", "100000000", "1000000000"};
  main.keys = {{"n", "20"}};
  main.mu_lo = 4; main.mu_hi = 32; main.tilt = 0.25; main.mu_points = 9; main.seeds = 8;
  BoundaryLine control = main;  // the default plan's control: window [4, 180] moving as d^{1/8}
  control.values = {"1000", "100000", "10000000", "1000000000"};
  control.tilt = 0.125; control.mu_lo = 4; control.mu_hi = 180; control.mu_points = 12;
  const Config base;
  // The boundary itself moves as d^{1/4} (‖μ‖* = 10 at d = 1000): both lines see it.
  auto boundary = [](const BoundaryLine& l) {
    return [&l](std::size_t i) { return std::log(10.0) + 0.25 * std::log(std::stod(l.values[i]) / 1000); };
  };
  const ExponentCheck em = fit_line_outcomes(map, main, base, synthetic_line(main, boundary(main)));
  const ExponentCheck ec = fit_line_outcomes(map, control, base, synthetic_line(control, boundary(control)));
  REQUIRE(em.fit.points == 7);
  REQUIRE(ec.fit.points == 4);
  const WindowControl ok = judge_window_control(em, main.tilt, ec, control.tilt);
  CHECK(ok.map_slope_covered);
  CHECK(ok.tilt_excluded);
  CHECK(ok.passed);
  CHECK(ok.difference_lo <= 0);
  CHECK(ok.difference_hi >= 0);
  // Negative control: outcomes that follow the window (every seed's ‖μ‖* at the same place in each
  // window, the centre of the window in log ‖μ‖). The main line cannot tell: it measures its tilt,
  // which is the map's slope; the control measures its own tilt and fails.
  auto window_centre = [](const BoundaryLine& l) {
    return [&l](std::size_t i) {
      const auto g = line_mu_grid(l, i);
      return 0.5 * (std::log(g.front()) + std::log(g.back()));
    };
  };
  const ExponentCheck am = fit_line_outcomes(map, main, base, synthetic_line(main, window_centre(main)));
  const ExponentCheck ac = fit_line_outcomes(map, control, base, synthetic_line(control, window_centre(control)));
  CHECK(am.consistent);  // fooled: the window's tilt is the map's slope
  CHECK(ac.fit.slope == Approx(0.125).margin(0.02));
  const WindowControl bad = judge_window_control(am, main.tilt, ac, control.tilt);
  CHECK_FALSE(bad.tilt_excluded);
  CHECK_FALSE(bad.map_slope_covered);
  CHECK_FALSE(bad.passed);
  // Too few located points on the control line: nothing is judged, and it does not pass.
  ExponentCheck few = ec;
  few.fit.points = 2;
  const WindowControl none = judge_window_control(em, main.tilt, few, control.tilt);
  CHECK_FALSE(none.judged);
  CHECK_FALSE(none.passed);
  CHECK(ok.judged);
}

TEST_CASE("sweep axes: ranges, lists and clear errors", "[verify]") {
  const Axis a = parse_axis("d=250:1000:250");
  CHECK(a.values == std::vector<std::string>{"250", "500", "750", "1000"});
  CHECK(parse_axis("mu=5,10").values.size() == 2);
  CHECK_THROWS_AS(parse_axis("nonsense=1,2"), ConfigError);
  CHECK_THROWS_AS(parse_axis("d"), ConfigError);
  CHECK_THROWS_AS(parse_axis("d=10:1:1"), ConfigError);
  CHECK_THROWS_WITH(parse_axis("eta=0.1,0.7"), Catch::Contains("eta"));
}

TEST_CASE("sweep: same numbers on 1 and 2 threads, and an interrupted sweep resumes from its journal", "[verify]") {
  Config base;
  base.n = 6; base.n_test = 20; base.d = 40; base.steps = 60; base.every = 20;
  const std::vector<Axis> axes{parse_axis("d=30,60"), parse_axis("mu=3,8,20")};
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "benign_sweep_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  SweepOptions o1;
  o1.threads = 1; o1.progress = false; o1.journal = (dir / "a.csv").string();
  const auto one = run_sweep(base, axes, o1);
  SweepOptions o2 = o1;
  o2.threads = 2; o2.journal = (dir / "b.csv").string();
  const auto two = run_sweep(base, axes, o2);
  REQUIRE(one.size() == 6);
  REQUIRE(two.size() == 6);
  // every number must be identical (sweep_csv_row without timing leaves the wall time out)
  auto numbers = [](const SweepCell& c) { return sweep_csv_row(c); };
  for (std::size_t i = 0; i < 6; ++i) CHECK(numbers(one[i]) == numbers(two[i]));
  // Resume: keep the header and the first two finished rows, plus a torn line.
  {
    std::ifstream in(o1.journal);
    std::string h, r1, r2;
    std::getline(in, h); std::getline(in, r1); std::getline(in, r2);
    std::ofstream out((dir / "c.csv").string());
    out << h << "\n" << r1 << "\n" << r2 << "\n" << r2.substr(0, 5);
  }
  SweepOptions o3 = o1;
  o3.journal = (dir / "c.csv").string();
  long n_resumed = -1;
  o3.resumed = &n_resumed;
  const auto resumed = run_sweep(base, axes, o3);
  REQUIRE(resumed.size() == 6);
  CHECK(n_resumed == 2);
  // The two journal cells were read back, not run again: their wall times are the journal's (a rerun
  // would measure a new one), and the journal holds each cell once (4 new rows, torn line dropped).
  for (std::size_t i = 0; i < 2; ++i) CHECK(resumed[i].elapsed_s == one[i].elapsed_s);
  {
    std::ifstream in(o3.journal);
    std::string line;
    std::vector<long> indices;
    std::getline(in, line);
    while (std::getline(in, line)) indices.push_back(std::stol(line.substr(0, line.find(','))));
    std::vector<long> want{0, 1};
    std::vector<long> rest(indices.begin() + 2, indices.end());
    std::sort(rest.begin(), rest.end());
    CHECK(std::vector<long>(indices.begin(), indices.begin() + 2) == want);
    CHECK(rest == std::vector<long>{2, 3, 4, 5});
  }
  for (std::size_t i = 0; i < 6; ++i) CHECK(resumed[i].observed.regime == one[i].observed.regime);
  for (std::size_t i = 0; i < 6; ++i) CHECK(resumed[i].final.test_acc == one[i].final.test_acc);
  // A journal of another sweep is refused rather than mixed in.
  CHECK_THROWS_AS(run_sweep(base, {parse_axis("d=30,60")}, o3), ConfigError);
  fs::remove_all(dir);
}

TEST_CASE("agreement: delayed generalization counts as benign — no regime means outside the scope", "[verify]") {
  const RegimeMap map = paper_regime_map();
  CHECK(agreement(map, "benign", kDelayed) == "agree");
  CHECK(agreement(map, "harmful", kBenign) == "disagree");
  CHECK(agreement(map, "undetermined", kBenign) == "outside_scope");
  CHECK(agreement(map, "benign", kUndecided) == "undecided");
}

TEST_CASE("cases files: TOML [[case]] tables and JSON arrays, by extension or content — bad files named", "[verify]") {
  const auto dir = std::filesystem::temp_directory_path() / "benign_cases_test";
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
    return (dir / name).string();
  };
  const Config base;
  const std::string toml = "[[case]]\nname = \"a\"\nd = 300\nmu = 8\n\n[[case]]\nmu = 12.5\n";
  for (const auto& path : {write("c.toml", toml), write("c_noext", toml)}) {  // "[[" opens TOML, not JSON
    const auto cs = load_cases(path, base);
    REQUIRE(cs.size() == 2);
    CHECK(cs[0].name == "a");
    CHECK(cs[0].config.d == 300);
    CHECK(cs[1].name == "case 2");
    CHECK(cs[1].config.mu.text == "12.5");
    CHECK(cs[1].config.d == base.d);
  }
  const std::string json = "[ {\"name\": \"j\", \"n\": 10}, {\"mu\": \"7\"} ]";
  for (const auto& path : {write("c.json", json), write("j_noext", json)}) {
    const auto cs = load_cases(path, base);
    REQUIRE(cs.size() == 2);
    CHECK(cs[0].config.n == 10);
    CHECK(cs[1].config.mu.text == "7");
  }
  // Negative controls: malformed files and out-of-range keys are refused with the file named.
  CHECK_THROWS_WITH(load_cases(write("bad.toml", "[[case]]\nmu = \n"), base), Catch::Contains("bad.toml"));
  CHECK_THROWS_WITH(load_cases(write("bad.json", "[{\"mu\": }]"), base), Catch::Contains("not valid JSON"));
  CHECK_THROWS_WITH(load_cases(write("range.toml", "[[case]]\nmu = -3\n"), base), Catch::Contains("mu"));
  CHECK_THROWS_WITH(load_cases(write("empty.json", "[]"), base), Catch::Contains("no cases"));
  std::filesystem::remove_all(dir);
}

TEST_CASE("boundary_outcome: pooled noisy counts for the not-overfitting boundary, one trial per seed otherwise", "[verify]") {
  const RegimeMap map = paper_regime_map();
  Config c;  // n = 20, η = 0.2, balanced: 4 noisy samples
  Observation o;
  o.train_acc_noisy = 0.25;  // 1 of 4 fitted → 3 not fitted
  o.sel_test = {0.99, 0, 0, 0.01};
  std::size_t jh = 0, jn = 1;
  for (std::size_t j = 0; j < map.boundaries.size(); ++j) {
    if (map.regimes[j] == kHarmful) jh = j;
    if (map.regimes[j + 1] == kNotOverfitting) jn = j;
  }
  const auto no = boundary_outcome(map, jn, o, c);
  CHECK(no.first == 3);
  CHECK(no.second == 4);
  const auto h = boundary_outcome(map, jh, o, c);
  CHECK((h.first == 1 && h.second == 1));
  // Negative control: test samples not selecting their relevant token → below the harmful boundary.
  o.sel_test = {0.5, 0, 0, 0.5};
  CHECK(boundary_outcome(map, jh, o, c).first == 0);
}

TEST_CASE("classify: settled with most noisy labels memorised and poor test accuracy is harmful", "[verify]") {
  Config th;
  auto run = synthetic_run(50, [](long, Checkpoint& c) {
    c.train_acc = 0.95; c.train_acc_clean = 1; c.train_acc_noisy = 0.75; c.test_acc = 0.72;
  });
  CHECK(classify(run, th).regime == kHarmful);
  // Negative controls: the same with good test accuracy, or with noisy samples still being fitted, is not harmful.
  auto good = synthetic_run(50, [](long, Checkpoint& c) {
    c.train_acc = 0.95; c.train_acc_clean = 1; c.train_acc_noisy = 0.75; c.test_acc = 0.99;
  });
  CHECK(classify(good, th).regime == kUndecided);
  auto moving = synthetic_run(50, [](long i, Checkpoint& c) {
    c.train_acc = i >= 48 ? 0.95 : 0.9; c.train_acc_clean = 1; c.train_acc_noisy = i >= 48 ? 0.75 : 0.5; c.test_acc = 0.72;
  });
  CHECK(classify(moving, th).regime != kHarmful);
}
