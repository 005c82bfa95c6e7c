#include "verify/mean_interval.hpp"

#include <cmath>
#include <limits>

#include "verify/student_t.hpp"

namespace benign {

MeanInterval mean_interval(const std::vector<double>& values) {
  MeanInterval m;
  double s = 0;
  for (double v : values)
    if (std::isfinite(v)) { s += v; ++m.count; }
  if (m.count == 0) {
    m.mean = m.lo = m.hi = std::numeric_limits<double>::quiet_NaN();
    return m;
  }
  m.mean = s / double(m.count);
  double ss = 0;
  for (double v : values)
    if (std::isfinite(v)) ss += (v - m.mean) * (v - m.mean);
  m.sd = m.count > 1 ? std::sqrt(ss / double(m.count - 1)) : 0;
  const double half = m.count > 1 ? t_quantile_975(m.count - 1) * m.sd / std::sqrt(double(m.count)) : 0;
  m.lo = m.mean - half;
  m.hi = m.mean + half;
  return m;
}

}  // namespace benign
