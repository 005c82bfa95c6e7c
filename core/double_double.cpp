#include "core/double_double.hpp"

#include <boost/multiprecision/cpp_bin_float.hpp>
#include <istream>
#include <ostream>

namespace benign {

namespace {
// 50 decimal digits (168 bits): holds hi + lo of any dd exactly unless lo is below 2^-168 |hi|.
using wide = boost::multiprecision::number<boost::multiprecision::cpp_bin_float<50>, boost::multiprecision::et_off>;
wide widen(const dd& x) { return wide(x.hi()) + wide(x.lo()); }
}  // namespace

// The nearest double to the 50-digit value, then the nearest double to the rest: the nearest dd
// within 2^-106 relative (the rest is below half an ulp of hi, so hi + lo is normalised).
dd::dd(const std::string& s) {
  const wide w(s);
  const double hi = static_cast<double>(w);
  if (!std::isfinite(hi)) { v = dd_real(hi, 0.0); return; }
  v = dd_real(hi, static_cast<double>(wide(w - wide(hi))));
}

// e^x − 1: Taylor series for |x| < 1/2 (terms below ε/2 of the sum end it), else exp(x) − 1.
dd expm1(const dd& x) {
  if (!(abs(x) < dd(0.5))) return exp(x) - dd(1);
  const dd half_eps = std::numeric_limits<dd>::epsilon() / dd(2);
  dd term = x, sum = x;
  for (int k = 2; k < 200; ++k) {
    term = term * x / dd(k);
    sum += term;
    if (abs(term) <= half_eps * abs(sum)) break;
  }
  return sum;
}

// log(1 + x) = 2 atanh(s), s = x / (2 + x), as a series for |x| < 1/2 (|s| < 1/3), else log(1 + x).
dd log1p(const dd& x) {
  if (!(abs(x) < dd(0.5))) return log(dd(1) + x);
  const dd s = x / (dd(2) + x), s2 = s * s;
  const dd half_eps = std::numeric_limits<dd>::epsilon() / dd(2);
  dd pw = s, sum = s;
  for (int k = 3; k < 400; k += 2) {
    pw *= s2;
    const dd term = pw / dd(k);
    sum += term;
    if (abs(term) <= half_eps * abs(sum)) break;
  }
  return dd(2) * sum;
}

std::ostream& operator<<(std::ostream& os, const dd& x) {
  if (!isfinite(x)) return os << x.hi();
  return os << widen(x);
}

std::istream& operator>>(std::istream& is, dd& x) {
  std::string s;
  if (is >> s) x = dd(s);
  return is;
}

}  // namespace benign
