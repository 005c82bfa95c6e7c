#include "verify/logistic_boundary.hpp"

#include <algorithm>
#include <cmath>

namespace benign {

namespace {

// log σ(t) = −log(1 + e^{−t}), stable for either sign.
double log_sigmoid(double t) { return t >= 0 ? -std::log1p(std::exp(-t)) : t - std::log1p(std::exp(t)); }

// ℓ(b, x50) = Σ k log σ(b(x − x50)) + (m − k) log σ(−b(x − x50)).
double loglik(const std::vector<BinomialPoint>& pts, double b, double x50) {
  double l = 0;
  for (const auto& p : pts) {
    const double t = b * (p.x - x50);
    l += p.successes * log_sigmoid(t) + (p.trials - p.successes) * log_sigmoid(-t);
  }
  return l;
}

double range_of(const std::vector<BinomialPoint>& pts, double& xmin, double& xmax) {
  xmin = pts.front().x; xmax = xmin;
  for (const auto& p : pts) { xmin = std::min(xmin, p.x); xmax = std::max(xmax, p.x); }
  return xmax - xmin;
}

}  // namespace

double logistic_profile(const std::vector<BinomialPoint>& pts, double x50, double b_max) {
  // Golden section on [0, b_max]: ℓ is concave in b for fixed x50 (a logistic model linear in b).
  const double g = 0.6180339887498949;
  double a = 0, c = b_max;
  double x1 = c - g * (c - a), x2 = a + g * (c - a);
  double f1 = loglik(pts, x1, x50), f2 = loglik(pts, x2, x50);
  for (int it = 0; it < 120 && c - a > 1e-10 * b_max; ++it) {
    if (f1 < f2) { a = x1; x1 = x2; f1 = f2; x2 = a + g * (c - a); f2 = loglik(pts, x2, x50); }
    else { c = x2; x2 = x1; f2 = f1; x1 = c - g * (c - a); f1 = loglik(pts, x1, x50); }
  }
  return std::max({f1, f2, loglik(pts, 0, x50), loglik(pts, b_max, x50)});
}

LogisticBoundary fit_logistic_boundary(const std::vector<BinomialPoint>& pts, double chi2) {
  LogisticBoundary r;
  double above = 0, total = 0;
  for (const auto& p : pts) { above += p.successes; total += p.trials; }
  if (pts.empty() || above <= 0 || above >= total) return r;
  double xmin, xmax;
  const double span = range_of(pts, xmin, xmax);
  if (!(span > 0)) return r;
  const double b_max = 1e3 / span;  // steeper than this the curve is a step within 0.1% of the range
  // Maximum likelihood in (a, b), p = σ(a + b x), by Newton with step halving; x50 = −a/b.
  double a = 0, b = 0;
  double xc = 0.5 * (xmin + xmax);
  auto ll_lin = [&](double aa, double bb) {
    double l = 0;
    for (const auto& p : pts) {
      const double t = aa + bb * (p.x - xc);
      l += p.successes * log_sigmoid(t) + (p.trials - p.successes) * log_sigmoid(-t);
    }
    return l;
  };
  double cur = ll_lin(a, b);
  for (r.iterations = 0; r.iterations < 200; ++r.iterations) {
    double ga = 0, gb = 0, haa = 0, hab = 0, hbb = 0;
    for (const auto& p : pts) {
      const double u = p.x - xc, t = a + b * u;
      const double s = 1 / (1 + std::exp(-t));
      const double res = p.successes - p.trials * s, w = p.trials * s * (1 - s);
      ga += res; gb += res * u;
      haa += w; hab += w * u; hbb += w * u * u;
    }
    const double det = haa * hbb - hab * hab;
    if (!(det > 1e-300)) break;
    double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
    double step = 1, next = ll_lin(a + da, b + db);
    while (next < cur - 1e-12 && step > 1e-8) { step /= 2; next = ll_lin(a + step * da, b + step * db); }
    a += step * da; b += step * db;
    const bool done = std::abs(next - cur) < 1e-12 * (1 + std::abs(cur));
    cur = next;
    if (b * span > 1e3) break;  // separation: b diverges
    if (done) break;
  }
  r.fitted = true;
  r.separated = !(b > 0) || b * span > 1e3 || std::abs(cur) < 1e-9 * total;
  if (b > 0 && !r.separated) {
    r.slope = b;
    r.x50 = xc - a / b;
  } else {
    // Separated: x50 in the gap between the highest point with outcomes all below and the lowest
    // with all above; the profile decides the interval.
    double last_below = xmin, first_above = xmax;
    for (const auto& p : pts) {
      if (p.successes <= 0) last_below = std::max(last_below, p.x);
      if (p.successes >= p.trials) first_above = std::min(first_above, p.x);
    }
    r.slope = b_max;
    r.x50 = 0.5 * (last_below + first_above);
  }
  r.x50 = std::clamp(r.x50, xmin - span, xmax + span);
  r.loglik = std::max(cur, logistic_profile(pts, r.x50, b_max));
  // Profile-likelihood interval: walk out from x50 until the deviance exceeds chi2, then bisect.
  auto inside = [&](double x) { return 2 * (r.loglik - logistic_profile(pts, x, b_max)) <= chi2; };
  auto edge = [&](double dir, bool& open) {
    const double limit = dir < 0 ? xmin - span : xmax + span;
    double in = r.x50, out = r.x50;
    const double stepx = span / 64;
    while (true) {
      out = in + dir * stepx;
      if (dir < 0 ? out <= limit : out >= limit) { out = limit; if (inside(out)) { open = true; return out; } break; }
      if (!inside(out)) break;
      in = out;
    }
    for (int it = 0; it < 60; ++it) {
      const double mid = 0.5 * (in + out);
      (inside(mid) ? in : out) = mid;
    }
    return 0.5 * (in + out);
  };
  r.lo = edge(-1, r.lo_open);
  r.hi = edge(+1, r.hi_open);
  return r;
}

}  // namespace benign
