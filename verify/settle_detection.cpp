#include "verify/settle_detection.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace benign {

const std::vector<std::string>& settle_observable_names() {
  static const std::vector<std::string> names = {
      "test accuracy", "test selection of the relevant token",
      "clean selection: relevant", "clean selection: weak same", "clean selection: weak opposite", "clean selection: irrelevant",
      "noisy selection: relevant", "noisy selection: weak same", "noisy selection: weak opposite", "noisy selection: irrelevant"};
  return names;
}

SettleSample settle_sample(const Checkpoint& c, long n) {
  SettleSample s;
  s.time = c.time;
  // A fraction k/m of m ≤ n samples times n, rounded: distinct k give distinct integers.
  auto count = [n](double frac) { return std::isfinite(frac) ? long(std::lround(frac * double(n))) : -1L; };
  s.labels.push_back(count(c.train_acc_clean));
  s.labels.push_back(count(c.train_acc_noisy));
  for (auto t : c.selected_type) s.labels.push_back(long(t));
  s.observables.push_back(c.test_acc);
  s.observables.push_back(c.sel_test[0]);
  for (double v : c.sel_clean) s.observables.push_back(std::isfinite(v) ? v : 0.0);
  for (double v : c.sel_noisy) s.observables.push_back(std::isfinite(v) ? v : 0.0);
  return s;
}

namespace {

// Window of checkpoints [first, k] covering [t_k 10^−decades, t_k]; −1 if the run does not reach back that far.
long window_start(const std::vector<SettleSample>& s, long k, double decades) {
  const double from = s[k].time * std::pow(10.0, -decades) * (1 - 1e-9);  // 1e-9: log-spaced times rounded
  if (!(s[k].time > 0) || s.front().time > from) return -1;
  long j = k;
  while (j > 0 && s[j - 1].time >= from) --j;
  return j;
}

std::string describe(const std::vector<SettleSample>& s, long j, long k, double tol, const std::vector<std::string>& names) {
  std::vector<std::string> out;
  long changed_labels = 0;
  for (std::size_t i = 0; i < s[k].labels.size(); ++i)
    for (long m = j; m < k; ++m)
      if (i < s[m].labels.size() && s[m].labels[i] != s[k].labels[i]) { ++changed_labels; break; }
  if (changed_labels) out.push_back(std::to_string(changed_labels) + " training label(s)/selection(s) changed");
  for (std::size_t i = 0; i < s[k].observables.size(); ++i) {
    double lo = s[k].observables[i], hi = lo;
    for (long m = j; m <= k; ++m) { lo = std::min(lo, s[m].observables[i]); hi = std::max(hi, s[m].observables[i]); }
    if (hi - lo >= tol) {
      std::ostringstream os;
      os.precision(3);
      os << (i < names.size() ? names[i] : "observable " + std::to_string(i)) << " moved by " << hi - lo;
      out.push_back(os.str());
    }
  }
  std::string r;
  for (std::size_t i = 0; i < out.size(); ++i) r += (i ? "; " : "") + out[i];
  return r;
}

}  // namespace

SettleStatus settle_status(const std::vector<SettleSample>& s, const SettleCriteria& crit,
                           const std::vector<std::string>& names) {
  SettleStatus st;
  if (s.empty()) { st.moving = "no checkpoints"; return st; }
  long last_j = -1;
  for (long k = 0; k < long(s.size()); ++k) {
    const long j = window_start(s, k, crit.decades);
    if (j < 0 || s[j].time < crit.t_min * (1 - 1e-12)) continue;
    last_j = j;
    bool quiet = true;
    for (long m = j; m < k && quiet; ++m) quiet = s[m].labels == s[k].labels;
    for (std::size_t i = 0; i < s[k].observables.size() && quiet; ++i) {
      double lo = s[k].observables[i], hi = lo;
      for (long m = j; m <= k; ++m) { lo = std::min(lo, s[m].observables[i]); hi = std::max(hi, s[m].observables[i]); }
      quiet = hi - lo < crit.tol;
    }
    if (quiet) {
      st.settled = true;
      st.settled_at = s[k].time;
      st.k_settled = k;
      return st;
    }
  }
  const long k = long(s.size()) - 1;
  st.moving = last_j < 0 ? "the run spans less than " + std::to_string(int(crit.decades)) + " decades of time"
                         : describe(s, last_j, k, crit.tol, names);
  return st;
}

SettleStatus settle_status(const RunResult& r, const SettleCriteria& crit) {
  std::vector<SettleSample> s;
  s.reserve(r.checkpoints.size());
  for (const auto& c : r.checkpoints) s.push_back(settle_sample(c, r.config.n));
  return settle_status(s, crit, settle_observable_names());
}

}  // namespace benign
