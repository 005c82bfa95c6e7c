#include "verify/boundary_exponents.hpp"

#include <cmath>
#include <chrono>
#include <cstdio>
#include <mutex>

#include <cstdlib>

#include "core/task_farm.hpp"
#include "core/text_format.hpp"
#include "verify/run_journal.hpp"

#include "bounds/predict.hpp"
#include "simulate/dataset.hpp"
#include "simulate/run.hpp"
#include "verify/agreement.hpp"
#include "verify/logistic_boundary.hpp"

namespace benign {

bool observed_above(const RegimeMap& map, std::size_t j, const Observation& o, const Config& th) {
  const std::string& below = map.regimes[j];
  const std::string& above = map.regimes[j + 1];
  // Harmful side: test samples do not select their relevant token. (Test accuracy alone cannot
  // locate this boundary: with ν fixed, uniform attention already gives accuracy Φ(‖μ‖/(σ·2√2))
  // for the default layout, ≥ 0.95 once ‖μ‖ ≳ 6.6 whatever d is [derived].)
  if (below == kHarmful) return o.sel_test[0] >= 1 - th.eps_harmful.value;
  if (above == kNotOverfitting) return !std::isnan(o.train_acc_noisy) && o.train_acc_noisy <= th.noisy_fit_max.value;
  return observed_index(map, o.regime) > int(j);
}

std::pair<double, double> boundary_outcome(const RegimeMap& map, std::size_t j, const Observation& o, const Config& c) {
  if (map.regimes[j + 1] == kNotOverfitting && std::isfinite(o.train_acc_noisy)) {
    const double noisy = std::ceil(c.eta.value * double(c.n) - 1e-12);  // balanced noise model: ceil(η n) flips
    if (c.noise_model == "balanced" && noisy > 0) return {std::round((1 - o.train_acc_noisy) * noisy), noisy};
  }
  return {observed_above(map, j, o, c) ? 1.0 : 0.0, 1.0};
}

namespace {

// ‖μ‖ on the boundary according to the map: SNR* σ √d.
double map_mu_star(const RegimeMap& map, std::size_t j, const Config& c) {
  const auto pos = locate_boundaries<double>(c, map);
  return pos[j].threshold * c.sigma.value * std::sqrt(double(c.d));
}

}  // namespace

Config line_config(const Config& base, const BoundaryLine& line, const std::string& value) {
  Config c = base;
  for (const auto& [k, v] : line.keys) set_key(c, k, v);
  set_key(c, line.key, value);
  return c;
}

std::vector<double> line_mu_grid(const BoundaryLine& line, std::size_t i) {
  const long nm = std::max(2, line.mu_points);
  const double shift = line.tilt * std::log(std::stod(line.values[i]) / std::stod(line.values.front()));
  const double a = std::log(line.mu_lo) + shift, b = std::log(line.mu_hi) + shift;
  std::vector<double> mus(static_cast<std::size_t>(nm));
  for (long m = 0; m < nm; ++m) mus[std::size_t(m)] = std::exp(a + (b - a) * double(m) / double(nm - 1));
  return mus;
}

double map_slope(const RegimeMap& map, const BoundaryLine& line, const Config& base) {
  const Config a = line_config(base, line, line.values.front()), b = line_config(base, line, line.values.back());
  const double xa = std::stod(line.values.front()), xb = std::stod(line.values.back());
  return std::log(map_mu_star(map, line.boundary, b) / map_mu_star(map, line.boundary, a)) / std::log(xb / xa);
}

ExponentCheck judge_against(const ExponentCheck& m, const RegimeMap& map, const BoundaryLine& line, const Config& base) {
  ExponentCheck e = m;
  e.boundary_id = map.boundaries[line.boundary].id;
  e.map_slope = map_slope(map, line, base);
  e.consistent = e.fit.points >= 3 && e.map_slope >= e.ci_lo && e.map_slope <= e.ci_hi;
  return e;
}

ExponentCheck fit_line_outcomes(const RegimeMap& map, const BoundaryLine& line, const Config& base,
                                const std::vector<LineOutcome>& outcomes) {
  ExponentCheck e;
  e.key = line.key;
  e.boundary_id = map.boundaries[line.boundary].id;
  const bool noisy_obs = map.regimes[line.boundary + 1] == kNotOverfitting;
  e.observable = noisy_obs ? "noisy training samples not fitted (pooled over seeds and noisy samples)"
                 : map.regimes[line.boundary] == kHarmful
                     ? "per seed: fraction of test samples selecting their relevant token >= 1 - eps_harmful"
                     : "per seed: observed regime above the boundary";
  const long nx = long(line.values.size()), nm = std::max(2, line.mu_points), ns = std::max(1L, line.seeds);
  std::vector<std::vector<double>> grids;
  for (long i = 0; i < nx; ++i) grids.push_back(line_mu_grid(line, std::size_t(i)));
  e.points.resize(std::size_t(nx));
  std::vector<double> xs, ys, sig;
  std::vector<std::string> vals;
  for (long i = 0; i < nx; ++i) {
    LocatedPoint p;
    p.x = std::stod(line.values[std::size_t(i)]);
    std::vector<BinomialPoint> pts;
    for (long m = 0; m < nm; ++m) {
      BinomialPoint b{std::log(grids[std::size_t(i)][std::size_t(m)]), 0, 0};
      for (long k = 0; k < ns; ++k) {
        const std::size_t idx = std::size_t((i * nm + m) * ns + k);
        if (idx >= outcomes.size() || !outcomes[idx].done) continue;
        ++e.total_runs;
        e.hit_cap += outcomes[idx].capped;
        b.successes += outcomes[idx].successes;
        b.trials += outcomes[idx].trials;
        ++p.runs;
      }
      p.successes += b.successes; p.trials += b.trials;
      if (b.trials > 0) pts.push_back(b);
    }
    const LogisticBoundary f = fit_logistic_boundary(pts);
    p.bracketed = f.fitted && !f.lo_open && !f.hi_open;
    if (f.fitted) { p.mu_star = std::exp(f.x50); p.mu_lo = std::exp(f.lo); p.mu_hi = std::exp(f.hi); }
    e.points[std::size_t(i)] = p;
    if (p.bracketed) {
      xs.push_back(std::log(p.x));
      vals.push_back(line.values[std::size_t(i)]);
      ys.push_back(f.x50);
      sig.push_back((f.hi - f.lo) / (2 * 1.959963984540054));
    }
  }
  const WeightedSlope w = weighted_slope(xs, ys, sig);
  e.fit.points = w.points;
  e.fit.slope = w.slope;
  e.fit.intercept = w.intercept;
  e.fit.slope_se = w.se;
  e.ci_lo = w.ci_lo;
  e.ci_hi = w.ci_hi;
  e.local_slopes = local_slopes(xs, ys, sig);
  // The map's constant on this line, the map's exponent held fixed: log c_i = log ‖μ‖*_i − log ‖μ‖*_map,i(c = 1).
  {
    Config one = base;
    set_key(one, "c_h", "1");
    set_key(one, "c_n", "1");
    double sw = 0, s = 0, chi2 = 0;
    std::vector<double> lc;
    for (std::size_t q = 0; q < xs.size(); ++q) {
      const Config c = line_config(one, line, vals[q]);
      lc.push_back(ys[q] - std::log(map_mu_star(map, line.boundary, c)));
      const double wq = 1 / (sig[q] * sig[q]);
      sw += wq; s += wq * lc.back();
    }
    if (sw > 0) {
      const double m = s / sw;
      for (std::size_t q = 0; q < lc.size(); ++q) chi2 += (lc[q] - m) * (lc[q] - m) / (sig[q] * sig[q]);
      const long dof = long(lc.size()) - 1;
      const double scale = dof > 0 ? std::max(1.0, chi2 / double(dof)) : 1.0;
      const double half = (dof > 0 ? t_quantile_975(dof) : 1.959963984540054) * std::sqrt(scale / sw);
      e.constant = std::exp(m);
      e.constant_lo = std::exp(m - half);
      e.constant_hi = std::exp(m + half);
      e.factor2_detected = 2 * e.constant > e.constant_hi && e.constant / 2 < e.constant_lo;
    }
  }
  return judge_against(e, map, line, base);
}

ExponentCheck measure_exponent(const RegimeMap& map, const BoundaryLine& line, const Config& base, int threads,
                               const std::atomic<bool>* stop, bool progress, const EnsembleOptions* settle,
                               RunJournal* journal, const std::string& journal_key) {
  const long nx = long(line.values.size()), nm = std::max(2, line.mu_points), ns = std::max(1L, line.seeds);
  std::vector<std::vector<double>> grids;
  for (long i = 0; i < nx; ++i) grids.push_back(line_mu_grid(line, std::size_t(i)));
  const bool settled = settle && settle->settle;
  // Every (key value, ‖μ‖, seed) is one run, written by index.
  const long total = nx * nm * ns;
  // The runs are the tasks of the job (core/task_farm: threads, and ranks under MPI); each outcome
  // travels as text (shortest round-trip numbers) and is read back on every rank, also alone.
  std::atomic<long> finished{0};
  const auto t0 = std::chrono::steady_clock::now();
  FarmOptions fo;
  fo.threads = threads;  // ≤ 0: all cores alone, one per rank under MPI
  fo.stop = stop;
  auto key = [&](long idx) { return journal_key + " run " + std::to_string(idx); };
  fo.on_done = [&](long idx, const std::string& payload) {  // rank 0, one call at a time
    if (journal && !journal->find(key(idx))) journal->append(key(idx), payload);
    if (progress) {
      const long f = ++finished;
      if (f % 20 == 0 || f == total) {
        const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::fprintf(stderr, "[exponents] %s: %ld/%ld runs, %.0f s, ETA %.0f s\n", map.boundaries[line.boundary].id.c_str(), f,
                     total, el, el / double(f) * double(total - f));
      }
    }
  };
  const auto payloads = farm_map(total, fo, [&](long idx) -> std::optional<std::string> {
    if (journal)
      if (const std::string* done = journal->find(key(idx))) return *done;  // finished before: not run again
    const long i = idx / (nm * ns), m = (idx / ns) % nm, k = idx % ns;
    Config c = line_config(base, line, line.values[std::size_t(i)]);
    set_key(c, "mu", std::to_string(grids[std::size_t(i)][std::size_t(m)]));
    std::pair<double, double> st;
    bool cap = false;
    if (settled) {
      EnsembleOptions eo = *settle;
      eo.stop = stop;
      eo.final_selection = false;
      bool interrupted = false;
      const SeedOutcome so = run_seed(seed_config(c, k, eo), eo, nullptr, interrupted);
      if (interrupted) return std::nullopt;
      st = boundary_outcome(map, line.boundary, so.observed, c);
      cap = so.hit_cap;
    } else {
      c.seed = base.seed + std::uint64_t(k);
      Dataset D = make_dataset(c);
      RunOptions ro;
      ro.stop = stop;
      ro.final_selection = false;
      RunResult r = run_simulation(c, D, ro);
      if (r.interrupted) return std::nullopt;
      st = boundary_outcome(map, line.boundary, classify(r, c), c);
    }
    return format_shortest(st.first) + " " + format_shortest(st.second) + " " + (cap ? "1" : "0");
  });
  std::vector<LineOutcome> outcome(static_cast<std::size_t>(total));
  for (long idx = 0; idx < total; ++idx) {
    const auto& p = payloads[std::size_t(idx)];
    if (!p) continue;
    LineOutcome& o = outcome[std::size_t(idx)];
    char* end = nullptr;
    o.successes = std::strtod(p->c_str(), &end);
    o.trials = std::strtod(end, &end);
    o.capped = std::strtol(end, &end, 10) != 0;
    o.done = true;
  }
  ExponentCheck e = fit_line_outcomes(map, line, base, outcome);
  {
    const Config c0 = line_config(base, line, line.values.front());
    e.runs = (c0.source == "sampled" ? "sampled source (theory.md §6)" : "explicit d-dimensional draws") + std::string(", W0 law ") +
             c0.w_init + (c0.w_init == "gaussian" ? " with w_var = " + c0.w_var.text + " (entries N(0, w_var/d))" : "") + ", " +
             (settled ? "gradient flow until settled (cap t = " + settle->cap + ")"
                      : "the configured horizon (" + std::to_string(c0.steps) + " " + c0.integrator + " steps)");
  }
  if (progress)
    for (const auto& p : e.points)
      std::fprintf(stderr, "[exponents] %s: %s=%.6g  ||mu||* = %.4g [%.4g, %.4g] (%ld runs)\n", e.boundary_id.c_str(), line.key.c_str(),
                   p.x, p.mu_star, p.mu_lo, p.mu_hi, p.runs);
  return e;
}


}  // namespace benign
