#include "verify/verify_job.hpp"

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bounds/calibration.hpp"
#include "bounds/predict.hpp"
#include "core/errors.hpp"
#include "core/job.hpp"
#include "core/text_format.hpp"
#include "core/text_file.hpp"
#include "simulate/dataset.hpp"
#include "simulate/run.hpp"
#include "verify/agreement.hpp"
#include "verify/run_journal.hpp"
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
    // Window control: the same boundary with the window moved by another exponent (half the map's along
    // d, 1/4 instead of 1/2 along n), widened so the boundary stays inside if the map's exponent holds.
    BoundaryLine w = l;
    if (l.key == "d") {
      w.values = {"1000", "100000", "10000000", "1000000000"};
      w.tilt = 0.125;
      w.mu_lo = 4; w.mu_hi = 180;  // factor 45 = 8 · (10^6)^{1/8}: the window's factor 8 plus the drift over six decades
      w.mu_points = 12;
    } else {
      w.values = {"10", "15", "20", "30", "50"};  // n = 5 has no crossing in the main window
      w.tilt = -0.25;
      w.mu_lo = 2000; w.mu_hi = 50000;  // factor 25: the main window's 16 plus the drift 5^{1/4} over n = 10 … 50
      w.mu_points = 8;
    }
    p.window_controls.push_back(w);
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

std::string plan_fingerprint(const VerifyPlan& plan) {
  using J = nlohmann::json;
  auto line_json = [](const BoundaryLine& l) {
    return J{{"boundary", l.boundary}, {"key", l.key}, {"values", l.values}, {"keys", l.keys}, {"mu_lo", format_shortest(l.mu_lo)},
             {"mu_hi", format_shortest(l.mu_hi)}, {"tilt", format_shortest(l.tilt)}, {"mu_points", l.mu_points}, {"seeds", l.seeds}};
  };
  J map = {{"name", plan.map.name}, {"regimes", plan.map.regimes}};
  for (const auto& b : plan.map.boundaries)
    map["boundaries"].push_back({b.id, b.below, b.above, b.c, b.a, b.b, b.k, b.above_inclusive});
  J cases = J::array();
  for (const auto& c : plan.cases) cases.push_back({c.name, c.label, J::parse(config_to_json(c.config))});
  J axes = J::array();
  for (const auto& a : plan.grid_axes) axes.push_back({a.key, a.values});
  J lines = J::array(), controls = J::array();
  for (const auto& l : plan.lines) lines.push_back(line_json(l));
  for (const auto& l : plan.window_controls) controls.push_back(line_json(l));
  const auto& e = plan.ensemble;
  const auto& h = plan.horizon;
  const J j = {{"program", std::string("benign ") + BENIGN_VERSION_TEXT},
               {"base", J::parse(config_to_json(plan.base))}, {"map", map}, {"cases", cases},
               {"ensemble", {e.seeds, e.settle, e.cap, e.checkpoints_per_decade, format_shortest(e.criteria.decades),
                             format_shortest(e.criteria.tol), format_shortest(e.criteria.t_min), e.final_selection}},
               {"grid", {plan.grid, axes, plan.grid_n_test, plan.grid_seeds, plan.grid_keys}},
               {"exponents", {plan.exponents, plan.exponent_n_test, plan.exponent_settle, lines, controls}},
               {"long_horizon", {plan.long_horizon, J::parse(config_to_json(h.setting)), h.horizon, h.checkpoints_per_decade, h.precision,
                                 h.crosscheck_precision, h.series.key, h.series.values, h.series_precision,
                                 h.series_checkpoints_per_decade, format_shortest(h.fit_decades)}},
               {"several_heads", {plan.several_heads, plan.heads.heads, plan.heads.head_nu, plan.heads.seeds, plan.heads.n_test,
                                  plan.heads.keys}}};
  return j.dump();
}

VerifyResult run_verify(const VerifyPlan& plan) {
  const auto t0 = std::chrono::steady_clock::now();
  VerifyResult R;
  R.plan = plan;
  // Resume: the journal of this plan (a journal of another plan is refused before any run).
  std::unique_ptr<RunJournal> journal;
  if (!plan.journal_dir.empty()) {
    journal = std::make_unique<RunJournal>(plan.journal_dir + "/runs.tsv", plan_fingerprint(plan));
    R.resumed_runs = journal->resumed();
  }
  const int threads = plan.threads;
  // Collective under MPI (every rank asks at the same points): one rank interrupted stops them all alike.
  auto stopped = [&]() { return job_any(plan.stop && plan.stop->load()); };

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
    long grid_resumed = 0;
    if (journal) { so.journal = plan.journal_dir + "/grid.csv"; so.resumed = &grid_resumed; }
    std::vector<Axis> axes = plan.grid_axes;
    axes.push_back(seed_axis(gb.seed, plan.grid_seeds));
    R.grid_ensembles = group_seeds(run_sweep(gb, axes, so), plan.grid_seeds);
    R.resumed_runs += grid_resumed;
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
    eo.journal = journal.get();
    eo.journal_key = "case " + std::to_string(ci);
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
      ExponentCheck e = measure_exponent(plan.map, line, eb, threads, plan.stop, plan.progress,
                                         plan.exponent_settle ? &plan.ensemble : nullptr, journal.get(),
                                         "exponent line " + std::to_string(&line - plan.lines.data()));
      R.exponents.push_back(e);
      if (line.boundary < R.wrong_map.boundaries.size())
        R.wrong_map_checks.push_back(judge_against(e, R.wrong_map, line, eb));
    }
    for (const auto& w : plan.window_controls) {
      if (stopped()) break;
      std::size_t i = 0;
      while (i < plan.lines.size() && !(plan.lines[i].boundary == w.boundary && plan.lines[i].key == w.key)) ++i;
      if (i >= R.exponents.size()) continue;  // its main line was not measured
      const ExponentCheck c = measure_exponent(plan.map, w, eb, threads, plan.stop, plan.progress,
                                               plan.exponent_settle ? &plan.ensemble : nullptr, journal.get(),
                                               "window control " + std::to_string(&w - plan.window_controls.data()));
      R.window_controls.push_back(judge_window_control(R.exponents[i], plan.lines[i].tilt, c, w.tilt));
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
    hp.journal = journal.get();
    R.heads = run_several_heads(plan.cases, hp);
    R.has_heads = !R.heads.interrupted;
  }
  R.interrupted = stopped();
  R.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return R;
}

}  // namespace benign
