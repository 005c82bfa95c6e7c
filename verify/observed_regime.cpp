#include "verify/observed_regime.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "bounds/growth_g.hpp"

namespace benign {

LinearFit fit_line(const std::vector<double>& x, const std::vector<double>& y) {
  LinearFit f;
  const long n = long(x.size());
  f.points = n;
  if (n < 2) return f;
  double mx = 0, my = 0;
  for (long i = 0; i < n; ++i) { mx += x[i]; my += y[i]; }
  mx /= n; my /= n;
  double sxx = 0, sxy = 0, syy = 0;
  for (long i = 0; i < n; ++i) {
    sxx += (x[i] - mx) * (x[i] - mx);
    sxy += (x[i] - mx) * (y[i] - my);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx == 0) return f;
  f.slope = sxy / sxx;
  f.intercept = my - f.slope * mx;
  const double sse = std::max(0.0, syy - f.slope * sxy);
  f.r2 = syy > 0 ? 1 - sse / syy : 1;
  f.slope_se = n > 2 ? std::sqrt(sse / double(n - 2) / sxx) : 0;
  return f;
}

namespace {

std::string pct(double v) {
  std::ostringstream os;
  os.precision(3);
  os << 100 * v << "%";
  return os.str();
}

}  // namespace

Observation classify(const RunResult& r, const Config& th) {
  Observation o;
  const auto& cps = r.checkpoints;
  if (r.diagnostics.non_finite) {  // no result to classify: the run stopped at a NaN or inf
    o.regime = kFailed;
    o.reason = r.diagnostics.message;
    o.settled = false;
    return o;
  }
  if (cps.empty()) { o.reason = "no checkpoints"; return o; }
  const Checkpoint& f = cps.back();
  o.train_acc = f.train_acc; o.train_acc_clean = f.train_acc_clean; o.train_acc_noisy = f.train_acc_noisy;
  o.test_acc = f.test_acc; o.train_loss = f.train_loss; o.test_loss = f.test_loss;
  o.sel_clean = f.sel_clean; o.sel_noisy = f.sel_noisy; o.sel_test = f.sel_test;
  if (r.config.observe == "final") {  // every label below needs the trajectory (τ_fit, τ_gen, settling)
    o.regime = kNotClassified;
    o.reason = "observe = final: train and test set evaluated once, at step " + std::to_string(long(f.step)) +
               "; the observed regime needs the trajectory (observe = all)";
    o.settled = false;
    return o;
  }
  const double good = 1 - th.eps_benign.value, bad = 1 - th.eps_harmful.value;

  // Times: from when every label stays fitted, and from when test accuracy stays ≥ 1 − ε.
  const long kfit = holds_from(cps, [](const Checkpoint& c) { return c.train_acc >= 1.0; });
  const long kgen = holds_from(cps, [&](const Checkpoint& c) { return c.test_acc >= good; });
  if (kfit >= 0) o.tau_fit = cps[kfit].step;
  if (kgen >= 0) o.tau_gen = cps[kgen].step;
  const long ksel = holds_from(cps, [&](const Checkpoint& c) { return c.sel_test[0] >= good; });
  if (ksel >= 0) o.tau_sel = cps[ksel].step;
  o.k_fit = kfit; o.k_gen = kgen; o.k_sel = ksel;
  if (kfit >= 0 && kgen >= 0) o.ratio = o.tau_gen / std::max(o.tau_fit, 1.0);

  // What moved over the last stretch of the run (last 20% of the checkpoints' time, at least one).
  const double t_end = f.time;
  long kref = long(cps.size()) - 1;
  while (kref > 0 && cps[kref].time > (r.checkpoints.size() > 2 && cps[1].time > 0 && t_end / cps[1].time > 1e3
                                                ? t_end / std::sqrt(10.0)   // log-spaced: half a decade
                                                : 0.8 * t_end))
    --kref;
  const Checkpoint& ref = cps[kref];
  std::vector<std::string> moving;
  if (ref.train_acc != f.train_acc) moving.push_back("training accuracy " + pct(ref.train_acc) + " -> " + pct(f.train_acc));
  if (std::abs(ref.test_acc - f.test_acc) > th.eps_benign.value / 2)
    moving.push_back("test accuracy " + pct(ref.test_acc) + " -> " + pct(f.test_acc));
  if (!std::isnan(f.train_acc_noisy) && ref.train_acc_noisy != f.train_acc_noisy)
    moving.push_back("noisy training accuracy " + pct(ref.train_acc_noisy) + " -> " + pct(f.train_acc_noisy));
  if (ref.selected_type != f.selected_type) {
    long changed = 0;
    for (std::size_t i = 0; i < f.selected_type.size() && i < ref.selected_type.size(); ++i)
      changed += f.selected_type[i] != ref.selected_type[i];
    moving.push_back(std::to_string(changed) + " training samples changed the token type they select");
  }
  for (std::size_t i = 0; i < moving.size(); ++i) o.still_changing += (i ? "; " : "") + moving[i];
  o.settled = moving.empty();

  // How noisy samples are fitted: the token type they select.
  if (!std::isnan(f.sel_noisy[0])) {
    const char* names[] = {"relevant", "weakly relevant same-class", "weakly relevant opposite-class", "irrelevant"};
    int best = int(std::max_element(f.sel_noisy.begin(), f.sel_noisy.end()) - f.sel_noisy.begin());
    o.mechanism = "noisy samples select " + std::string(names[best]) + " tokens (" + pct(f.sel_noisy[best]) + ")";
  }

  const bool fitted = f.train_acc >= 1.0;
  const bool clean_fitted = std::isnan(f.train_acc_clean) || f.train_acc_clean >= 1.0;
  if (fitted) {
    if (f.test_acc >= good) {
      const bool low_at_fit = kfit >= 0 && cps[kfit].test_acc < good;
      if (low_at_fit && o.ratio >= th.delay_ratio.value) {
        o.regime = kDelayed;
        o.reason = "every label fitted at tau_fit while test accuracy was " + pct(cps[kfit].test_acc) +
                   "; test accuracy reached >= " + pct(good) + " only at tau_gen = " + std::to_string(long(o.tau_gen));
      } else {
        o.regime = kBenign;
        o.reason = "every training label fitted and test accuracy " + pct(f.test_acc) + " >= " + pct(good);
      }
    } else if (f.test_acc < bad) {
      o.regime = kHarmful;
      o.reason = "every training label fitted and test accuracy " + pct(f.test_acc) + " < " + pct(bad);
      if (f.test_acc > ref.test_acc + th.eps_benign.value / 2) {
        o.regime = kUndecided;
        o.reason = "every label fitted, test accuracy " + pct(f.test_acc) + " still rising";
      }
    } else {
      o.regime = kUndecided;
      o.reason = "every label fitted, test accuracy " + pct(f.test_acc) + " between the thresholds";
    }
  } else if (clean_fitted && !std::isnan(f.train_acc_noisy) && f.train_acc_noisy <= th.noisy_fit_max.value &&
             f.test_acc >= good) {
    if (ref.train_acc_noisy != f.train_acc_noisy && f.train_acc_noisy > ref.train_acc_noisy) {
      o.regime = kUndecided;
      o.reason = "noisy samples still being fitted at the horizon (" + pct(ref.train_acc_noisy) + " -> " +
                 pct(f.train_acc_noisy) + ")";
    } else {
      o.regime = kNotOverfitting;
      o.reason = "clean samples fitted, noisy training accuracy " + pct(f.train_acc_noisy) + " <= " +
                 pct(th.noisy_fit_max.value) + ", test accuracy " + pct(f.test_acc);
    }
  } else if (o.settled && clean_fitted && !std::isnan(f.train_acc_noisy) && f.train_acc_noisy > th.noisy_fit_max.value &&
             f.test_acc < bad) {
    // Settled with most noisy labels memorised and poor test accuracy: harmful overfitting of all
    // but a few noisy samples (theory.md §4: "all training labels fitted" holds up to those).
    o.regime = kHarmful;
    o.reason = "settled with clean samples fitted, " + pct(f.train_acc_noisy) + " > " + pct(th.noisy_fit_max.value) +
               " of noisy samples fitted and test accuracy " + pct(f.test_acc) + " < " + pct(bad);
  } else {
    o.regime = kUndecided;
    o.reason = "training labels not all fitted at the horizon (train " + pct(f.train_acc) + ", clean " +
               pct(f.train_acc_clean) + ", noisy " + pct(f.train_acc_noisy) + ")";
  }

  // Growth function check: g(Λ(τ)) against τ over the second half of the run (log-time: last two decades).
  std::vector<double> xs, ys;
  const double t_from = (cps.size() > 2 && cps[1].time > 0 && t_end / cps[1].time > 1e3) ? t_end / 100 : t_end / 2;
  for (const auto& c : cps)
    if (c.time >= t_from && std::isfinite(c.lambda_mean) && c.lambda_mean > 0) {
      xs.push_back(c.time);
      ys.push_back(growth_g<double>(c.lambda_mean, r.config.T));
    }
  o.growth = fit_line(xs, ys);
  return o;
}

}  // namespace benign
