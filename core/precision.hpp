// Working precisions of the toolkit: one templated code path, eight scalar types.
#pragma once
#include <boost/multiprecision/cpp_bin_float.hpp>
#include <boost/multiprecision/float128.hpp>
#include <boost/multiprecision/mpfr.hpp>
#include <boost/multiprecision/eigen.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/double_double.hpp"

namespace benign {

namespace bmp = boost::multiprecision;
// Expression templates off: Eigen needs plain value types.
using float128 = bmp::number<bmp::float128_backend, bmp::et_off>;
using bin50 = bmp::number<bmp::cpp_bin_float<50>, bmp::et_off>;
using bin100 = bmp::number<bmp::cpp_bin_float<100>, bmp::et_off>;
using mpfr = bmp::number<bmp::mpfr_float_backend<0>, bmp::et_off>;  // digits set at run time

enum class Precision { Float, Double, Dd, LongDouble, Float128, Bin50, Bin100, Mpfr };

// All names accepted by --precision, in the order of the enum.
const std::vector<std::string>& precision_names();
Precision parse_precision(const std::string& name);  // throws ConfigError naming `precision`
std::string precision_name(Precision p);
// Decimal digits of the working precision (for mpfr, the digits requested).
unsigned precision_digits(Precision p, unsigned mpfr_digits);
// Set the working digits of mpfr (process-wide in Boost 1.74: one value per process). Writes only
// when the value changes, so threads that all need the digits already set never write it.
void set_mpfr_digits(unsigned digits);
// Threads that may run jobs of these precisions at once: 1 when two jobs need different mpfr digits
// (the one process-wide value cannot serve both), otherwise `threads`; in that case the common mpfr
// digits are set here, before any thread starts. `jobs` holds (precision name, mpfr digits).
int threads_for_precisions(const std::vector<std::pair<std::string, long>>& jobs, int threads);

// Compile-time name of a scalar type, for reports and benchmarks.
template <class T> const char* scalar_name();
template <> inline const char* scalar_name<float>() { return "float"; }
template <> inline const char* scalar_name<double>() { return "double"; }
template <> inline const char* scalar_name<dd>() { return "dd"; }
template <> inline const char* scalar_name<long double>() { return "long-double"; }
template <> inline const char* scalar_name<float128>() { return "float128"; }
template <> inline const char* scalar_name<bin50>() { return "bin50"; }
template <> inline const char* scalar_name<bin100>() { return "bin100"; }
template <> inline const char* scalar_name<mpfr>() { return "mpfr"; }

// Call f(T{}) with the scalar type named by p. Only use in the few translation units that
// are meant to instantiate every precision (see simulate/instantiate/, bounds/instantiate/).
template <class F> decltype(auto) with_precision(Precision p, F&& f) {
  switch (p) {
    case Precision::Float: return f(float{});
    case Precision::Double: return f(double{});
    case Precision::Dd: return f(dd{});
    case Precision::LongDouble: return f((long double){});
    case Precision::Float128: return f(float128{});
    case Precision::Bin50: return f(bin50{});
    case Precision::Bin100: return f(bin100{});
    case Precision::Mpfr: default: return f(mpfr{});
  }
}

// Exact conversion of a decimal string to T (no double rounding for multiprecision types).
template <class T> T from_string(const std::string& s) {
  if constexpr (std::is_floating_point_v<T>) {
    if constexpr (std::is_same_v<T, float>) return std::stof(s);
    else if constexpr (std::is_same_v<T, double>) return std::stod(s);
    else return std::stold(s);
  } else {
    return T(s);
  }
}

// Shortest round-trip text of a value: every digit of the working precision.
template <class T> std::string to_text(const T& x);

}  // namespace benign
