// benign::dd: double-double arithmetic (libqd's dd_real: a value hi + lo of two doubles, about 32
// significant digits, ε = 2^-104 ≈ 4.9e-32, double's exponent range) as a value type of the one
// templated code path (issue 11: a fast type wider than double, ≈ 4 ns per multiply-add).
//
// x87: libqd's error-free transformations (two-sum, Dekker's split product) need every double
// operation rounded once to 53 bits. On x87 that takes libqd's fpu_fix_start (53-bit control word);
// on x86-64 doubles are evaluated in SSE2 registers (FLT_EVAL_METHOD == 0, checked below), so no
// fix is needed and none is called. -ffp-contract=off (CMakeLists.txt) keeps the compiler from
// fusing a*b + c into an FMA inside libqd's inline kernels.
// Rounding: + and − use libqd's IEEE-style addition (fl(a + b) = (a + b)(1 + δ), |δ| ≤ 2·2^-106;
// the library's default "sloppy" addition only bounds the error by |a| + |b|), × is libqd's product
// (relative error ≤ about 4·2^-106), ÷ its accurate division. Not correctly rounded: results
// agree with a correctly rounded 106-bit type only to a few ε.
#pragma once
#include <qd/dd_real.h>

#include <cfloat>
#include <cmath>
#include <iosfwd>
#include <limits>
#include <string>
#include <type_traits>

#include <Eigen/Core>

static_assert(FLT_EVAL_METHOD == 0, "benign::dd needs double operations rounded to 53 bits (SSE2, not x87)");

namespace benign {

class dd {
 public:
  dd_real v;
  dd() = default;
  explicit dd(const dd_real& x) : v(x) {}
  dd(double hi, double lo) : v(hi, lo) {}
  dd(double x) : v(x) {}
  dd(float x) : v(double(x)) {}
  dd(long double x) : v(double(x), double(x - (long double)double(x))) {}
  // Integers exactly (a long has up to 63 bits: hi = nearest double, lo the exact rest).
  template <class I, std::enable_if_t<std::is_integral_v<I>, int> = 0> dd(I i) {
    const double hi = double(i);
    v = dd_real(hi, double((long double)i - (long double)hi));
  }
  // Decimal text, rounded to the nearest dd (parsed at 50 digits, core/double_double.cpp).
  explicit dd(const std::string& s);
  explicit dd(const char* s) : dd(std::string(s)) {}

  double hi() const { return v.x[0]; }
  double lo() const { return v.x[1]; }
  explicit operator double() const { return v.x[0]; }
  explicit operator float() const { return float(v.x[0]); }
  explicit operator long double() const { return (long double)v.x[0] + (long double)v.x[1]; }
  template <class I, std::enable_if_t<std::is_integral_v<I>, int> = 0> explicit operator I() const {
    const dd_real t = aint(v);  // truncation toward zero, as static_cast<long>(double)
    return I((long double)t.x[0] + (long double)t.x[1]);
  }

  dd& operator+=(const dd& o) { v = dd_real::ieee_add(v, o.v); return *this; }
  dd& operator-=(const dd& o) { v = dd_real::ieee_add(v, -o.v); return *this; }
  dd& operator*=(const dd& o) { v *= o.v; return *this; }
  dd& operator/=(const dd& o) { v = dd_real::accurate_div(v, o.v); return *this; }
  dd operator-() const { return dd(-v); }
  dd operator+() const { return *this; }

  friend dd operator+(const dd& a, const dd& b) { return dd(dd_real::ieee_add(a.v, b.v)); }
  friend dd operator-(const dd& a, const dd& b) { return dd(dd_real::ieee_add(a.v, -b.v)); }
  friend dd operator*(const dd& a, const dd& b) { return dd(a.v * b.v); }
  friend dd operator/(const dd& a, const dd& b) { return dd(dd_real::accurate_div(a.v, b.v)); }
  friend bool operator==(const dd& a, const dd& b) { return a.v == b.v; }
  friend bool operator!=(const dd& a, const dd& b) { return a.v != b.v; }
  friend bool operator<(const dd& a, const dd& b) { return a.v < b.v; }
  friend bool operator<=(const dd& a, const dd& b) { return a.v <= b.v; }
  friend bool operator>(const dd& a, const dd& b) { return a.v > b.v; }
  friend bool operator>=(const dd& a, const dd& b) { return a.v >= b.v; }
};

// Elementary functions (found by argument-dependent lookup, like those of the Boost types).
inline dd abs(const dd& a) { return dd(::abs(a.v)); }
inline dd fabs(const dd& a) { return dd(::abs(a.v)); }
inline dd sqrt(const dd& a) { return dd(::sqrt(a.v)); }
inline dd exp(const dd& a) { return dd(::exp(a.v)); }
inline dd log(const dd& a) { return dd(::log(a.v)); }
inline dd log10(const dd& a) { return dd(::log10(a.v)); }
inline dd pow(const dd& a, const dd& b) { return dd(::pow(a.v, b.v)); }
inline dd pow(const dd& a, int n) { return dd(::npwr(a.v, n)); }
inline dd sin(const dd& a) { return dd(::sin(a.v)); }
inline dd cos(const dd& a) { return dd(::cos(a.v)); }
inline dd floor(const dd& a) { return dd(::floor(a.v)); }
inline dd ceil(const dd& a) { return dd(::ceil(a.v)); }
inline dd trunc(const dd& a) { return dd(::aint(a.v)); }
inline dd ldexp(const dd& a, int e) { return dd(std::ldexp(a.v.x[0], e), std::ldexp(a.v.x[1], e)); }
// a = m · 2^e with 1/2 ≤ |m| < 1.
inline dd frexp(const dd& a, int* e) {
  std::frexp(a.v.x[0], e);
  dd m = ldexp(a, -*e);
  if (abs(m) < dd(0.5)) { m = ldexp(m, 1); --*e; }  // hi a power of two and lo of the other sign
  return m;
}
// expm1 and log1p without cancellation near 0 (libqd has neither).
dd expm1(const dd& x);
dd log1p(const dd& x);
inline bool isfinite(const dd& a) { return std::isfinite(a.v.x[0]) && std::isfinite(a.v.x[1]); }
inline bool isnan(const dd& a) { return std::isnan(a.v.x[0]) || std::isnan(a.v.x[1]); }
inline bool isinf(const dd& a) { return std::isinf(a.v.x[0]); }
inline bool isnormal(const dd& a) { return std::isnormal(a.v.x[0]); }
inline bool signbit(const dd& a) { return std::signbit(a.v.x[0]); }

// x rounded to dd: the nearest double, then the nearest double to the rest (x of any scalar type).
template <class T> dd to_dd(const T& x) {
  if constexpr (std::is_same_v<T, dd>) {
    return x;
  } else {
    const double hi = static_cast<double>(x);
    if (!std::isfinite(hi)) return dd(hi);
    return dd(hi, static_cast<double>(T(x - T(hi))));
  }
}

std::ostream& operator<<(std::ostream& os, const dd& x);  // every digit (34 significant)
std::istream& operator>>(std::istream& is, dd& x);

}  // namespace benign

template <> class std::numeric_limits<benign::dd> {
 public:
  static constexpr bool is_specialized = true;
  static constexpr bool is_signed = true, is_integer = false, is_exact = false, is_iec559 = false;
  static constexpr bool is_bounded = true, is_modulo = false, traps = false, tinyness_before = false;
  static constexpr bool has_infinity = true, has_quiet_NaN = true, has_signaling_NaN = false;
  static constexpr std::float_denorm_style has_denorm = std::denorm_present;
  static constexpr bool has_denorm_loss = false;
  static constexpr std::float_round_style round_style = std::round_to_nearest;
  static constexpr int radix = 2;
  static constexpr int digits = 105;       // ε = 2^(1 − digits) = 2^-104, libqd's dd_real::_eps
  static constexpr int digits10 = 31;
  static constexpr int max_digits10 = 34;  // ⌈1 + 107 log10 2⌉: hi and lo together carry up to 107 bits
  static constexpr int min_exponent = -968, min_exponent10 = -291;  // lo of a normal dd stays normal
  static constexpr int max_exponent = 1024, max_exponent10 = 308;
  static benign::dd min() { return benign::dd(dd_real::_min_normalized); }
  static benign::dd max() { return benign::dd(dd_real::_max); }
  static benign::dd lowest() { return -benign::dd(dd_real::_max); }
  static benign::dd epsilon() { return benign::dd(std::ldexp(1.0, -104)); }  // exactly 2^-104
  static benign::dd round_error() { return benign::dd(0.5); }
  static benign::dd infinity() { return benign::dd(std::numeric_limits<double>::infinity(), 0.0); }
  static benign::dd quiet_NaN() { return benign::dd(std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()); }
  static benign::dd signaling_NaN() { return quiet_NaN(); }
  static benign::dd denorm_min() { return benign::dd(std::numeric_limits<double>::denorm_min()); }
};

namespace Eigen {
template <> struct NumTraits<benign::dd> : GenericNumTraits<benign::dd> {
  using Real = benign::dd;
  using NonInteger = benign::dd;
  using Nested = benign::dd;
  using Literal = benign::dd;
  enum { IsComplex = 0, IsInteger = 0, IsSigned = 1, RequireInitialization = 1, ReadCost = 2, AddCost = 10, MulCost = 10 };
  static Real epsilon() { return std::numeric_limits<Real>::epsilon(); }
  static Real dummy_precision() { return Real(1000) * epsilon(); }
  static Real highest() { return std::numeric_limits<Real>::max(); }
  static Real lowest() { return std::numeric_limits<Real>::lowest(); }
  static int digits10() { return std::numeric_limits<Real>::digits10; }
  static int digits() { return std::numeric_limits<Real>::digits; }
  static Real infinity() { return std::numeric_limits<Real>::infinity(); }
  static Real quiet_NaN() { return std::numeric_limits<Real>::quiet_NaN(); }
};
}  // namespace Eigen
