// Axis scales, ranges and "nice" tick selection for linear and log10 axes (Heckbert's method for
// linear axes; decades, thinned decades or 1-2-5 sub-decade ticks for log axes).
#pragma once
#include <string>
#include <vector>

namespace benign::reports {

enum class Scale { Linear, Log10 };

struct Tick {
  double value = 0;
  std::string label;   // empty for minor ticks
  bool major = true;
};

struct Range {
  double lo = 0, hi = 1;
};

// A "nice" number close to x > 0: 1, 2, 2.5 or 5 times a power of ten (rounded, or the next one up).
double nice_number(double x, bool round);
// Ticks at multiples of a nice step inside [lo, hi], about `target` of them.
std::vector<Tick> linear_ticks(double lo, double hi, int target = 6);
// Ticks for a log10 axis on [lo, hi] (0 < lo < hi): at most `target` labelled decades (thinned to
// every 2nd, 3rd, ... decade on wide ranges such as 1..1e12), minor ticks between them; ranges
// narrower than two decades get 1-2-5 ticks.
std::vector<Tick> log10_ticks(double lo, double hi, int target = 6);
// Ticks for either scale.
std::vector<Tick> axis_ticks(Scale scale, double lo, double hi, int target = 6);

// Label of a linear tick value when ticks are `step` apart: enough decimals for the step,
// m×10ⁿ form for very large or very small magnitudes.
std::string linear_tick_label(double value, double step);
// Label of a power of ten 10^k: "1", "10", then "10²", "10⁻³", ... (Unicode superscripts).
std::string power_of_ten_label(int k);

// The range an axis shows for data in [data_lo, data_hi]: made non-degenerate (equal ends are
// widened, an empty range — lo > hi or non-finite — becomes [0, 1] or [1, 10]), padded by
// `pad_fraction` of its span (in log space for Log10), and with `nice` extended to tick multiples
// (whole decades for Log10).
Range axis_range(Scale scale, double data_lo, double data_hi, bool nice, double pad_fraction = 0);

}  // namespace benign::reports
