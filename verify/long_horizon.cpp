#include "verify/long_horizon.hpp"

#include <stdexcept>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <mutex>

#include "bounds/gap_time.hpp"
#include "bounds/predict.hpp"
#include "core/task_farm.hpp"
#include "simulate/run_result_io.hpp"
#include "simulate/dataset.hpp"
#include "simulate/run.hpp"
#include "verify/agreement.hpp"
#include "verify/calibrate_constants.hpp"

namespace benign {

Config flow_config(Config c, const std::string& horizon, long per_decade, const std::string& precision) {
  set_key(c, "integrator", "flow");
  set_key(c, "engine", "reduced");
  set_key(c, "horizon", horizon);
  set_key(c, "every", "0");
  set_key(c, "checkpoints_per_decade", std::to_string(per_decade));
  set_key(c, "precision", precision);
  validate(c);
  return c;
}

GrowthExtrapolation extrapolate_growth(const std::vector<Checkpoint>& cps, long T, double tau_fit, double tau_sel,
                                       double fit_decades) {
  GrowthExtrapolation e;
  if (tau_fit < 0) return e;
  // Window start: the first checkpoint after every label is fitted where the gap is saturated
  // (Λ ≥ log T, i.e. the relevant token holds at least half of the attention).
  long k1 = -1;
  for (long k = 0; k < long(cps.size()); ++k)
    if (cps[k].time > 0 && cps[k].time >= tau_fit && std::isfinite(cps[k].lambda_mean) &&
        cps[k].lambda_mean >= std::log(double(T))) { k1 = k; break; }
  if (k1 < 0) return e;
  e.t1 = cps[k1].time;
  e.x1 = cps[k1].lambda_mean;
  e.t2 = e.t1 * std::pow(10.0, fit_decades);
  double stt = 0, stg = 0, stx = 0;
  for (long k = k1 + 1; k < long(cps.size()) && cps[k].time <= e.t2 * (1 + 1e-12); ++k) {
    const double dt = cps[k].time - e.t1;
    const double dg = growth_g_increment<double>(e.x1, cps[k].lambda_mean, T);  // g(Λ) − g(x1), accurate
    stt += dt * dt;
    stg += dt * dg;
    stx += dt * (cps[k].lambda_mean - e.x1);
    ++e.points;
  }
  if (e.points < 2 || stt <= 0) return e;
  e.kappa = stg / stt;
  e.kappa_linear = stx / stt;
  e.fitted = e.kappa > 0 && e.kappa_linear > 0;
  if (!e.fitted || tau_sel < e.t1) return e;  // no target, or reached before the growth phase began
  long ks = -1;
  for (long k = 0; k < long(cps.size()); ++k)
    if (cps[k].time == tau_sel) { ks = k; break; }
  if (ks < 0) return e;
  e.target_gap = cps[ks].lambda_mean;
  e.extrapolated = tau_sel > e.t2;
  e.tau_growth = e.t1 + gap_time<double>(e.x1, e.target_gap, e.kappa, T);
  e.tau_linear = e.t1 + (e.target_gap - e.x1) / e.kappa_linear;
  return e;
}

PrecisionCrossCheck cross_check(const HorizonRun& a, const HorizonRun& b) {
  PrecisionCrossCheck pc;
  const auto& ca = a.run.checkpoints;
  const auto& cb = b.run.checkpoints;
  // Checkpoint times are scheduled in each run's own precision: the same time up to rounding.
  auto same = [](double s, double t) { return std::abs(s - t) <= 1e-12 * std::max(std::abs(s), std::abs(t)); };
  std::size_t j = 0;
  for (const auto& x : ca) {
    while (j < cb.size() && cb[j].time < x.time && !same(cb[j].time, x.time)) ++j;
    if (j == cb.size() || !same(cb[j].time, x.time)) continue;
    const auto& y = cb[j];
    ++pc.compared;
    pc.test_acc = std::max(pc.test_acc, std::abs(x.test_acc - y.test_acc));
    pc.sel_test = std::max(pc.sel_test, std::abs(x.sel_test[0] - y.sel_test[0]));
    if (std::isfinite(x.lambda_mean) && std::isfinite(y.lambda_mean))
      pc.lambda_rel = std::max(pc.lambda_rel, std::abs(x.lambda_mean - y.lambda_mean) / std::max(1.0, std::abs(x.lambda_mean)));
  }
  pc.same_taus = same(a.tau_fit, b.tau_fit) && same(a.tau_gen, b.tau_gen) && same(a.tau_sel, b.tau_sel);
  return pc;
}

namespace {

// One flow run (a task of the job: its result travels as text, simulate/run_result_io).
RunResult horizon_simulation(const std::string& name, const Config& c, const std::atomic<bool>* stop) {
  Dataset D = make_dataset(c);
  RunOptions ro;
  ro.stop = stop;
  ro.final_selection = false;
  RunResult r = run_simulation(c, D, ro);
  if (r.diagnostics.non_finite)  // no result to report (finite_check.hpp)
    throw std::runtime_error("long-horizon run '" + name + "': " + r.diagnostics.message);
  return r;
}

// What is measured on a flow run.
HorizonRun horizon_run(const std::string& name, const Config& c, RunResult run, const RegimeMap& map, const Config& calibrated,
                       double fit_decades) {
  HorizonRun h;
  h.name = name;
  h.config = c;
  h.run = std::move(run);
  if (h.run.interrupted || h.run.checkpoints.empty()) return h;
  h.observed = classify(h.run, c);
  const auto& cps = h.run.checkpoints;
  auto at = [&](long k) { return k < 0 ? -1.0 : cps[k].time; };  // the classifier's times, in lr × steps
  h.tau_fit = at(h.observed.k_fit);
  h.tau_gen = at(h.observed.k_gen);
  h.tau_sel = at(h.observed.k_sel);
  const Config cc = with_constants(c, calibrated);
  const auto pred = predict<double>(cc, map);
  h.predicted = pred.regime;
  for (const auto& b : pred.boundaries) {
    if (b.boundary.below == "harmful") h.margin_harmful = b.margin;
    if (b.boundary.above == "not_overfitting") h.margin_not_overfitting = b.margin;
  }
  h.growth = extrapolate_growth(cps, c.T, h.tau_fit, h.tau_sel, fit_decades);
  return h;
}

}  // namespace

LongHorizonResult run_long_horizon(const LongHorizonPlan& plan, const RegimeMap& map, const Config& calibrated,
                                   int threads, const std::atomic<bool>* stop, bool progress) {
  LongHorizonResult R;
  R.plan = plan;
  R.has_crosscheck = !plan.crosscheck_precision.empty() && plan.crosscheck_precision != plan.precision;
  struct Task { std::string name; Config config; HorizonRun* out; };
  std::vector<Task> tasks;
  tasks.push_back({"long run (" + plan.precision + ")",
                   flow_config(plan.setting, plan.horizon, plan.checkpoints_per_decade, plan.precision), &R.main});
  if (R.has_crosscheck)
    tasks.push_back({"long run (" + plan.crosscheck_precision + ")",
                     flow_config(plan.setting, plan.horizon, plan.checkpoints_per_decade, plan.crosscheck_precision),
                     &R.crosscheck});
  R.series.resize(plan.series.values.size());
  for (std::size_t i = 0; i < plan.series.values.size(); ++i) {
    Config c = plan.setting;
    set_key(c, plan.series.key, plan.series.values[i]);
    tasks.push_back({plan.series.key + " = " + plan.series.values[i],
                     flow_config(c, plan.horizon, plan.series_checkpoints_per_decade, plan.series_precision), &R.series[i]});
  }
  std::vector<std::pair<std::string, long>> precisions;
  for (const auto& t : tasks) precisions.emplace_back(t.config.precision, t.config.digits);
  const int workers = threads_for_precisions(precisions, threads);
  // The runs are the tasks of the job (core/task_farm: threads, and ranks under MPI); each run's
  // result travels as text and is read back and measured on every rank, also alone.
  long finished = 0;
  const auto t0 = std::chrono::steady_clock::now();
  FarmOptions fo;
  fo.threads = workers;
  fo.stop = stop;
  if (progress)
    fo.on_done = [&](long k, const std::string&) {  // rank 0, one call at a time
      std::fprintf(stderr, "[long horizon] %ld/%zu %s  (%.0f s)\n", ++finished, tasks.size(), tasks[std::size_t(k)].name.c_str(),
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    };
  const auto payloads = farm_map(long(tasks.size()), fo, [&](long k) -> std::optional<std::string> {
    const Task& t = tasks[std::size_t(k)];
    RunResult r = horizon_simulation(t.name, t.config, stop);
    if (r.interrupted) return std::nullopt;
    return run_result_text(r);
  });
  for (std::size_t k = 0; k < tasks.size(); ++k) {
    const Task& t = tasks[k];
    RunResult r;
    if (payloads[k]) r = run_result_from_text(*payloads[k], t.config);
    else r.interrupted = true;
    *t.out = horizon_run(t.name, t.config, std::move(r), map, calibrated, plan.fit_decades);
  }
  R.interrupted = (stop && stop->load()) || R.main.run.interrupted;
  if (R.has_crosscheck) R.precision_check = cross_check(R.main, R.crosscheck);
  std::vector<double> xs, ys;
  double wg = -1, wl = -1;
  for (const auto& h : R.series) {
    if (!h.growth.extrapolated) continue;
    xs.push_back(h.margin_harmful);
    ys.push_back(std::log10(h.tau_sel));
    wg = std::max(wg, std::abs(std::log10(h.growth.tau_growth) - std::log10(h.tau_sel)));
    wl = std::max(wl, std::abs(std::log10(h.growth.tau_linear) - std::log10(h.tau_sel)));
  }
  R.log10_tau_vs_margin = fit_line(xs, ys);
  if (wg >= 0) { R.worst_log10_error_growth = wg; R.worst_log10_error_linear = wl; }
  return R;
}

}  // namespace benign
