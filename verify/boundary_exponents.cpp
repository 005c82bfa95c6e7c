#include "verify/boundary_exponents.hpp"

#include <cmath>
#include <cstdio>
#include <mutex>

#include "core/parallel_for.hpp"

#include "bounds/predict.hpp"
#include "simulate/dataset.hpp"
#include "simulate/run.hpp"
#include "verify/agreement.hpp"

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

namespace {

// Run one configuration and say on which side of boundary j it lands.
bool run_side(const RegimeMap& map, std::size_t j, const Config& c, const std::atomic<bool>* stop) {
  Dataset D = make_dataset(c);
  RunOptions ro;
  ro.stop = stop;
  ro.final_selection = false;
  RunResult r = run_simulation(c, D, ro);
  return observed_above(map, j, classify(r, c), c);
}

// ‖μ‖ on the boundary according to the map: SNR* σ √d.
double map_mu_star(const RegimeMap& map, std::size_t j, const Config& c) {
  const auto pos = locate_boundaries<double>(c, map);
  return pos[j].threshold * c.sigma.value * std::sqrt(double(c.d));
}

}  // namespace

double map_slope(const RegimeMap& map, const BoundaryLine& line, const Config& base) {
  Config a = base, b = base;
  set_key(a, line.key, line.values.front());
  set_key(b, line.key, line.values.back());
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

ExponentCheck measure_exponent(const RegimeMap& map, const BoundaryLine& line, const Config& base, int threads,
                               const std::atomic<bool>* stop, bool progress) {
  ExponentCheck e;
  e.key = line.key;
  e.points.resize(line.values.size());
  std::mutex mu;
  parallel_for(long(line.values.size()), std::max(1, threads), stop, [&](long i) {
    Config c = base;
    set_key(c, line.key, line.values[i]);
    LocatedPoint p;
    p.x = std::stod(line.values[i]);
    double lo = line.mu_lo, hi = line.mu_hi;
    auto side = [&](double mu) {
      Config cm = c;
      set_key(cm, "mu", std::to_string(mu));
      ++p.runs;
      return run_side(map, line.boundary, cm, stop);
    };
    // Bracket: below at lo, above at hi (widen up to 3 times each way).
    bool lo_below = !side(lo), hi_above = side(hi);
    for (int k = 0; k < 3 && !lo_below; ++k) { lo /= 4; lo_below = !side(lo); }
    for (int k = 0; k < 3 && !hi_above; ++k) { hi *= 4; hi_above = side(hi); }
    p.bracketed = lo_below && hi_above;
    if (p.bracketed)
      for (int it = 0; it < line.iterations; ++it) {
        const double mid = std::sqrt(lo * hi);
        (side(mid) ? hi : lo) = mid;
      }
    p.mu_lo = lo; p.mu_hi = hi; p.mu_star = std::sqrt(lo * hi);
    std::lock_guard<std::mutex> lock(mu);
    e.points[i] = p;
    if (progress)
      std::fprintf(stderr, "[exponents] %s: %s=%s  ||mu||* = %.4g (%ld runs)\n", map.boundaries[line.boundary].id.c_str(),
                   line.key.c_str(), line.values[i].c_str(), p.mu_star, p.runs);
  });
  std::vector<double> xs, ys;
  for (const auto& p : e.points)
    if (p.bracketed) { xs.push_back(std::log(p.x)); ys.push_back(std::log(p.mu_star)); }
  e.fit = fit_line(xs, ys);
  // The bisection leaves each ‖μ‖* known only within its final bracket: add that resolution
  // (uniform over the bracket, sd = half-width/√3) to the regression's standard error of the slope.
  double mx = 0, sxx = 0, res2 = 0;
  for (double x : xs) mx += x / double(xs.size());
  for (double x : xs) sxx += (x - mx) * (x - mx);
  for (const auto& p : e.points)
    if (p.bracketed) res2 = std::max(res2, std::pow(0.5 * std::log(p.mu_hi / p.mu_lo), 2) / 3.0);
  if (sxx > 0) e.fit.slope_se = std::sqrt(e.fit.slope_se * e.fit.slope_se + res2 / sxx);
  const double t = t_quantile_975(e.fit.points - 2);
  e.ci_lo = e.fit.slope - t * e.fit.slope_se;
  e.ci_hi = e.fit.slope + t * e.fit.slope_se;
  return judge_against(e, map, line, base);
}

}  // namespace benign
