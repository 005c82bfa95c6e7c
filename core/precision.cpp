#include "core/precision.hpp"

#include <sstream>

#include "core/errors.hpp"

namespace benign {

const std::vector<std::string>& precision_names() {
  static const std::vector<std::string> names = {"float", "double", "dd", "long-double", "float128", "bin50", "bin100", "mpfr"};
  return names;
}

Precision parse_precision(const std::string& name) {
  const auto& names = precision_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return Precision(i);
  std::string r;
  for (std::size_t i = 0; i < names.size(); ++i) r += (i ? ", " : "") + names[i];
  throw ConfigError("config key 'precision' = '" + name + "' is out of range: allowed one of {" + r + "}");
}

std::string precision_name(Precision p) { return precision_names()[std::size_t(p)]; }

unsigned precision_digits(Precision p, unsigned mpfr_digits) {
  switch (p) {
    case Precision::Float: return std::numeric_limits<float>::digits10;
    case Precision::Double: return std::numeric_limits<double>::digits10;
    case Precision::Dd: return std::numeric_limits<dd>::digits10;
    case Precision::LongDouble: return std::numeric_limits<long double>::digits10;
    case Precision::Float128: return 33;
    case Precision::Bin50: return 50;
    case Precision::Bin100: return 100;
    default: return mpfr_digits;
  }
}

void set_mpfr_digits(unsigned digits) {
  if (mpfr::default_precision() != digits) mpfr::default_precision(digits);
}

int threads_for_precisions(const std::vector<std::pair<std::string, long>>& jobs, int threads) {
  long digits = -1;
  for (const auto& [name, d] : jobs) {
    if (name != "mpfr") continue;
    if (digits >= 0 && d != digits) return 1;
    digits = d;
  }
  if (digits >= 0) set_mpfr_digits(unsigned(digits));
  return threads;
}

template <class T> std::string to_text(const T& x) {
  std::ostringstream os;
  os.precision(std::numeric_limits<T>::max_digits10);
  if constexpr (std::is_same_v<T, mpfr>) os.precision(int(x.precision()) + 3);
  os << x;
  return os.str();
}
template std::string to_text(const float&);
template std::string to_text(const double&);
template std::string to_text(const dd&);
template std::string to_text(const long double&);
template std::string to_text(const float128&);
template std::string to_text(const bin50&);
template std::string to_text(const bin100&);
template std::string to_text(const mpfr&);

}  // namespace benign
