// Definitions of the templates of bounds/input_checks.hpp; included only by bounds/instantiate/*.cpp.
#pragma once
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <type_traits>

#include "bounds/input_checks.hpp"
#include "core/errors.hpp"
#include "core/precision.hpp"

namespace benign {

namespace bounds_detail {

// A decimal number: [sign] digits [. digits] [e|E [sign] digits], at least one mantissa digit.
inline bool is_decimal_number(const std::string& s) {
  std::size_t i = 0, n = s.size();
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) { ++i; ++digits; }
  if (i < n && s[i] == '.') {
    ++i;
    while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) { ++i; ++digits; }
  }
  if (digits == 0) return false;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t ed = 0;
    while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) { ++i; ++ed; }
    if (ed == 0) return false;
  }
  return i == n;
}

inline bool decimal_is_zero(const std::string& s) {
  for (char ch : s) {
    if (ch == 'e' || ch == 'E') break;
    if (ch >= '1' && ch <= '9') return false;
  }
  return true;
}

}  // namespace bounds_detail

template <class S> void check_positive(const S& value, const std::string& key) {
  using std::isfinite;
  if (!(value > 0 && isfinite(value)))
    throw ConfigError("'" + key + "' = " + to_text(value) + " is out of range: allowed real in (0, inf)");
}

template <class S> S scalar_from_text(const std::string& text, const std::string& key) {
  using std::isfinite;
  if (!bounds_detail::is_decimal_number(text))
    throw ConfigError("'" + key + "' = '" + text + "' is not a decimal number (e.g. -1.5e300)");
  S v;
  if constexpr (std::is_same_v<S, float>) v = std::strtof(text.c_str(), nullptr);
  else if constexpr (std::is_same_v<S, double>) v = std::strtod(text.c_str(), nullptr);
  else if constexpr (std::is_same_v<S, long double>) v = std::strtold(text.c_str(), nullptr);
  else v = S(text);
  if (!isfinite(v))
    throw ConfigError("'" + key + "' = '" + text + "' is out of range for precision " + scalar_name<S>() +
                      ": allowed |value| <= " + to_text(std::numeric_limits<S>::max()));
  if (v == 0 && !bounds_detail::decimal_is_zero(text))
    throw ConfigError("'" + key + "' = '" + text + "' underflows to 0 in precision " + scalar_name<S>() +
                      ": allowed 0 or |value| >= " + to_text(std::numeric_limits<S>::denorm_min()));
  return v;
}

}  // namespace benign
