// Numbers as text for data files: the shortest decimal that reads back to the same double.
#pragma once
#include <charconv>
#include <cmath>
#include <string>

namespace benign {

// Shortest round-trip text of v; "nan", "inf", "-inf" for the non-finite values.
inline std::string format_shortest(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

}  // namespace benign
