#include "verify/geometric_mean_interval.hpp"

#include <cmath>
#include <limits>

namespace benign {

MeanInterval geometric_mean_interval(const std::vector<double>& values) {
  std::vector<double> logs;
  for (double v : values)
    if (std::isfinite(v) && v > 0) logs.push_back(std::log(v));
  if (logs.empty()) return mean_interval({});  // count 0, NaN mean and interval
  MeanInterval m = mean_interval(logs);
  m.mean = std::exp(m.mean);
  m.lo = std::exp(m.lo);
  m.hi = std::exp(m.hi);
  return m;
}

}  // namespace benign
