#include "verify/wilson_interval.hpp"

#include <algorithm>
#include <cmath>

namespace benign {

Proportion wilson_interval(long k, long n, double z) {
  Proportion p;
  p.successes = k;
  p.trials = n;
  if (n <= 0) return p;
  const double nn = double(n), ph = double(k) / nn, z2 = z * z;
  const double centre = (ph + z2 / (2 * nn)) / (1 + z2 / nn);
  const double half = z * std::sqrt(ph * (1 - ph) / nn + z2 / (4 * nn * nn)) / (1 + z2 / nn);
  p.estimate = ph;
  // At k = 0 (k = n) the lower (upper) end is exactly 0 (1); clamp rounding.
  p.lo = k == 0 ? 0.0 : std::max(0.0, centre - half);
  p.hi = k == n ? 1.0 : std::min(1.0, centre + half);
  return p;
}

}  // namespace benign
