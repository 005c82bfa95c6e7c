// Test support for the golden tables of tests/bounds/golden/*.csv: reading them, converting the
// dyadic inputs exactly to the precision under test, and measuring errors in units of that
// precision's epsilon in a 160-digit reference type.
#pragma once
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "core/precision.hpp"

namespace benign::test {

// 160 decimal digits, fixed (independent of the process-wide mpfr default precision).
using Ref = boost::multiprecision::number<boost::multiprecision::mpfr_float_backend<160>, boost::multiprecision::et_off>;

struct GoldenTable {
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
  std::string at(std::size_t row, const std::string& column) const {
    for (std::size_t c = 0; c < columns.size(); ++c)
      if (columns[c] == column) return rows[row][c];
    throw std::runtime_error("golden table: no column " + column);
  }
};

inline GoldenTable read_golden(const std::string& name) {
  std::string path = std::string(BENIGN_SOURCE_DIR) + "/tests/bounds/golden/" + name;
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  GoldenTable t;
  std::string line;
  auto split = [](const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string cell;
    while (std::getline(ss, cell, ',')) out.push_back(cell);
    return out;
  };
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (t.columns.empty()) t.columns = split(line);
    else t.rows.push_back(split(line));
  }
  return t;
}

// The value m·2^e in S when it is exact there and a normal number (or zero); false otherwise.
template <class S> bool dyadic_value(const std::string& m_text, const std::string& e_text, S& out) {
  using std::isfinite;
  using std::isnormal;
  using std::ldexp;
  long long m = std::stoll(m_text);
  int e = std::stoi(e_text);
  S ms = S(m);
  if (static_cast<long long>(ms) != m) return false;
  out = ldexp(ms, e);
  if (m == 0) return true;
  if (!isfinite(out) || !isnormal(out)) return false;
  return ldexp(out, -e) == ms;
}

// x in the reference type, exactly.
template <class S> Ref to_ref(const S& x) {
  using std::frexp;
  using std::isfinite;
  using std::ldexp;
  using std::trunc;
  if constexpr (std::is_floating_point_v<S>) {
    return Ref(x);
  } else if constexpr (std::is_same_v<S, mpfr>) {
    Ref r;
    mpfr_set(r.backend().data(), x.backend().data(), MPFR_RNDN);  // 160 digits hold any 100-digit value
    return r;
  } else {
    if (!isfinite(x)) return Ref(static_cast<double>(x));
    if (x == 0) return Ref(0);
    int e = 0;
    S m = frexp(x, &e);
    Ref r = 0;
    int shift = 0;
    while (m != 0 && shift < 2000) {
      m = ldexp(m, 32);
      S chunk = trunc(m);
      m -= chunk;
      r = r * Ref(4294967296.0) + Ref(static_cast<long long>(chunk));
      shift += 32;
    }
    return ldexp(r, e - shift);
  }
}

template <class S> double eps_of() { return static_cast<double>(std::numeric_limits<S>::epsilon()); }

template <class S> Ref max_of() { return to_ref(std::numeric_limits<S>::max()); }

// Worst error of one table, in eps, with where it happened.
struct Worst {
  double error = 0;
  std::string where;
  int checked = 0, skipped = 0, failures = 0;
  void update(double e, const std::string& w) {
    ++checked;
    if (!(e <= error)) {  // NaN counts as worst
      error = std::isnan(e) ? std::numeric_limits<double>::infinity() : e;
      where = w;
    }
  }
  std::string report(const std::string& what, const char* type) const {
    std::ostringstream os;
    os << what << " [" << type << "]: worst error " << error << " eps over " << checked << " rows (" << skipped
       << " skipped: input not exact or result out of range in this precision) at " << where;
    return os.str();
  }
};

inline double to_double(const Ref& r) { return static_cast<double>(r); }

}  // namespace benign::test
