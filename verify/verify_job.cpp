#include "verify/verify_job.hpp"

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bounds/calibration.hpp"
#include "bounds/predict.hpp"
#include "core/errors.hpp"
#include "core/text_file.hpp"
#include "simulate/dataset.hpp"
#include "simulate/run.hpp"
#include "verify/agreement.hpp"
#include "verify/verify_report.hpp"

namespace benign {

VerifyPlan default_plan(const Config& base, const RegimeMap& map) {
  VerifyPlan p;
  p.base = base;
  p.map = map;
  p.ensemble.seeds = 8;
  for (const auto& s : paper_settings()) {
    NamedCase c;
    c.name = "paper " + s.label;
    c.label = s.label;
    c.config = paper_setting_config(base, s);
    p.cases.push_back(c);
  }
  p.grid_axes = {parse_axis("d=250,500,1000,2000,3000,5000"), parse_axis("mu=2.5,5,7.5,10,15,20,30,50,100")};
  // The grid's runs: the sampled source with Gaussian W0 of the Kaiming-uniform variance (cost independent of d).
  p.grid_keys = {{"w_init", "gaussian"}, {"w_var", "0.3333333333333333"}, {"source", "sampled"}};
  // Exponent lines over decades with the sampled source (theory.md §6: cost independent of d), Gaussian
  // W0 with w_var = 1/3 (the variance of the paper's Kaiming-uniform init): the harmful boundary against
  // d at n = 20 over six decades, the not-overfitting one against n over one decade at d = 10^6 (n ≤ 50 ≪ √d = 1000).
  // Each value's ‖μ‖ window follows the map's exponent (tilt) and spans a factor 8 (d) or 16 (n) around
  // where short exploratory runs put the boundary at the first value; points whose interval stays open are not fitted.
  const std::vector<std::pair<std::string, std::string>> sampled = {
      {"w_init", "gaussian"}, {"w_var", "0.3333333333333333"}, {"source", "sampled"}};
  for (std::size_t j = 0; j < map.boundaries.size(); ++j) {
    const auto& b = map.boundaries[j];
    BoundaryLine l;
    l.boundary = j;
    l.keys = sampled;
    if (b.above == "not_overfitting") {
      // η n an integer at every value (balanced noise flips ceil(η n): n = 4, 6, 16 would have 25-33% noisy labels)
      l.key = "n"; l.values = {"5", "10", "15", "20", "30", "50"};
      l.keys.push_back({"d", "1000000"});
      l.mu_lo = 3250; l.mu_hi = 52000; l.tilt = -0.5;  // explored: half the noisy samples fitted at 8274 (n = 10), 3479 (n = 40)
      l.mu_points = 6;
    } else if (b.below == "harmful") {
      l.key = "d"; l.values = {"1000", "10000", "100000", "1000000", "10000000", "100000000", "1000000000"};
      l.keys.push_back({"n", "20"});
      l.mu_lo = 4; l.mu_hi = 32; l.tilt = 0.25;
      l.mu_points = 9;  // per-seed outcomes separate sharply here: a finer grid resolves ‖μ‖*
    } else continue;
    p.lines.push_back(l);
  }
  for (const auto& s : paper_settings())
    if (s.label == "benign") p.horizon.setting = paper_setting_config(base, s);
  return p;
}

RegimeMap swapped_exponent_map(const RegimeMap& paper) {
  RegimeMap m = paper;
  m.name = paper.name + "-swapped-exponents";
  m.origin = "negative control (derived)";
  for (auto& b : m.boundaries) {
    std::swap(b.a, b.b);  // n-exponent ↔ d-exponent
    b.source = "negative control";
  }
  return m;
}

VerifyResult run_verify(const VerifyPlan& plan) {
  const auto t0 = std::chrono::steady_clock::now();
  VerifyResult R;
  R.plan = plan;
  const int threads = plan.threads;
  auto stopped = [&]() { return plan.stop && plan.stop->load(); };

  // 1. The grid first: its calibration half fixes the constants the cases are also judged with.
  //    Every cell runs grid_seeds seeds (a seed axis appended); the calibration uses every seed's outcome.
  if (plan.grid && !plan.grid_axes.empty()) {
    Config gb = plan.base;
    for (const auto& [k, v] : plan.grid_keys) set_key(gb, k, v);
    gb.n_test = plan.grid_n_test;
    SweepOptions so;
    so.threads = threads;
    so.progress = plan.progress;
    so.stop = plan.stop;
    std::vector<Axis> axes = plan.grid_axes;
    axes.push_back(seed_axis(gb.seed, plan.grid_seeds));
    R.grid_ensembles = group_seeds(run_sweep(gb, axes, so), plan.grid_seeds);
    std::vector<ObservedCell> calib, held, all;
    for (const auto& g : R.grid_ensembles) {
      R.grid.push_back(g.cell);
      // checkerboard split over the grid index: row-major index → (i, j); all seeds of a cell on one side
      const long ny = plan.grid_axes.size() > 1 ? long(plan.grid_axes[1].values.size()) : 1;
      const long i = g.cell.index / ny, j = g.cell.index % ny;
      for (const auto& oc : g.per_seed) {
        all.push_back(oc);
        ((i + j) % 2 == 0 ? calib : held).push_back(oc);
      }
      ((i + j) % 2 == 0 ? R.calibration_cells : R.heldout_cells) += 1;
    }
    R.calibration = calibrate_constants(plan.map, calib, plan.base);
    R.score_default_all = score_predictions(plan.map, all, plan.base);
    R.score_default_heldout = score_predictions(plan.map, held, plan.base);
    R.score_calibrated_heldout = score_predictions(plan.map, held, R.calibration.calibrated);
  } else {
    R.calibration.calibrated = plan.base;
  }

  // 2. The cases: S seeds each, every run until settled or the cap; the first seed's trajectory for figures.
  for (std::size_t ci = 0; ci < plan.cases.size(); ++ci) {
    const auto& nc = plan.cases[ci];
    if (stopped()) break;
    if (plan.progress) {
      const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::fprintf(stderr, "[verify] case '%s' (%zu/%zu, %ld seeds), %.0f s elapsed\n", nc.name.c_str(), ci + 1,
                   plan.cases.size(), plan.ensemble.seeds, el);
    }
    CaseOutcome o;
    o.spec = nc;
    EnsembleOptions eo = plan.ensemble;
    eo.threads = threads;
    eo.stop = plan.stop;
    o.ensemble = run_case_ensemble(nc.config, eo);
    if (o.ensemble.interrupted || o.ensemble.runs.empty()) break;
    o.run = o.ensemble.first;
    o.observed = o.ensemble.runs.front().observed;
    const auto pred = predict<double>(nc.config, plan.map);
    o.predicted = pred.regime;
    o.snr = pred.snr; o.n_snr2 = pred.n_snr2; o.snr_d14 = pred.snr_d14;
    o.predicted_calibrated = predicted_regime(with_constants(nc.config, R.calibration.calibrated), plan.map);
    // The case's verdict is its majority regime; agreement per seed as a frequency.
    o.agreement = agreement(plan.map, o.predicted, o.ensemble.majority);
    o.agreement_calibrated = agreement(plan.map, o.predicted_calibrated, o.ensemble.majority);
    o.agree_fraction = fraction_of(o.ensemble, [&](const Observation& x) { return agreement(plan.map, o.predicted, x.regime) == "agree"; });
    o.agree_fraction_calibrated = fraction_of(
        o.ensemble, [&](const Observation& x) { return agreement(plan.map, o.predicted_calibrated, x.regime) == "agree"; });
    R.cases.push_back(std::move(o));
  }

  // 3. Boundary exponents, and the wrong map judged on the same measurements.
  if (plan.exponents) {
    R.wrong_map = swapped_exponent_map(plan.map);
    Config eb = with_constants(plan.base, R.calibration.calibrated);
    eb.n_test = plan.exponent_n_test;
    for (const auto& line : plan.lines) {
      if (stopped()) break;
      ExponentCheck e = measure_exponent(plan.map, line, eb, threads > 0 ? threads : 2, plan.stop, plan.progress,
                                         plan.exponent_settle ? &plan.ensemble : nullptr);
      R.exponents.push_back(e);
      if (line.boundary < R.wrong_map.boundaries.size())
        R.wrong_map_checks.push_back(judge_against(e, R.wrong_map, line, eb));
    }
  }
  // 4. Long horizons: gradient flow to exponential times, judged with the calibrated constants.
  if (plan.long_horizon && !stopped()) {
    R.long_horizon = run_long_horizon(plan.horizon, plan.map, R.calibration.calibrated, threads, plan.stop, plan.progress);
    R.has_long_horizon = !R.long_horizon.interrupted;
  }
  // 5. Several heads: the cases with H heads, shared and split ν_h, at the configured horizon.
  if (plan.several_heads && !plan.cases.empty() && !stopped()) {
    if (plan.progress) {
      const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::fprintf(stderr, "[verify] several heads (%zu cases, H up to %ld, %ld seeds), %.0f s elapsed\n", plan.cases.size(),
                   plan.heads.heads.empty() ? 0L : plan.heads.heads.back(), plan.heads.seeds, el);
    }
    HeadsPlan hp = plan.heads;
    hp.threads = threads;
    hp.stop = plan.stop;
    R.heads = run_several_heads(plan.cases, hp);
    R.has_heads = !R.heads.interrupted;
  }
  R.interrupted = stopped();
  R.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return R;
}

}  // namespace benign
