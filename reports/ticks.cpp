#include "reports/ticks.hpp"

#include <algorithm>
#include <cmath>

#include "reports/svg.hpp"

namespace benign::reports {

namespace {

// Relative slack for comparisons of tick positions with range ends.
constexpr double kSlack = 1e-9;

// Smallest number of decimals that writes `step` exactly (to a relative 1e-6).
int decimals_for(double step) {
  for (int k = 0; k < 15; ++k) {
    double scaled = step * std::pow(10.0, k);
    if (std::fabs(scaled - std::round(scaled)) <= 1e-6 * scaled) return k;
  }
  return 15;
}

// Unicode superscript form of an integer ("⁻¹²").
std::string superscript(int k) {
  static const char* digits[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
  std::string s = k < 0 ? "⁻" : "";
  for (char c : std::to_string(std::abs(k))) s += digits[c - '0'];
  return s;
}

// The nice tick step for a span divided into about `target` intervals.
double nice_step(double span, int target) {
  return nice_number(nice_number(span, false) / std::max(1, target - 1), true);
}

}  // namespace

double nice_number(double x, bool round) {
  if (!(x > 0) || !std::isfinite(x)) return 1;
  double exponent = std::floor(std::log10(x));
  double power = std::pow(10.0, exponent);
  double f = x / power;
  double nice;
  if (round) nice = f < 1.5 ? 1 : f < 2.25 ? 2 : f < 3.5 ? 2.5 : f < 7.5 ? 5 : 10;
  else nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nice * power;
}

std::string power_of_ten_label(int k) {
  if (k == 0) return "1";
  if (k == 1) return "10";
  return "10" + superscript(k);
}

std::string linear_tick_label(double value, double step) {
  if (value == 0) return "0";
  double magnitude = std::fabs(value);
  if (magnitude >= 1e6 || magnitude < 1e-4) {
    int exponent = static_cast<int>(std::floor(std::log10(magnitude) + kSlack));
    double power = std::pow(10.0, exponent);
    double mantissa = value / power;
    std::string m = format_fixed(mantissa, decimals_for(std::max(step / power, 1e-12)));
    if (m == "1") return "10" + superscript(exponent);
    if (m == "-1") return "−10" + superscript(exponent);
    return m + "×10" + superscript(exponent);
  }
  std::string s = format_fixed(value, decimals_for(step));
  if (!s.empty() && s[0] == '-') s = "−" + s.substr(1);  // typographic minus
  return s;
}

std::vector<Tick> linear_ticks(double lo, double hi, int target) {
  std::vector<Tick> ticks;
  if (!std::isfinite(lo) || !std::isfinite(hi) || lo > hi) return ticks;
  if (lo == hi) return {Tick{lo, linear_tick_label(lo, std::max(std::fabs(lo), 1.0)), true}};
  double step = nice_step(hi - lo, target);
  auto first = [&] { return std::ceil(lo / step - kSlack); };
  auto last = [&] { return std::floor(hi / step + kSlack); };
  // Narrow ranges (e.g. heat-map edges) may hold too few multiples: refine the step.
  for (int refine = 0; refine < 4 && last() - first() + 1 < std::max(3, target / 2); ++refine)
    step = nice_number(step * 0.45, true);
  for (double k = first(); k <= last(); ++k) {
    double v = k * step;
    if (std::fabs(v) < step * kSlack) v = 0;
    ticks.push_back({v, linear_tick_label(v, step), true});
  }
  return ticks;
}

std::vector<Tick> log10_ticks(double lo, double hi, int target) {
  std::vector<Tick> ticks;
  if (!(lo > 0) || !std::isfinite(lo) || !std::isfinite(hi) || lo > hi) return ticks;
  double llo = std::log10(lo), lhi = std::log10(hi);
  int kmin = static_cast<int>(std::ceil(llo - kSlack)), kmax = static_cast<int>(std::floor(lhi + kSlack));
  auto inside = [&](double v) { return v >= lo * (1 - kSlack) && v <= hi * (1 + kSlack); };
  if (kmax - kmin + 1 >= 2) {
    // Thin the labelled decades to at most `target`.
    static const int steps[] = {1, 2, 3, 4, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000};
    int step = 1;
    for (int s : steps) {
      step = s;
      int count = static_cast<int>(std::floor(kmax / double(s)) - std::ceil(kmin / double(s)) + 1);
      if (count <= target) break;
    }
    bool fine_minor = step == 1 && kmax - kmin <= 8;
    bool label_2_5 = kmax - kmin + 1 == 2;  // only two decades: label 2× and 5× as well
    for (int k = kmin - 1; k <= kmax; ++k) {
      double power = std::pow(10.0, k);
      if (k >= kmin) {
        bool labelled = k % step == 0;
        std::string label = label_2_5 ? linear_tick_label(power, power) : power_of_ten_label(k);
        ticks.push_back({power, labelled ? label : "", labelled});
      }
      if (fine_minor)
        for (int m = 2; m <= 9; ++m) {
          if (!inside(m * power)) continue;
          bool labelled = label_2_5 && (m == 2 || m == 5);
          ticks.push_back({m * power, labelled ? linear_tick_label(m * power, power) : "", labelled});
        }
    }
    std::sort(ticks.begin(), ticks.end(), [](const Tick& a, const Tick& b) { return a.value < b.value; });
    return ticks;
  }
  // Less than two decades: 1-2-5 ticks, else plain linear ticks.
  for (int k = static_cast<int>(std::floor(llo)) - 1; k <= static_cast<int>(std::ceil(lhi)); ++k) {
    double power = std::pow(10.0, k);
    for (int m = 1; m <= 9; ++m) {
      double v = m * power;
      if (!inside(v)) continue;
      bool labelled = m == 1 || m == 2 || m == 5;
      ticks.push_back({v, labelled ? linear_tick_label(v, power) : "", labelled});
    }
  }
  long labelled = std::count_if(ticks.begin(), ticks.end(), [](const Tick& t) { return t.major; });
  if (labelled >= 3) return ticks;
  return linear_ticks(lo, hi, target);
}

std::vector<Tick> axis_ticks(Scale scale, double lo, double hi, int target) {
  return scale == Scale::Log10 ? log10_ticks(lo, hi, target) : linear_ticks(lo, hi, target);
}

Range axis_range(Scale scale, double data_lo, double data_hi, bool nice, double pad_fraction) {
  bool log = scale == Scale::Log10;
  if (!std::isfinite(data_lo) || !std::isfinite(data_hi) || data_lo > data_hi || (log && !(data_lo > 0)))
    return log ? Range{1, 10} : Range{0, 1};
  double lo = log ? std::log10(data_lo) : data_lo;
  double hi = log ? std::log10(data_hi) : data_hi;
  if (lo == hi) {
    double delta = log ? 0.5 : (lo == 0 ? 1.0 : std::fabs(lo) * 0.1);
    lo -= delta;
    hi += delta;
  }
  double pad = (hi - lo) * std::max(0.0, pad_fraction);
  lo -= pad;
  hi += pad;
  if (nice) {
    if (log) {
      if (hi - lo >= 1) {
        lo = std::floor(lo + kSlack);
        hi = std::ceil(hi - kSlack);
      }
    } else {
      double step = nice_step(hi - lo, 6);
      lo = std::floor(lo / step + kSlack) * step;
      hi = std::ceil(hi / step - kSlack) * step;
    }
  }
  if (log) return {std::pow(10.0, lo), std::pow(10.0, hi)};
  return {lo, hi};
}

}  // namespace benign::reports
