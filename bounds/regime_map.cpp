#include "core/text_format.hpp"
#include "bounds/regime_map.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include "core/toml_parse.hpp"  // one toml++ setting for the whole program

#include "bounds/input_checks.hpp"
#include "core/errors.hpp"
#include "core/text_file.hpp"

namespace benign {

const std::string& paper_regime_map_toml() {
  static const std::string text = R"toml(# The regime map of Sakamoto & Sato (ICML 2025), Figure 1 (theory.md §4).
name = "sakamoto-sato-2025"
title = "Benign Overfitting in Token Selection of Attention Mechanism (ICML 2025), Figure 1"
regimes = ["harmful", "benign", "not_overfitting"]

[[boundary]]
id = "harmful_boundary"
below = "harmful"
above = "benign"
source = "paper"
statement = "harmful overfitting when SNR = o(d^(-1/4)); log_factor = 1 adds the first version's log^(1/2)(T n/delta) (A2)"
c = "c_h"
a = 0
b = "-1/4"
k = "log_factor/2"
above_when = ">="

[[boundary]]
id = "not_overfitting_boundary"
below = "benign"
above = "not_overfitting"
source = "paper"
statement = "not overfitting when SNR = omega(n^(-1/2))"
c = "c_n"
a = "-1/2"
b = 0
k = 0
above_when = ">"
)toml";
  return text;
}

RegimeMap paper_regime_map() {
  static const RegimeMap map = parse_regime_map(paper_regime_map_toml(), false, "built-in");
  return map;
}

namespace {

[[noreturn]] void map_error(const std::string& origin, const std::string& msg) {
  throw ConfigError("regime map '" + origin + "': " + msg);
}

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string cur;
  for (char ch : s) {
    if (ch == sep) { parts.push_back(cur); cur.clear(); } else cur += ch;
  }
  parts.push_back(cur);
  return parts;
}

bool is_decimal(const std::string& s) {
  std::size_t i = 0, n = s.size(), digits = 0;
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) { ++i; ++digits; }
  if (i < n && s[i] == '.') { ++i; while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) { ++i; ++digits; } }
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

std::vector<std::string> theory_keys() {
  std::vector<std::string> keys;
  for (const auto& k : config_keys())
    if (k.group == "theory") keys.push_back(k.name);
  return keys;
}

bool is_theory_key(const std::string& s) {
  auto keys = theory_keys();
  return std::find(keys.begin(), keys.end(), s) != keys.end();
}

std::string allowed_expression_text() {
  std::string keys;
  for (const auto& k : theory_keys()) keys += (keys.empty() ? "" : ", ") + k;
  return "a decimal number, or factors joined by '*' with at most one '/', each a decimal number or a theory key (" +
         keys + ")";
}

// Factors of the numerator and the denominator.
struct Expression {
  std::vector<std::string> num, den;
};

Expression parse_expression(const std::string& expr, const std::string& field, const std::string& origin) {
  auto fail = [&](const std::string& why) -> void {
    map_error(origin, field + " = '" + expr + "': " + why + "; allowed: " + allowed_expression_text());
  };
  Expression e;
  auto parts = split(expr, '/');
  if (parts.size() > 2) fail("more than one '/'");
  for (std::size_t p = 0; p < parts.size(); ++p) {
    for (const auto& raw : split(parts[p], '*')) {
      std::string f = trim(raw);
      if (f.empty()) fail("empty factor");
      if (!is_decimal(f) && !is_theory_key(f)) fail("'" + f + "' is neither a decimal number nor a theory key");
      (p == 0 ? e.num : e.den).push_back(f);
    }
  }
  return e;
}

double evaluate_double(const Expression& e, const Config& c) {
  auto value = [&](const std::string& f) {
    if (is_decimal(f)) return std::strtod(f.c_str(), nullptr);
    return std::strtod(find_key(f)->get(c).c_str(), nullptr);
  };
  double v = 1;
  for (const auto& f : e.num) v *= value(f);
  for (const auto& f : e.den) v /= value(f);
  return v;
}


constexpr double kMaxExponent = 16;

// SNR* = c · n^a · d^b · log(T n / δ)^k of a boundary at configuration c (double, for checks).
double boundary_at_defaults(const RegimeBoundary& b, const Config& c, const std::string& origin) {
  auto v = [&](const std::string& e, const char* f) { return evaluate_double(parse_expression(e, f, origin), c); };
  const double log_term = std::log(double(c.T) * double(c.n) / c.delta.value);
  return v(b.c, "c") * std::pow(double(c.n), v(b.a, "a")) * std::pow(double(c.d), v(b.b, "b")) * std::pow(log_term, v(b.k, "k"));
}

// A generic document node: the TOML and JSON readers fill the same structure.
struct Field {
  std::string text;
  bool is_string = false, is_number = false;
};
using Record = std::vector<std::pair<std::string, Field>>;
struct Document {
  Record top;                      // scalar top-level fields
  std::vector<std::string> regimes;
  bool has_regimes = false;
  std::vector<Record> boundaries;
  bool has_boundaries = false;
};

Field toml_field(const toml::node& node, const std::string& field, const std::string& origin) {
  Field f;
  if (node.is_string()) { f.text = *node.value<std::string>(); f.is_string = true; }
  else if (node.is_integer()) { f.text = std::to_string(*node.value<long long>()); f.is_number = true; }
  else if (node.is_floating_point()) { f.text = format_shortest(*node.value<double>()); f.is_number = true; }
  else map_error(origin, field + " must be a string or a number");
  return f;
}

Document read_toml(const std::string& text, const std::string& origin) {
  toml::table tbl;
  try {
    check_toml_text(text, origin);
    tbl = toml::parse(text, origin);
  } catch (const ConfigError& e) {
    map_error(origin, e.what());
  } catch (const toml::parse_error& e) {
    std::ostringstream os;
    os << "not valid TOML: " << e.description() << " (line " << e.source().begin.line << ")";
    map_error(origin, os.str());
  }
  Document doc;
  for (auto&& [key, node] : tbl) {
    std::string k(key.str());
    if (k == "regimes") {
      doc.has_regimes = true;
      const toml::array* arr = node.as_array();
      if (!arr) map_error(origin, "regimes must be an array of strings");
      for (std::size_t i = 0; i < arr->size(); ++i) {
        const toml::node& el = *arr->get(i);
        if (!el.is_string()) map_error(origin, "regimes[" + std::to_string(i) + "] must be a string");
        doc.regimes.push_back(*el.value<std::string>());
      }
    } else if (k == "boundary") {
      doc.has_boundaries = true;
      const toml::array* arr = node.as_array();
      if (!arr) map_error(origin, "boundary must be an array of tables ([[boundary]])");
      for (std::size_t i = 0; i < arr->size(); ++i) {
        const toml::table* bt = arr->get(i)->as_table();
        std::string where = "boundary[" + std::to_string(i) + "]";
        if (!bt) map_error(origin, where + " must be a table");
        Record rec;
        for (auto&& [bk, bn] : *bt) {
          std::string name(bk.str());
          rec.emplace_back(name, toml_field(bn, where + "." + name, origin));
        }
        doc.boundaries.push_back(rec);
      }
    } else {
      doc.top.emplace_back(k, toml_field(node, k, origin));
    }
  }
  return doc;
}

Field json_field(const nlohmann::json& v, const std::string& field, const std::string& origin) {
  Field f;
  if (v.is_string()) { f.text = v.get<std::string>(); f.is_string = true; }
  else if (v.is_number_integer()) { f.text = std::to_string(v.get<long long>()); f.is_number = true; }
  else if (v.is_number_unsigned()) { f.text = std::to_string(v.get<unsigned long long>()); f.is_number = true; }
  else if (v.is_number_float()) { f.text = format_shortest(v.get<double>()); f.is_number = true; }
  else map_error(origin, field + " must be a string or a number");
  return f;
}

Document read_json(const std::string& text, const std::string& origin) {
  nlohmann::json j;
  try {
    j = parse_json_unique_keys(text, origin);
  } catch (const ConfigError& e) {
    map_error(origin, e.what());
  }
  if (!j.is_object()) map_error(origin, "expected a JSON object");
  Document doc;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    if (k == "regimes") {
      doc.has_regimes = true;
      if (!it->is_array()) map_error(origin, "regimes must be an array of strings");
      for (std::size_t i = 0; i < it->size(); ++i) {
        if (!(*it)[i].is_string()) map_error(origin, "regimes[" + std::to_string(i) + "] must be a string");
        doc.regimes.push_back((*it)[i].get<std::string>());
      }
    } else if (k == "boundary") {
      doc.has_boundaries = true;
      if (!it->is_array()) map_error(origin, "boundary must be an array of objects");
      for (std::size_t i = 0; i < it->size(); ++i) {
        const auto& b = (*it)[i];
        std::string where = "boundary[" + std::to_string(i) + "]";
        if (!b.is_object()) map_error(origin, where + " must be an object");
        Record rec;
        for (auto bt = b.begin(); bt != b.end(); ++bt) rec.emplace_back(bt.key(), json_field(bt.value(), where + "." + bt.key(), origin));
        doc.boundaries.push_back(rec);
      }
    } else {
      doc.top.emplace_back(k, json_field(it.value(), k, origin));
    }
  }
  return doc;
}

RegimeMap build_map(const Document& doc, const std::string& origin) {
  RegimeMap map;
  map.origin = origin;
  bool has_name = false;
  for (const auto& [k, f] : doc.top) {
    if (k == "name") { map.name = f.text; has_name = true; }
    else if (k == "title") map.title = f.text;
    else map_error(origin, "unknown key '" + k + "' (allowed: name, title, regimes, boundary)");
  }
  if (!has_name || map.name.empty()) map_error(origin, "missing field 'name' (a non-empty string)");
  if (!doc.has_regimes) map_error(origin, "missing field 'regimes' (an array of at least 2 regime labels, by increasing SNR)");
  if (doc.regimes.size() < 2) map_error(origin, "regimes must list at least 2 regime labels, by increasing SNR");
  std::set<std::string> seen;
  for (std::size_t i = 0; i < doc.regimes.size(); ++i) {
    const auto& r = doc.regimes[i];
    if (r.empty() || r == "undetermined") map_error(origin, "regimes[" + std::to_string(i) + "] = '" + r + "': a label must be non-empty and not 'undetermined'");
    if (!seen.insert(r).second) map_error(origin, "regimes[" + std::to_string(i) + "] = '" + r + "' is listed twice");
  }
  map.regimes = doc.regimes;
  if (!doc.has_boundaries) map_error(origin, "missing field 'boundary' (an array of " + std::to_string(map.regimes.size() - 1) + " boundaries)");
  if (doc.boundaries.size() != map.regimes.size() - 1)
    map_error(origin, "boundary has " + std::to_string(doc.boundaries.size()) + " entries: allowed exactly len(regimes) - 1 = " +
                          std::to_string(map.regimes.size() - 1));
  std::set<std::string> ids;
  Config defaults;
  for (std::size_t j = 0; j < doc.boundaries.size(); ++j) {
    const std::string where = "boundary[" + std::to_string(j) + "]";
    RegimeBoundary b;
    b.below = map.regimes[j];
    b.above = map.regimes[j + 1];
    bool has_id = false, has_source = false, has_c = false;
    for (const auto& [k, f] : doc.boundaries[j]) {
      const std::string field = where + "." + k;
      if (k == "id") { b.id = f.text; has_id = true; }
      else if (k == "source") { b.source = f.text; has_source = true; }
      else if (k == "statement") b.statement = f.text;
      else if (k == "below" || k == "above") {
        const std::string& expect = k == "below" ? map.regimes[j] : map.regimes[j + 1];
        if (f.text != expect) map_error(origin, field + " = '" + f.text + "': allowed '" + expect + "' (boundaries follow the order of regimes)");
      } else if (k == "c" || k == "a" || k == "b" || k == "k") {
        check_map_expression(f.text, field, origin);
        (k == "c" ? b.c : k == "a" ? b.a : k == "b" ? b.b : b.k) = f.text;
        if (k == "c") has_c = true;
      } else if (k == "above_when") {
        if (f.text == ">") b.above_inclusive = false;
        else if (f.text == ">=") b.above_inclusive = true;
        else map_error(origin, field + " = '" + f.text + "': allowed one of {>, >=}");
      } else {
        map_error(origin, "unknown key '" + field + "' (allowed: id, source, statement, below, above, c, a, b, k, above_when)");
      }
    }
    if (!has_id || b.id.empty()) map_error(origin, "missing field '" + where + ".id' (a non-empty string)");
    if (!ids.insert(b.id).second) map_error(origin, where + ".id = '" + b.id + "' is used twice");
    if (!has_source || b.source.empty()) map_error(origin, "missing field '" + where + ".source' (paper, v1, derived or a citation)");
    if (!has_c) map_error(origin, "missing field '" + where + ".c' (the coefficient, > 0)");
    // Values with the default theory keys: c must be a positive number, exponents finite.
    auto check_value = [&](const std::string& expr, const std::string& name, bool positive) {
      double v = evaluate_double(parse_expression(expr, where + "." + name, origin), defaults);
      if (!std::isfinite(v) || (positive && !(v > 0)))
        map_error(origin, where + "." + name + " = '" + expr + "' evaluates to " + format_shortest(v) +
                              (positive ? ": allowed a finite value > 0" : ": allowed a finite value"));
    };
    check_value(b.c, "c", true);
    check_value(b.a, "a", false);
    check_value(b.b, "b", false);
    check_value(b.k, "k", false);
    // Exponents of n, d and log(Tn/δ) beyond ±kMaxExponent make the boundary 0 or inf over the
    // keys' ranges (the prediction then degenerates to 'undetermined' or 'inf'): refused.
    for (const auto& [name, expr] : {std::pair<const char*, std::string>{"a", b.a}, {"b", b.b}, {"k", b.k}}) {
      const double v = evaluate_double(parse_expression(expr, where + "." + name, origin), defaults);
      if (std::abs(v) > kMaxExponent)
        map_error(origin, where + "." + name + " = '" + expr + "' evaluates to " + format_shortest(v) +
                              ": allowed an exponent in [-" + format_shortest(kMaxExponent) + ", " + format_shortest(kMaxExponent) + "]");
    }
    map.boundaries.push_back(b);
  }
  // Boundaries follow the order of the regimes: at the default configuration (n, d, T, δ, c_h, c_n
  // of the config keys) each threshold must lie strictly below the next one. Elsewhere two
  // boundaries may still cross (the paper's do, for d < n²): there the map gives no regime.
  for (std::size_t j = 0; j + 1 < map.boundaries.size(); ++j) {
    const double lo = boundary_at_defaults(map.boundaries[j], defaults, origin);
    const double hi = boundary_at_defaults(map.boundaries[j + 1], defaults, origin);
    if (!(lo > 0) || !std::isfinite(lo) || !(hi > 0) || !std::isfinite(hi) || !(lo < hi))
      map_error(origin, "boundary[" + std::to_string(j) + "] ('" + map.boundaries[j].id + "') = " + format_shortest(lo) +
                            " is not below boundary[" + std::to_string(j + 1) + "] ('" + map.boundaries[j + 1].id + "') = " +
                            format_shortest(hi) + " at the default configuration (n = " + std::to_string(defaults.n) +
                            ", d = " + std::to_string(defaults.d) + "): boundaries must be finite, positive and increase in the order of the regimes");
  }
  return map;
}

}  // namespace

void check_map_expression(const std::string& expr, const std::string& field, const std::string& origin) {
  parse_expression(expr, field, origin);
}

std::vector<std::string> expression_keys(const std::string& expr) {
  std::vector<std::string> keys;
  for (const auto& part : split(expr, '/'))
    for (const auto& raw : split(part, '*')) {
      std::string f = trim(raw);
      if (is_theory_key(f)) keys.push_back(f);
    }
  return keys;
}

RegimeMap parse_regime_map(const std::string& text, bool json, const std::string& origin) {
  return build_map(json ? read_json(text, origin) : read_toml(text, origin), origin);
}

RegimeMap load_regime_map(const std::string& path) {
  const std::string text = read_text_file(path, "regime map file (--regime-map)");
  bool json = path.size() >= 5 && path.substr(path.size() - 5) == ".json";
  if (!json) {
    auto first = text.find_first_not_of(" \t\r\n");
    json = first != std::string::npos && text[first] == '{';
  }
  return parse_regime_map(text, json, path);
}

std::string regime_map_to_toml(const RegimeMap& map) {
  auto quote = [](const std::string& s) { return nlohmann::json(s).dump(); };  // TOML basic strings accept JSON escapes
  std::ostringstream os;
  os << "name = " << quote(map.name) << "\n";
  if (!map.title.empty()) os << "title = " << quote(map.title) << "\n";
  os << "regimes = [";
  for (std::size_t i = 0; i < map.regimes.size(); ++i) os << (i ? ", " : "") << quote(map.regimes[i]);
  os << "]\n";
  for (const auto& b : map.boundaries) {
    os << "\n[[boundary]]\nid = " << quote(b.id) << "\nbelow = " << quote(b.below) << "\nabove = " << quote(b.above)
       << "\nsource = " << quote(b.source) << "\n";
    if (!b.statement.empty()) os << "statement = " << quote(b.statement) << "\n";
    os << "c = " << quote(b.c) << "\na = " << quote(b.a) << "\nb = " << quote(b.b) << "\nk = " << quote(b.k)
       << "\nabove_when = " << quote(b.above_inclusive ? ">=" : ">") << "\n";
  }
  return os.str();
}

std::string boundary_formula(const RegimeBoundary& b) {
  auto power = [](const std::string& base, const std::string& e) -> std::string {
    std::string t = trim(e);
    if (t == "0") return "";
    if (t == "1") return base;
    bool simple = is_decimal(t) && t[0] != '-' && t[0] != '+';
    return base + "^" + (simple ? t : "(" + t + ")");
  };
  std::string s = trim(b.c);
  for (const auto& part : {power("n", b.a), power("d", b.b), power("log(T n/delta)", b.k)})
    if (!part.empty()) s += " * " + part;
  return s;
}

std::string regime_from_sides(const RegimeMap& map, const std::vector<bool>& above) {
  std::size_t count = 0;
  for (std::size_t j = 0; j < above.size(); ++j) {
    if (j + 1 < above.size() && above[j + 1] && !above[j]) return "undetermined";
    if (above[j]) ++count;
  }
  return map.regimes.at(count);
}

}  // namespace benign
