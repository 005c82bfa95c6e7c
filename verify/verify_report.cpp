#include "verify/verify_report.hpp"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bounds/calibration.hpp"
#include "bounds/predict.hpp"
#include "reports/atomic_file.hpp"
#include "reports/figures.hpp"
#include "reports/markdown.hpp"
#include "verify/agreement.hpp"
#include "verify/long_horizon_report.hpp"
#include "verify/sweep_report.hpp"

namespace benign {

std::vector<std::string> verify_output_files(const VerifyPlan& plan) {
  std::vector<std::string> f{"report.md", "verdicts.json"};
  for (const auto& c : plan.cases)
    for (const char* suffix : {"_accuracy.svg", "_attention_clean.svg", "_attention_noisy.svg", "_selection.svg"})
      f.push_back(slug(c.name) + suffix);
  return f;
}

namespace {

const char* kTypeNames[] = {"relevant", "weak_same", "weak_opp", "irrelevant"};
const char* kTypeColors[] = {"#2ca02c", "#ff7f0e", "#9467bd", "#7f7f7f"};

std::string fmt(double v, int sig = 4) {
  if (std::isnan(v)) return "n/a";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", sig, v);
  return buf;
}


std::string tau(double t) { return t < 0 ? "never" : fmt(t, 6); }

// "k/n [lo, hi]" of a Wilson interval.
std::string freq(const Proportion& p) {
  return std::to_string(p.successes) + "/" + std::to_string(p.trials) + " [" + fmt(p.lo, 2) + ", " + fmt(p.hi, 2) + "]";
}
// "mean [lo, hi]" of a Student-t interval (or of a geometric mean with its log-scale interval), with "(k of n)" when some seeds had no value.
std::string mean_ci(const MeanInterval& m, long seeds, int sig = 3) {
  if (m.count == 0) return "never";
  std::string s = fmt(m.mean, sig) + " [" + fmt(m.lo, sig) + ", " + fmt(m.hi, sig) + "]";
  if (m.count < seeds) s += " (" + std::to_string(m.count) + " of " + std::to_string(seeds) + " seeds)";
  return s;
}
std::string fractions_text(const std::vector<std::pair<std::string, Proportion>>& fractions) {
  std::string s;
  for (const auto& [name, p] : fractions) s += (s.empty() ? "" : "; ") + name + " " + freq(p);
  return s;
}
std::string fractions_text(const CaseEnsemble& e) { return fractions_text(e.regime_fractions); }

// Attention by token type over time for tracked sample k (Figure 3 of the paper).
std::string attention_figure(const CaseOutcome& c, std::size_t k, const std::string& who) {
  const RunResult& r = c.run;
  const long T = r.config.T;
  const long sample = r.tracked_samples[k];
  reports::LinePlot p;
  p.title = c.spec.name + ": attention of " + who + " training sample " + std::to_string(sample) + " by token type";
  p.x_label = r.integrator == "flow" ? "time (lr x steps)" : "step";
  p.y_label = "attention (sum over the type's tokens)";
  const bool log_x = r.config.every == 0 || r.integrator == "flow";
  p.log_x = log_x;
  p.y_min = 0; p.y_max = 1;
  for (int ty = 0; ty < kTokenTypes; ++ty) {
    reports::Series s;
    s.name = kTypeNames[ty];
    s.color = kTypeColors[ty];
    bool any = false;
    for (const auto& cp : r.checkpoints) {
      double v = 0;
      for (long t = 0; t < T; ++t)
        if (r.config.n_relevant + r.config.n_weak_same + r.config.n_weak_opp > 0) {
          const long idx = long(k) * T + t;
          // token type of position t (the generated layout is the same for every sample)
          int type = t < r.config.n_relevant ? 0 : t < r.config.n_relevant + r.config.n_weak_same ? 1
                   : t < r.config.n_relevant + r.config.n_weak_same + r.config.n_weak_opp ? 2 : 3;
          if (type == ty && idx < long(cp.tracked.size())) { v += cp.tracked[idx]; any = true; }
        }
      const double x = log_x ? (r.integrator == "flow" ? cp.time : cp.step) : cp.step;
      if (log_x && x <= 0) continue;
      s.x.push_back(x);
      s.y.push_back(v);
    }
    if (any) p.series.push_back(s);
  }
  return reports::line_plot(p);
}

std::string accuracy_figure(const CaseOutcome& c) {
  const RunResult& r = c.run;
  reports::LinePlot p;
  p.title = c.spec.name + ": accuracies over training";
  p.x_label = r.integrator == "flow" ? "time (lr x steps)" : "step";
  p.y_label = "accuracy";
  p.log_x = r.config.every == 0 || r.integrator == "flow";
  p.y_min = 0; p.y_max = 1.02;
  struct Col { const char* name; double Checkpoint::*m; const char* color; bool dashed; };
  const Col cols[] = {{"train", &Checkpoint::train_acc, "#000000", false}, {"train, clean", &Checkpoint::train_acc_clean, "#2ca02c", true},
                      {"train, noisy", &Checkpoint::train_acc_noisy, "#d62728", true}, {"test", &Checkpoint::test_acc, "#1f77b4", false}};
  for (const auto& col : cols) {
    reports::Series s;
    s.name = col.name; s.color = col.color; s.dashed = col.dashed;
    for (const auto& cp : r.checkpoints) {
      const double x = p.log_x ? (r.integrator == "flow" ? cp.time : cp.step) : cp.step;
      if (p.log_x && x <= 0) continue;
      s.x.push_back(x); s.y.push_back(cp.*(col.m));
    }
    p.series.push_back(s);
  }
  if (c.observed.tau_fit > 0) p.reference_lines.push_back({c.observed.tau_fit * (r.integrator == "flow" ? r.config.lr.value : 1), true, "tau_fit"});
  if (c.observed.tau_gen > 0) p.reference_lines.push_back({c.observed.tau_gen * (r.integrator == "flow" ? r.config.lr.value : 1), true, "tau_gen"});
  return reports::line_plot(p);
}

// The token each sequence selects, projected on μ_{+1} and μ_{-1} (Figure 1 of the paper).
std::string selection_figure(const CaseOutcome& c) {
  reports::ScatterPlot p;
  p.title = c.spec.name + ": selected token projected on mu+1 and mu-1 (train | test)";
  p.x_label = "<x_selected, mu+1>/||mu||";
  p.y_label = "<x_selected, mu-1>/||mu||";
  for (int ty = 0; ty < kTokenTypes; ++ty) p.categories.push_back({kTypeNames[ty], kTypeColors[ty]});
  p.categories.push_back({"weak_opp (noisy label)", "#e377c2"});
  p.categories.push_back({"irrelevant (noisy label)", "#d62728"});
  p.categories.push_back({"relevant (noisy label)", "#8c564b"});
  p.categories.push_back({"weak_same (noisy label)", "#bcbd22"});
  for (int split = 0; split < 2; ++split) {
    const auto& v = split == 0 ? c.run.final_train : c.run.final_test;
    reports::ScatterPanel panel;
    panel.title = split == 0 ? "train" : "test";
    for (const auto& s : v) {
      panel.x.push_back(s.proj_pos);
      panel.y.push_back(s.proj_neg);
      std::string cat = kTypeNames[s.selected_type];
      if (s.y != s.y_clean) cat += " (noisy label)";
      panel.category.push_back(cat);
    }
    p.panels.push_back(panel);
  }
  return reports::scatter_plot(p);
}

std::string exponent_figure(const ExponentCheck& e, const ExponentCheck* wrong) {
  reports::LinePlot p;
  p.title = "Boundary " + e.boundary_id + ": ||mu||* against " + e.key;
  p.x_label = e.key;
  p.y_label = "||mu|| on the boundary";
  p.log_x = true; p.log_y = true;
  reports::Series pts;
  pts.name = "50% point of the logistic fit (bars: 95% profile interval)";
  pts.markers = true;
  pts.line = false;
  pts.color = "#000000";
  for (const auto& q : e.points) if (q.bracketed) { pts.x.push_back(q.x); pts.y.push_back(q.mu_star); }
  p.series.push_back(pts);
  for (const auto& q : e.points)
    if (q.bracketed) {
      reports::Series bar;  // error bar: unnamed, not in the legend
      bar.x = {q.x, q.x};
      bar.y = {q.mu_lo, q.mu_hi};
      bar.color = "#000000";
      bar.width = 1;
      p.series.push_back(bar);
    }
  if (!pts.x.empty()) {
    reports::Series fit, map, bad;
    fit.name = "fit: slope " + fmt(e.fit.slope, 3);
    fit.color = "#1f77b4";
    map.name = "map: slope " + fmt(e.map_slope, 3);
    map.color = "#2ca02c";
    map.dashed = true;
    const double x0 = pts.x.front(), x1 = pts.x.back();
    double gx = 0, gy = 0;
    for (std::size_t i = 0; i < pts.x.size(); ++i) { gx += std::log(pts.x[i]); gy += std::log(pts.y[i]); }
    gx /= double(pts.x.size()); gy /= double(pts.x.size());
    for (double x : {x0, x1}) {
      fit.x.push_back(x); fit.y.push_back(std::exp(e.fit.intercept + e.fit.slope * std::log(x)));
      map.x.push_back(x); map.y.push_back(std::exp(gy + e.map_slope * (std::log(x) - gx)));
    }
    p.series.push_back(fit);
    p.series.push_back(map);
    if (wrong) {
      bad.name = "wrong map: slope " + fmt(wrong->map_slope, 3);
      bad.color = "#d62728";
      bad.dashed = true;
      for (double x : {x0, x1}) { bad.x.push_back(x); bad.y.push_back(std::exp(gy + wrong->map_slope * (std::log(x) - gx))); }
      p.series.push_back(bad);
    }
  }
  return reports::line_plot(p);
}

// A Markdown table built row by row and rendered by reports::render_table.
struct Table {
  reports::MarkdownTable t;
  explicit Table(std::vector<std::string> header) { t.header = std::move(header); }
  void add(std::vector<std::string> row) { t.rows.push_back(std::move(row)); }
};
std::ostream& operator<<(std::ostream& os, const Table& tb) { return os << reports::render_table(tb.t); }

}  // namespace

std::string verify_summary(const VerifyResult& r) {
  std::ostringstream os;
  os << "benign verify: regime map '" << r.plan.map.name << "', constants c_h = " << r.plan.base.c_h.text
     << ", c_n = " << r.plan.base.c_n.text << (r.interrupted ? "  (INTERRUPTED)" : "") << "\n\n";
  char line[512];
  std::snprintf(line, sizeof line, "%-26s %8s %7s %-16s %-16s %-22s %-10s %-10s %s\n", "case", "SNR", "nSNR^2", "predicted",
                "pred(calibr.)", "observed", "agree", "agree(cal)", "train/noisy/test acc");
  os << line;
  for (const auto& c : r.cases) {
    std::snprintf(line, sizeof line, "%-26s %8.4g %7.3g %-16s %-16s %-22s %-10s %-10s %.3f/%.3f/%.3f\n", c.spec.name.c_str(),
                  c.snr, c.n_snr2, c.predicted.c_str(), c.predicted_calibrated.c_str(), c.ensemble.majority.c_str(),
                  c.agreement.c_str(), c.agreement_calibrated.c_str(), c.ensemble.train_acc.mean, c.ensemble.noisy_acc.mean,
                  c.ensemble.test_acc.mean);
    os << line << "    seeds: " << fractions_text(c.ensemble) << "; agreement (calibrated) " << freq(c.agree_fraction_calibrated)
       << "; settled " << freq(c.ensemble.settled) << "\n";
  }
  if (!r.grid.empty()) {
    os << "\nphase grid: " << r.grid.size() << " cells; constants calibrated on " << r.calibration_cells << " cells:";
    for (const auto& k : r.calibration.constants)
      os << " " << k.key << " = " << fmt(k.value, 3) << " (" << fmt(k.lo, 3) << ".." << fmt(k.hi, 3) << ", " << k.errors << "/" << k.used << " misclassified)";
    os << "\nheld-out cells (" << r.heldout_cells << "): agreement " << fmt(100 * r.score_calibrated_heldout.rate(), 3)
       << "% with calibrated constants, " << fmt(100 * r.score_default_heldout.rate(), 3) << "% with the configured constants\n";
  }
  for (std::size_t i = 0; i < r.exponents.size(); ++i) {
    const auto& e = r.exponents[i];
    os << "exponent " << e.boundary_id << " vs " << e.key << ": measured " << fmt(e.fit.slope, 3) << " [" << fmt(e.ci_lo, 3)
       << ", " << fmt(e.ci_hi, 3) << "], map " << fmt(e.map_slope, 3) << (e.consistent ? " consistent" : " INCONSISTENT");
    if (i < r.wrong_map_checks.size())
      os << "; wrong map " << fmt(r.wrong_map_checks[i].map_slope, 3) << (r.wrong_map_checks[i].consistent ? " NOT rejected" : " rejected");
    os << "\n";
  }
  for (const auto& w : r.window_controls)
    os << "window control " << w.boundary_id << " vs " << w.key << " (window tilt " << fmt(w.control_tilt, 3) << " instead of "
       << fmt(w.main_tilt, 3) << "): measured " << fmt(w.control.fit.slope, 3) << " [" << fmt(w.control.ci_lo, 3) << ", "
       << fmt(w.control.ci_hi, 3) << "]"
       << (!w.judged               ? ", not judged: fewer than 3 located points on a line\n"
           : w.passed              ? ", the window does not drive the slope\n"
           : w.map_slope_covered   ? ", FAILED: cannot tell the window's tilt from the map's slope\n"
                                   : ", FAILED: the map's slope is outside its interval\n");
  if (r.has_long_horizon) {
    const auto& L = r.long_horizon;
    const auto& m = L.main;
    os << "long horizon (" << m.run.precision << ", to " << L.plan.horizon << "): tau_fit " << fmt(m.tau_fit, 3) << ", tau_gen "
       << fmt(m.tau_gen, 3) << ", tau_sel " << fmt(m.tau_sel, 3) << ", smallest 1-s 1e" << fmt(m.run.diagnostics.log10_min_complement, 3)
       << (m.run.diagnostics.resolved ? " (resolved)" : " (NOT resolved)");
    if (L.has_crosscheck) os << "; " << L.crosscheck.run.precision << " cross-check: taus " << (L.precision_check.same_taus ? "identical" : "DIFFER");
    os << "\nseries: " << L.log10_tau_vs_margin.points << " settings with delayed token selection; log10 tau_sel slope "
       << fmt(L.log10_tau_vs_margin.slope, 3) << " per unit margin; worst |log10(tau by g / tau_sel)| " << fmt(L.worst_log10_error_growth, 3)
       << " (linear-law control " << fmt(L.worst_log10_error_linear, 3) << ")\n";
  }
  if (r.has_heads) {
    os << "several heads (" << r.heads.plan.seeds << " seeds, " << fmt(r.heads.cpu_s, 3) << " s CPU):";
    for (const auto& c : r.heads.cells)
      os << "\n    " << c.case_name << " H=" << c.heads << " " << c.head_nu << ": " << fractions_text(c.regime_fractions)
         << "; test acc " << fmt(c.test_acc.mean, 4) << (c.heads > 1 ? "; specialisation " + fmt(c.specialisation.mean, 2) : std::string());
    os << "\n";
  }
  os << "\nreport: " << r.plan.out << "/report.md (" << fmt(r.elapsed_s, 3) << " s)\n";
  return os.str();
}

std::string verdicts_json(const VerifyResult& r) {
  using J = nlohmann::ordered_json;
  auto num = [](double v) -> J { return std::isfinite(v) ? J(v) : J(nullptr); };
  J j;
  j["map"] = r.plan.map.name;
  j["constants"] = {{"c_h", r.plan.base.c_h.value}, {"c_n", r.plan.base.c_n.value}, {"log_factor", r.plan.base.log_factor},
                    {"delta", r.plan.base.delta.value}};
  j["thresholds"] = {{"eps_benign", r.plan.base.eps_benign.value}, {"eps_harmful", r.plan.base.eps_harmful.value},
                     {"noisy_fit_max", r.plan.base.noisy_fit_max.value}, {"delay_ratio", r.plan.base.delay_ratio.value}};
  J cases = J::array();
  for (const auto& c : r.cases) {
    J x;
    x["name"] = c.spec.name;
    if (!c.spec.label.empty()) x["paper_label"] = c.spec.label;
    x["keys"] = J::parse(config_to_json(c.spec.config, {"data", "model", "run"}));
    x["predicted"] = c.predicted;
    x["observed"] = c.ensemble.majority;
    x["agreement"] = c.agreement;
    x["predicted_calibrated"] = c.predicted_calibrated;
    x["agreement_calibrated"] = c.agreement_calibrated;
    const auto pred = predict<double>(c.spec.config, r.plan.map);
    J m;
    m["snr"] = num(c.snr);
    m["n_snr2"] = num(c.n_snr2);
    m["snr_d14"] = num(c.snr_d14);
    for (const auto& b : pred.boundaries) m[b.boundary.id] = num(b.margin);
    x["margins"] = m;
    x["tau_fit"] = num(c.observed.tau_fit);
    x["tau_gen"] = num(c.observed.tau_gen);
    x["tau_sel"] = num(c.observed.tau_sel);
    x["train_acc"] = num(c.observed.train_acc);
    x["train_acc_noisy"] = num(c.observed.train_acc_noisy);
    x["test_acc"] = num(c.observed.test_acc);
    x["reason"] = c.observed.reason;
    x["settled"] = c.observed.settled;
    // Ensemble (issue 10): τ's and settled_at per seed; first-seed values above.
    const auto& E = c.ensemble;
    x["seeds"] = E.seeds;
    J rf = J::object(), ri = J::object();
    for (const auto& [name, p] : E.regime_fractions) { rf[name] = p.estimate; ri[name] = {p.lo, p.hi}; }
    x["regime_fractions"] = rf;
    x["regime_intervals"] = ri;
    x["majority"] = E.majority;
    auto mi = [&](const MeanInterval& m, const char* scale = "linear") {
      return J{{"mean", num(m.mean)}, {"ci", {num(m.lo), num(m.hi)}}, {"count", m.count}, {"scale", scale}};
    };
    // τ's: geometric mean, interval of mean ln τ exponentiated ("scale": "log").
    x["means"] = {{"train_acc", mi(E.train_acc)}, {"train_acc_noisy", mi(E.noisy_acc)}, {"test_acc", mi(E.test_acc)},
                  {"test_loss", mi(E.test_loss)}, {"tau_fit", mi(E.tau_fit, "log")}, {"tau_gen", mi(E.tau_gen, "log")},
                  {"tau_sel", mi(E.tau_sel, "log")}};
    auto pj = [&](const Proportion& p) { return J{{"k", p.successes}, {"n", p.trials}, {"fraction", p.estimate}, {"ci", {p.lo, p.hi}}}; };
    x["agreement_frequency"] = pj(c.agree_fraction);
    x["agreement_calibrated_frequency"] = pj(c.agree_fraction_calibrated);
    J sa = J::array();
    for (const auto& sr : E.runs) sa.push_back(sr.settle.settled ? num(sr.settle.settled_at) : J(nullptr));
    x["settled_at"] = sa;
    x["settled_frequency"] = pj(E.settled);
    if (!E.still_moving.empty()) x["still_moving"] = E.still_moving;
    J per = J::array();
    for (const auto& sr : E.runs)
      per.push_back({{"seed", sr.seed}, {"regime", sr.observed.regime}, {"train_acc", num(sr.observed.train_acc)},
                     {"train_acc_noisy", num(sr.observed.train_acc_noisy)}, {"test_acc", num(sr.observed.test_acc)},
                     {"settled_at", sr.settle.settled ? num(sr.settle.settled_at) : J(nullptr)}});
    x["per_seed"] = per;
    cases.push_back(x);
  }
  j["cases"] = cases;
  if (!r.grid.empty()) {
    J cal = J::array();
    for (const auto& k : r.calibration.constants)
      cal.push_back({{"key", k.key}, {"boundary", k.boundary_id}, {"value", num(k.value)}, {"lo", num(k.lo)}, {"hi", num(k.hi)},
                     {"errors", k.errors}, {"used", k.used}, {"identifiable", k.identifiable}});
    j["calibration"] = cal;
    j["grid_cells"] = r.grid.size();
    j["grid_seeds"] = r.plan.grid_seeds;
    J gj = J::array();
    for (const auto& g : r.grid_ensembles) {
      J rf = J::object(), ri = J::object();
      for (const auto& [name, p] : g.regime_fractions) { rf[name] = p.estimate; ri[name] = {p.lo, p.hi}; }
      gj.push_back({{"values", g.cell.values}, {"seeds", g.seeds}, {"majority", g.majority}, {"regime_fractions", rf}, {"regime_intervals", ri}});
    }
    j["grid"] = gj;
    j["heldout_agreement_calibrated"] = num(r.score_calibrated_heldout.rate());
    j["heldout_agreement_configured"] = num(r.score_default_heldout.rate());
  }
  J ex = J::array();
  for (std::size_t i = 0; i < r.exponents.size(); ++i) {
    const auto& e = r.exponents[i];
    J x = {{"boundary", e.boundary_id}, {"key", e.key}, {"slope", num(e.fit.slope)}, {"ci", {num(e.ci_lo), num(e.ci_hi)}},
           {"map_slope", num(e.map_slope)}, {"consistent", e.consistent}, {"observable", e.observable}, {"runs_made_with", e.runs},
           {"runs", e.total_runs}, {"hit_cap", e.hit_cap}};
    J pts = J::array();
    for (const auto& q : e.points)
      pts.push_back({{"x", num(q.x)}, {"mu_star", q.trials > 0 && q.mu_star > 0 ? num(q.mu_star) : J(nullptr)},
                     {"ci", {q.mu_lo > 0 ? num(q.mu_lo) : J(nullptr), q.mu_hi > 0 ? num(q.mu_hi) : J(nullptr)}},
                     {"closed", q.bracketed}, {"runs", q.runs}, {"successes", q.successes}, {"trials", q.trials}});
    x["points"] = pts;
    J ls = J::array();
    for (const auto& l : e.local_slopes)
      ls.push_back({{"from", num(std::exp(l.x_from))}, {"to", num(std::exp(l.x_to))}, {"slope", num(l.slope)}, {"ci", {num(l.lo), num(l.hi)}}});
    x["local_slopes"] = ls;
    x["constant"] = {{"value", num(e.constant)}, {"ci", {num(e.constant_lo), num(e.constant_hi)}},
                     {"factor2_detected", e.factor2_detected}};
    if (i < r.wrong_map_checks.size())
      x["wrong_map"] = {{"map", r.wrong_map.name}, {"map_slope", num(r.wrong_map_checks[i].map_slope)},
                        {"rejected", !r.wrong_map_checks[i].consistent}};
    ex.push_back(x);
  }
  j["exponents"] = ex;
  J wc = J::array();
  for (const auto& w : r.window_controls) {
    J ls = J::array();
    for (const auto& l : w.control.local_slopes)
      ls.push_back({{"from", num(std::exp(l.x_from))}, {"to", num(std::exp(l.x_to))}, {"slope", num(l.slope)}, {"ci", {num(l.lo), num(l.hi)}}});
    J pts = J::array();
    for (const auto& q : w.control.points)
      pts.push_back({{"x", num(q.x)}, {"mu_star", q.trials > 0 && q.mu_star > 0 ? num(q.mu_star) : J(nullptr)},
                     {"ci", {q.mu_lo > 0 ? num(q.mu_lo) : J(nullptr), q.mu_hi > 0 ? num(q.mu_hi) : J(nullptr)}},
                     {"closed", q.bracketed}, {"runs", q.runs}});
    wc.push_back({{"boundary", w.boundary_id}, {"key", w.key}, {"main_tilt", num(w.main_tilt)}, {"control_tilt", num(w.control_tilt)},
                  {"main_slope", num(w.main_slope)}, {"main_ci", {num(w.main_lo), num(w.main_hi)}},
                  {"slope", num(w.control.fit.slope)}, {"ci", {num(w.control.ci_lo), num(w.control.ci_hi)}},
                  {"map_slope", num(w.control.map_slope)}, {"difference", num(w.difference)},
                  {"difference_ci", {num(w.difference_lo), num(w.difference_hi)}}, {"map_slope_covered", w.map_slope_covered},
                  {"tilt_excluded", w.tilt_excluded}, {"judged", w.judged}, {"passed", w.passed}, {"runs", w.control.total_runs},
                  {"hit_cap", w.control.hit_cap}, {"points", pts}, {"local_slopes", ls}});
  }
  j["window_controls"] = wc;
  if (r.has_long_horizon) j["long_horizon"] = long_horizon_json(r.long_horizon);
  if (r.has_heads) {
    J hs = J::array();
    for (const auto& c : r.heads.cells) {
      J x;
      x["case"] = c.case_name;
      x["heads"] = c.heads;
      x["head_nu"] = c.head_nu;
      x["seeds"] = c.seeds;
      x["majority"] = c.majority;
      J fr = J::object();
      for (const auto& [name, p] : c.regime_fractions) fr[name] = {{"count", p.successes}, {"fraction", p.estimate}, {"lo", p.lo}, {"hi", p.hi}};
      x["regime_fractions"] = fr;
      x["test_acc"] = {{"mean", num(c.test_acc.mean)}, {"lo", num(c.test_acc.lo)}, {"hi", num(c.test_acc.hi)}};
      x["specialisation"] = {{"mean", num(c.specialisation.mean)}, {"lo", num(c.specialisation.lo)}, {"hi", num(c.specialisation.hi)}};
      J per = J::array();
      for (const HeadSelection& s : c.per_head) {
        J h;
        for (int k = 0; k < kTokenTypes; ++k) {
          h[std::string("sel_clean_") + kTypeNames[k]] = s.clean[k];
          h[std::string("sel_noisy_") + kTypeNames[k]] = s.noisy[k];
          h[std::string("sel_test_") + kTypeNames[k]] = s.test[k];
        }
        per.push_back(h);
      }
      x["per_head"] = per;
      hs.push_back(x);
    }
    J keys = J::object();
    for (const auto& [k, v] : r.heads.plan.keys) keys[k] = v;
    j["heads"] = {{"seeds", r.heads.plan.seeds}, {"n_test", r.heads.plan.n_test}, {"keys", keys}, {"lr", "lr x H"},
                  {"elapsed_s", r.heads.elapsed_s}, {"cpu_s", r.heads.cpu_s}, {"cells", hs}};
  }
  j["interrupted"] = r.interrupted;
  return j.dump(2) + "\n";
}

void write_verify_report(const VerifyResult& r, const std::string& dir) {
  reports::ensure_directory(dir);
  const RegimeMap& map = r.plan.map;
  const Config& base = r.plan.base;
  std::ostringstream md;
  md << "# benign verify report\n\n";
  md << "Checks the theory of benign overfitting in the token selection of attention (Sakamoto & Sato, ICML 2025, "
        "arXiv 2409.17625) against simulation. Generated by `benign verify`"
     << (r.interrupted ? " — **interrupted: the report covers the finished parts only**" : "") << "; "
     << fmt(r.elapsed_s, 3) << " s on this machine.\n\n";

  // --- Summary ---
  md << "## Summary\n\n";
  const auto& eo = r.plan.ensemble;
  md << "Every case is run with " << eo.seeds << " seeds (seed, seed+1, …: independent data, W(0) and test set)"
     << (eo.settle ? ", each by gradient flow in log time (double) until it has settled — over the last " + fmt(eo.criteria.decades, 2) +
                         " decades of time no training label changed its fit (fitted counts and the token type every training "
                         "sample selects constant) and test accuracy and the selection fractions moved by less than " +
                         fmt(eo.criteria.tol, 3) + ", windows starting no earlier than lr × steps — or until the cap t = " + eo.cap +
                         " (units of lr × steps)"
                   : ", each for the configured horizon")
     << ". Frequencies over seeds carry Wilson 95% intervals, means Student-t 95% intervals; τ_fit, τ_gen and τ_sel span "
        "decades across seeds, so theirs are geometric means exp(mean ln τ) with the Student-t 95% interval of mean ln τ, "
        "exponentiated.\n\n";
  Table summary({"case", "d", "‖μ‖", "n", "SNR", "n·SNR²", "SNR·d^¼", "paper label", "predicted (configured constants)",
                "predicted (calibrated)", "observed (majority)", "regime frequencies over seeds", "agreement (calibrated), seeds",
                "agreement (configured)", "settled, seeds"});
  for (const auto& c : r.cases) {
    const Config& k = c.spec.config;
    summary.add({c.spec.name, std::to_string(k.d), k.mu.text, std::to_string(k.n), fmt(c.snr), fmt(c.n_snr2), fmt(c.snr_d14),
               c.spec.label.empty() ? "—" : c.spec.label, c.predicted, c.predicted_calibrated, c.ensemble.majority,
               fractions_text(c.ensemble), freq(c.agree_fraction_calibrated), freq(c.agree_fraction), freq(c.ensemble.settled)});
  }
  md << summary;
  Table means({"case", "train acc", "noisy train acc", "test acc", "test loss", "τ_fit", "τ_gen", "τ_sel", "settled at (time)"});
  for (const auto& c : r.cases) {
    const auto& E = c.ensemble;
    means.add({c.spec.name, mean_ci(E.train_acc, E.seeds), mean_ci(E.noisy_acc, E.seeds), mean_ci(E.test_acc, E.seeds),
               mean_ci(E.test_loss, E.seeds, 4), mean_ci(E.tau_fit, E.seeds), mean_ci(E.tau_gen, E.seeds),
               mean_ci(E.tau_sel, E.seeds), mean_ci(E.settled_at, E.seeds)});
  }
  md << "\nMeans over seeds with 95% intervals (τ columns: geometric means, interval on log scale):\n\n" << means;
  md << "\nτ are in gradient-descent steps (flow: time / lr) — the first checkpoint from which every label stays fitted / test accuracy stays ≥ "
     << fmt(1 - base.eps_benign.value) << " / the fraction of test samples selecting a relevant token stays ≥ "
     << fmt(1 - base.eps_benign.value) << "; seeds that never reach one (or reach it at τ = 0, which has no logarithm) are left out of its mean (their count is shown). "
        "The observed regime of a seed is decided from its trajectory with the thresholds below; `undecided` means the run was "
        "still moving at the cap (what moved is listed under the case) or ended between the thresholds.\n\n";

  // --- Constants and sources ---
  md << "## Constants, thresholds and where each condition comes from\n\n";
  md << "The theory's regime boundaries are asymptotic statements (`o(·)`, `ω(·)`); here they are evaluated with explicit "
        "constants, which are config keys. Sources: **paper** = stated by the ICML 2025 paper (its Figure 1 regime map), "
        "**v1** = the assumptions of its first arXiv version, **derived** = this project's own algebra.\n\n";
  md << "Regime map `" << map.name << "` (" << map.origin << "): regimes by increasing SNR: ";
  for (std::size_t i = 0; i < map.regimes.size(); ++i) md << (i ? ", " : "") << "`" << map.regimes[i] << "`";
  Table bounds_table({"boundary", "source", "SNR on the boundary", "between"});
  for (const auto& b : map.boundaries) bounds_table.add({b.id, b.source, boundary_formula(b), b.below + " / " + b.above});
  md << ".\n\n" << bounds_table;
  md << "\nConstants used for the prediction: c_h = " << base.c_h.text << ", c_n = " << base.c_n.text
     << ", log_factor = " << base.log_factor << ", δ = " << base.delta.text << ". Observed-regime thresholds: eps_benign = "
     << base.eps_benign.text << ", eps_harmful = " << base.eps_harmful.text << ", noisy_fit_max = " << base.noisy_fit_max.text
     << ", delay_ratio = " << base.delay_ratio.text << ".\n\n";
  {
    const auto cal = calibrate<double>(base, map);
    md << "**The paper's three labelled settings against these constants** (bounds/calibration): " << cal.summary << "\n\n";
  }
  for (const auto& c : r.cases) {
    const auto pred = predict<double>(c.spec.config, map);
    md << "<details><summary>Conditions for " << c.spec.name << "</summary>\n\n";
    Table conditions({"id", "source", "formula", "value", "threshold", "margin (log value/threshold)", "holds"});
    for (const auto& q : pred.conditions)
      conditions.add({q.id, q.source, q.formula, fmt(q.value, 6), fmt(q.threshold, 6), fmt(q.margin, 4), q.holds ? "yes" : "no"});
    md << conditions << "\n</details>\n\n";
  }

  // --- Cases ---
  md << "## The cases\n\n";
  for (std::size_t i = 0; i < r.cases.size(); ++i) {
    const auto& c = r.cases[i];
    const std::string s = slug(c.spec.name);
    md << "### " << c.spec.name << "\n\n";
    md << "- configuration: `" << config_to_json(c.spec.config, {"data", "model"}) << "`; precision " << c.run.precision
       << ", engine " << c.run.engine << ", integrator " << c.run.integrator << ", first seed to t = "
       << fmt(c.run.checkpoints.empty() ? 0.0 : c.run.checkpoints.back().time, 3) << " in " << fmt(c.run.elapsed_s, 3) << " s\n";
    md << "- over " << c.ensemble.seeds << " seeds: majority **" << c.ensemble.majority << "**; " << fractions_text(c.ensemble)
       << "; settled " << freq(c.ensemble.settled) << "\n";
    if (!c.ensemble.still_moving.empty()) md << "- still moving at the cap: " << c.ensemble.still_moving << "\n";
    md << "- first seed (" << c.run.config.seed << ", the figures below) observed **" << c.observed.regime << "**: " << c.observed.reason << "\n";
    if (!c.observed.mechanism.empty()) md << "- " << c.observed.mechanism << "\n";
    md << "- clean samples select: ";
    for (int t = 0; t < kTokenTypes; ++t) md << (t ? ", " : "") << kTypeNames[t] << " " << fmt(100 * c.observed.sel_clean[t], 3) << "%";
    md << "\n";
    md << "- " << (c.observed.settled ? "settled over the last stretch of the run" : "still changing at the horizon: " + c.observed.still_changing) << "\n";
    if (c.observed.growth.points >= 3)
      md << "- growth function check (theory.md §3): g(Λ̄(τ)) against τ over the late run: slope " << fmt(c.observed.growth.slope)
         << " per unit time, R² = " << fmt(c.observed.growth.r2) << " (" << c.observed.growth.points << " checkpoints)\n";
    if (!c.run.diagnostics.resolved) md << "- precision warning: " << c.run.diagnostics.message << "\n";
    md << "\n";
    std::vector<std::pair<std::string, std::string>> figs;
    figs.push_back({s + "_accuracy.svg", accuracy_figure(c)});
    const long tracked = long(c.run.tracked_samples.size());
    long first_noisy = -1;
    for (long k = 0; k < tracked; ++k) if (c.run.config.n > 0 && c.run.final_train.size() > 0 &&
                                           c.run.final_train[c.run.tracked_samples[k]].y != c.run.final_train[c.run.tracked_samples[k]].y_clean) { first_noisy = k; break; }
    if (tracked > 0 && first_noisy != 0) figs.push_back({s + "_attention_clean.svg", attention_figure(c, 0, "clean")});
    if (first_noisy >= 0) figs.push_back({s + "_attention_noisy.svg", attention_figure(c, std::size_t(first_noisy), "noisy")});
    if (!c.run.final_train.empty()) figs.push_back({s + "_selection.svg", selection_figure(c)});
    for (const auto& [file, svg] : figs) {
      reports::write_svg(dir + "/" + file, svg);
      md << "![" << file << "](" << file << ")\n\n";
    }
  }

  // --- Grid ---
  if (!r.grid.empty()) {
    md << "## Phase grid\n\n";
    std::string keys;
    for (const auto& [k, v] : r.plan.grid_keys) keys += (keys.empty() ? "" : ", ") + k + " = " + v;
    md << "Each cell runs " << r.plan.grid_seeds << " seeds (seed, seed+1, …), each " << r.plan.base.steps << " gradient-descent steps "
       << "(the configured horizon, not settled), n_test = " << r.plan.grid_n_test << (keys.empty() ? "" : ", " + keys)
       << (r.plan.grid_keys.empty() ? "" : " (the sampled source of theory.md §6 with a Gaussian W0 of the paper's Kaiming-uniform variance: "
                                           "cost independent of d)")
       << ". Heat maps: losses and accuracy averaged over the seeds, regime = the majority over seeds. Lines: the map's boundaries "
          "with the configured constants (solid) and with the constants calibrated here (dashed).\n\n";
    const auto figs = sweep_heat_maps(r.plan.grid_axes, r.grid, map,
                                      {{"configured", base}, {"calibrated", r.calibration.calibrated}}, dir, "grid_");
    for (const auto& f : figs) md << "![" << f.caption << "](" << f.file << ")\n\n";
    {
      md << "Regime frequencies over the seeds of each cell (Wilson 95% intervals):\n\n";
      Table freqs({r.plan.grid_axes.size() > 0 ? r.plan.grid_axes[0].key : "", r.plan.grid_axes.size() > 1 ? r.plan.grid_axes[1].key : "",
                   "seeds", "majority", "regime frequencies"});
      for (const auto& g : r.grid_ensembles)
        freqs.add({g.cell.values.size() > 0 ? g.cell.values[0] : "", g.cell.values.size() > 1 ? g.cell.values[1] : "",
                   std::to_string(g.seeds), g.majority, fractions_text(g.regime_fractions)});
      md << "<details><summary>" << r.grid_ensembles.size() << " cells</summary>\n\n" << freqs << "\n</details>\n\n";
    }
    md << "### Calibration of the constants\n\n";
    md << "Fitted on the " << r.calibration_cells << " cells of one colour of a checkerboard over the grid (every seed's outcome counts: "
       << r.score_default_all.decided << " decided runs over the whole grid); scored on the runs of the other "
       << r.heldout_cells << " cells. For each boundary the constant is chosen to misclassify the fewest decided runs; the interval is every value doing as well (its width is the uncertainty).\n\n";
    Table constants({"constant", "boundary", "value", "interval", "misclassified / used", "identifiable"});
    for (const auto& k : r.calibration.constants)
      constants.add({k.key, k.boundary_id, fmt(k.value, 4), "(" + fmt(k.lo, 4) + ", " + fmt(k.hi, 4) + ")",
                 std::to_string(k.errors) + " / " + std::to_string(k.used), k.identifiable ? "yes" : "no (one side unobserved)"});
    md << constants << "\nHeld-out agreement: **" << fmt(100 * r.score_calibrated_heldout.rate(), 3) << "%** of " << r.score_calibrated_heldout.decided
       << " decided held-out runs with the calibrated constants; " << fmt(100 * r.score_default_heldout.rate(), 3)
       << "% with the configured constants (" << r.score_default_heldout.outside << " runs outside the map's scope).\n\n";
  }

  // --- Exponents ---
  if (!r.exponents.empty()) {
    md << "## Boundary exponents\n\n";
    md << "Along a line of one key, each value runs a log-spaced grid of ‖μ‖ with " << (r.plan.lines.empty() ? 0 : r.plan.lines.front().seeds)
       << " seeds per point (" << r.plan.exponent_n_test
       << " test samples; how each run was made is in the table: data source, W0 law and w_var, horizon); the ‖μ‖ window of each value "
          "follows the map's exponent from the first value (it only places the grid: ‖μ‖* is located inside it, and a point whose "
          "interval reaches the window's edge is reported open and left out of the fit); a logistic curve in log ‖μ‖ is fitted to all outcomes by "
          "maximum likelihood and ‖μ‖* is its 50% point, with a profile-likelihood 95% interval (no bisection on single draws). "
          "log ‖μ‖* is then fitted against the log of the key by weighted least squares (weights from the intervals; the slope's "
          "95% interval uses the Student quantile and is widened when the points scatter more than their intervals), and local "
          "slopes between neighbouring values show whether it drifts. The map's slope is what the loaded map implies on the same "
          "line. Negative controls: the same measurements judged against `" << r.wrong_map.name
       << "` (the paper's map with its n- and d-exponents swapped) must be rejected; and the map's constant measured on the line "
          "(exponent held at the map's) must have an interval narrower than a factor 2 either way.\n\n";
    Table runs_made({"boundary", "key", "values", "runs made with", "runs", "at the cap still moving"});
    for (std::size_t i = 0; i < r.exponents.size() && i < r.plan.lines.size(); ++i) {
      const auto& e = r.exponents[i];
      const auto& l = r.plan.lines[i];
      std::string fixed;
      for (const auto& [k, v] : l.keys) if (k != "source" && k != "w_init" && k != "w_var") fixed += (fixed.empty() ? "" : ", ") + k + " = " + v;
      runs_made.add({e.boundary_id, e.key, l.values.front() + " … " + l.values.back() + " (" + std::to_string(l.values.size()) + " values" +
                                                 (fixed.empty() ? "" : "; " + fixed) + ")",
                     e.runs, std::to_string(e.total_runs), std::to_string(e.hit_cap)});
    }
    md << runs_made << "\n";
    Table slopes({"boundary", "key", "observable", "measured slope", "95% interval", "map slope", "verdict", "wrong map slope",
                  "negative control", "constant on the line [95%]", "factor-2 control"});
    for (std::size_t i = 0; i < r.exponents.size(); ++i) {
      const auto& e = r.exponents[i];
      const ExponentCheck* w = i < r.wrong_map_checks.size() ? &r.wrong_map_checks[i] : nullptr;
      slopes.add({e.boundary_id, e.key, e.observable, fmt(e.fit.slope, 3), "[" + fmt(e.ci_lo, 3) + ", " + fmt(e.ci_hi, 3) + "]",
                 fmt(e.map_slope, 3), e.consistent ? "consistent" : "inconsistent", w ? fmt(w->map_slope, 3) : "—",
                 w ? (w->consistent ? "NOT rejected" : "rejected") : "—",
                 fmt(e.constant, 3) + " [" + fmt(e.constant_lo, 3) + ", " + fmt(e.constant_hi, 3) + "]",
                 e.factor2_detected ? "×2 and ÷2 detected" : "NOT resolved"});
    }
    md << slopes << "\n";
    for (std::size_t i = 0; i < r.exponents.size(); ++i) {
      const auto& e = r.exponents[i];
      const std::string file = "exponent_" + slug(e.boundary_id) + "_" + e.key + ".svg";
      reports::write_svg(dir + "/" + file, exponent_figure(e, i < r.wrong_map_checks.size() ? &r.wrong_map_checks[i] : nullptr));
      md << "![" << file << "](" << file << ")\n\n";
      Table located({e.key, "‖μ‖* [95%]", "runs", "outcomes above / trials"});
      for (const auto& p : e.points)
        located.add({fmt(p.x, 6),
                     p.bracketed ? fmt(p.mu_star, 4) + " [" + fmt(p.mu_lo, 4) + ", " + fmt(p.mu_hi, 4) + "]"
                                 : p.mu_star > 0 ? "open interval: " + fmt(p.mu_star, 4) + " [" + fmt(p.mu_lo, 4) + ", " + fmt(p.mu_hi, 4) + "]"
                                                 : "no crossing in the grid",
                     std::to_string(p.runs), fmt(p.successes, 6) + " / " + fmt(p.trials, 6)});
      md << located << "\n";
      Table loc({e.key + " from", "to", "local slope [95%]"});
      for (const auto& l : e.local_slopes)
        loc.add({fmt(std::exp(l.x_from), 6), fmt(std::exp(l.x_to), 6), fmt(l.slope, 3) + " [" + fmt(l.lo, 3) + ", " + fmt(l.hi, 3) + "]"});
      if (!e.local_slopes.empty()) md << loc << "\n";
    }
  }

  if (!r.window_controls.empty()) {
    md << "### Does the ‖μ‖ window drive the slope?\n\n"
          "Where every seed's outcome flips between the same two grid points at every value of a line, the located ‖μ‖* sit at the "
          "same place in each window and the fitted slope equals the window's tilt whatever the boundary does. Control: the same "
          "boundary along the same key, with the window moved by another exponent (and widened so the boundary stays inside if "
          "the map holds), the same seeds. It passes when its 95% interval contains the map's slope and excludes its own tilt; "
          "were the outcomes following the window, it would measure its tilt.\n\n";
    Table wt({"boundary", "key", "values", "window tilt", "measured slope [95%]", "main line (tilt) [95%]", "map slope",
              "control − main [95%]", "verdict"});
    for (std::size_t i = 0; i < r.window_controls.size(); ++i) {
      const auto& w = r.window_controls[i];
      std::string vals;
      for (const auto& p : w.control.points) vals += (vals.empty() ? "" : ", ") + fmt(p.x, 6) + (p.bracketed ? "" : " (open)");
      wt.add({w.boundary_id, w.key, vals, fmt(w.control_tilt, 3),
              fmt(w.control.fit.slope, 3) + " [" + fmt(w.control.ci_lo, 3) + ", " + fmt(w.control.ci_hi, 3) + "]",
              fmt(w.main_slope, 3) + " (" + fmt(w.main_tilt, 3) + ") [" + fmt(w.main_lo, 3) + ", " + fmt(w.main_hi, 3) + "]",
              fmt(w.control.map_slope, 3),
              fmt(w.difference, 3) + " [" + fmt(w.difference_lo, 3) + ", " + fmt(w.difference_hi, 3) + "]",
              !w.judged  ? "not judged: fewer than 3 located points on a line"
              : w.passed ? "passed: the window does not drive the slope"
                         : w.map_slope_covered ? "FAILED: its own tilt is inside the interval" : "FAILED: the map's slope is outside"});
    }
    md << wt << "\n";
    for (const auto& w : r.window_controls) {
      Table loc({w.key + " from", "to", "control local slope [95%]"});
      for (const auto& l : w.control.local_slopes)
        loc.add({fmt(std::exp(l.x_from), 6), fmt(std::exp(l.x_to), 6), fmt(l.slope, 3) + " [" + fmt(l.lo, 3) + ", " + fmt(l.hi, 3) + "]"});
      if (!w.control.local_slopes.empty()) md << "Control of " << w.boundary_id << " (window tilt " << fmt(w.control_tilt, 3) << "):\n\n" << loc << "\n";
    }
  }

  if (r.has_long_horizon) md << long_horizon_section(r.long_horizon, dir);

  // --- Several heads ---
  if (r.has_heads) {
    const HeadsResult& H = r.heads;
    std::string keys;
    for (const auto& [k, v] : H.plan.keys) keys += (keys.empty() ? "" : ", ") + k + " = " + v;
    md << "## Several heads\n\n";
    md << "The cases with H heads, f(X) = Σ_h ν_hᵀ Xᵀ S(X W_h p_h) (README \"Several heads\"; `head_nu` shared: ν_h = ν/H; split: "
          "ν rotated to φ_h = (h + ½)π/(2H) in span(μ₊₁, μ₋₁), divided by H; H = 1: both are the paper's ν). Each (case, H, head_nu) runs "
       << H.plan.seeds << " seeds (seed, seed+1, …), gradient descent of the reduced engine in double for the case's " << r.plan.base.steps
       << " steps at rate lr × H (H identical heads with ν/H at rate lr H are one head at rate lr: one head's time scale), n_test = "
       << H.plan.n_test << (keys.empty() ? "" : ", " + keys) << " (theory.md §6, each W0_h drawn independently; W0_h ~ N(0, w_var/d)). "
       << "Regimes by the classifier on the model's outputs at that horizon (not settled flows), frequencies with Wilson 95% intervals; "
          "test accuracy: mean over seeds with a Student-t 95% interval. Section time " << fmt(H.elapsed_s, 3) << " s wall, "
       << fmt(H.cpu_s, 3) << " s CPU.\n\n";
    Table t({"case", "H", "head_nu", "seeds", "majority", "regime frequencies", "test acc", "specialisation"});
    for (const auto& c : H.cells)
      t.add({c.case_name, std::to_string(c.heads), c.head_nu, std::to_string(c.seeds), c.majority, fractions_text(c.regime_fractions),
             mean_ci(c.test_acc, c.seeds, 4), c.heads > 1 ? mean_ci(c.specialisation, c.seeds, 2) : "—"});
    md << t;
    md << "\nSpecialisation: per seed, the largest minus the smallest over heads of the fraction of noisy training samples whose "
          "head-h attention selects their weakly relevant opposite-class token (W_{−y*}, the token that agrees with the flipped label); "
          "mean over seeds with a t interval. 0: every head fits noisy samples alike; 1: one head selects W_{−y*} on every noisy "
          "sample while another never does.\n\n";
    md << "Per head (mean over seeds): fraction of noisy samples selecting relevant / weak same / weak opposite / irrelevant tokens, "
          "and of clean and test samples selecting a relevant token.\n\n";
    Table ph({"case", "H", "head_nu", "head", "noisy R / WS / WO / I", "clean R", "test R"});
    for (const auto& c : H.cells)
      for (std::size_t h = 0; h < c.per_head.size(); ++h) {
        const HeadSelection& s = c.per_head[h];
        std::string noisy;
        for (int k = 0; k < kTokenTypes; ++k) noisy += (k ? " / " : "") + fmt(s.noisy[k], 2);
        ph.add({c.case_name, std::to_string(c.heads), c.head_nu, std::to_string(h), noisy, fmt(s.clean[0], 3), fmt(s.test[0], 3)});
      }
    md << "<details><summary>" << H.cells.size() << " settings, per head</summary>\n\n" << ph << "\n</details>\n\n";
  }

  md << "## What this report does not claim\n\n";
  md << "- The regime boundaries are asymptotic in SNR; finite-size constants are chosen (configured) or fitted (calibrated) here, not given by the paper.\n";
  md << "- Cases: observed regimes are decided when a run has settled (two quiet decades of flow time) or at the cap; "
        "a change after two quiet decades would be missed. Frequencies are over " << r.plan.ensemble.seeds
     << " seeds per case; their Wilson intervals are wide at this size.\n";
  md << "- The phase grid runs the configured gradient-descent horizon (not settled flows); its cells are decided at that horizon.\n";
  md << "- The exponent lines use the sampled source with a Gaussian W0 (the paper's code uses Kaiming-uniform W0 of the same "
        "variance); their ‖μ‖ windows were placed from short exploratory runs.\n";
  md << "- The exponent fits use a handful of located points on one line each; their intervals are statistical, not proofs.\n";
  if (r.has_heads)
    md << "- Several heads: " << r.heads.plan.seeds << " seeds per setting and the configured gradient-descent horizon (not settled "
          "flows); the sampled source with Gaussian W0_h. Whether heads specialise is read off the per-head selections above; "
          "nothing is claimed beyond these seeds and this horizon.\n";
  reports::write_atomic(dir + "/verdicts.json", verdicts_json(r));
  reports::write_atomic(dir + "/report.md", md.str());
}

}  // namespace benign
