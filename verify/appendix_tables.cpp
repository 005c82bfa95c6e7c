#include "verify/appendix_tables.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "core/errors.hpp"

namespace benign {

namespace {

using J = nlohmann::json;
using reports::Align;
using reports::Cell;
using reports::Column;
using reports::TableModel;

[[noreturn]] void bad(const AppendixInput& in, const std::string& what) { throw ConfigError(in.path + ": " + what); }

const J& field(const AppendixInput& in, const J& obj, const char* key, const std::string& where) {
  if (!obj.is_object() || !obj.contains(key)) bad(in, where + " has no field '" + key + "'");
  return obj.at(key);
}

// A number field; null (how the writers spell NaN/inf) reads as NaN.
double num(const AppendixInput& in, const J& obj, const char* key, const std::string& where) {
  const J& v = field(in, obj, key, where);
  if (v.is_null()) return std::nan("");
  if (!v.is_number()) bad(in, where + "." + key + " is not a number");
  return v.get<double>();
}

std::string str(const AppendixInput& in, const J& obj, const char* key, const std::string& where) {
  const J& v = field(in, obj, key, where);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number() || v.is_boolean()) return v.dump();
  bad(in, where + "." + key + " is not a string");
}

bool flag(const AppendixInput& in, const J& obj, const char* key, const std::string& where) {
  const J& v = field(in, obj, key, where);
  if (!v.is_boolean()) bad(in, where + "." + key + " is not true/false");
  return v.get<bool>();
}

const J& array(const AppendixInput& in, const J& obj, const char* key, const std::string& where) {
  const J& v = field(in, obj, key, where);
  if (!v.is_array()) bad(in, where + "." + key + " is not an array");
  return v;
}

// One row per element of a JSON array: row(element, "name[i]") gives its cells.
template <class Row> void rows_of(TableModel& t, const J& list, const std::string& name, Row row) {
  for (std::size_t i = 0; i < list.size(); ++i) t.rows.push_back(row(list[i], name + "[" + std::to_string(i) + "]"));
}

Column col(const char* name, Align a = Align::Left) { return Column{Cell::plain(name), a}; }
Column math_col(const char* formula, Align a = Align::Right) { return Column{Cell::formula(formula), a}; }
Cell yes_no(bool b) { return Cell::plain(b ? "yes" : "no"); }

// Rows of one setting over seeds: the regime seen most often (ties: first seen), its count, and the
// mean of each accuracy.
struct SeedGroup {
  std::vector<Cell> head;           // the cells before the observed regime
  std::vector<std::string> observed;
  std::vector<std::vector<double>> accuracies;
};

void add_group_rows(TableModel& t, const std::vector<SeedGroup>& groups) {
  const bool several = std::any_of(groups.begin(), groups.end(), [](const SeedGroup& g) { return g.observed.size() > 1; });
  t.columns.push_back(col("observed"));
  if (several) t.columns.push_back(col("frequency [95% Wilson]", Align::Right));
  t.columns.push_back(col("seeds", Align::Right));
  for (const auto& g : groups) {
    std::vector<std::string> seen;
    std::map<std::string, long> count;
    for (const auto& o : g.observed)
      if (count[o]++ == 0) seen.push_back(o);
    std::string best = seen.front();
    for (const auto& o : seen)
      if (count[o] > count[best]) best = o;
    std::vector<Cell> row = g.head;
    row.push_back(Cell::plain(best));
    const long m = long(g.observed.size()), k = count[best];
    if (several) {
      auto [lo, hi] = wilson_interval(k, m);
      row.push_back(Cell::interval(double(k) / double(m), lo, hi));
    }
    row.push_back(Cell::exact_number(double(m)));
    for (std::size_t a = 0; a < g.accuracies.front().size(); ++a) {
      double s = 0;
      for (const auto& v : g.accuracies) s += v[a];
      row.push_back(Cell::number(s / double(m)));
    }
    t.rows.push_back(std::move(row));
  }
}

// settings from verdicts.json: one row per setting (cases equal but for the seed are one setting).
TableModel verdict_settings(const AppendixInput& in) {
  TableModel t;
  t.caption = "Settings: predicted regime (configured constants) and observed regime";
  t.label = "tab:settings";
  t.columns = {col("case"), math_col("d"), math_col("‖μ‖"), math_col("n"), math_col("SNR"), math_col("n·SNR²"),
               math_col("SNR·d^(1/4)"), col("predicted")};
  std::vector<SeedGroup> groups;
  std::vector<std::string> group_keys;
  const J& cases = array(in, in.json, "cases", "verdicts");
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const std::string where = "cases[" + std::to_string(i) + "]";
    const J& c = cases[i];
    const J& keys = field(in, c, "keys", where);
    const J& m = field(in, c, "margins", where);
    J setting = keys;
    if (setting.is_object()) setting.erase("seed");
    const std::string key = setting.dump() + "|" + str(in, c, "predicted", where);
    auto it = std::find(group_keys.begin(), group_keys.end(), key);
    if (it == group_keys.end()) {
      group_keys.push_back(key);
      SeedGroup g;
      g.head = {Cell::plain(str(in, c, "name", where)), Cell::exact_number(num(in, keys, "d", where + ".keys")),
                Cell::exact_number(num(in, keys, "mu", where + ".keys")), Cell::exact_number(num(in, keys, "n", where + ".keys")),
                Cell::number(num(in, m, "snr", where + ".margins")), Cell::number(num(in, m, "n_snr2", where + ".margins")),
                Cell::number(num(in, m, "snr_d14", where + ".margins")), Cell::plain(str(in, c, "predicted", where))};
      groups.push_back(std::move(g));
      it = group_keys.end() - 1;
    }
    SeedGroup& g = groups[std::size_t(it - group_keys.begin())];
    g.observed.push_back(str(in, c, "observed", where));
    g.accuracies.push_back({num(in, c, "train_acc", where), num(in, c, "train_acc_noisy", where), num(in, c, "test_acc", where)});
  }
  if (groups.empty()) bad(in, "no cases");
  add_group_rows(t, groups);
  for (const char* a : {"train acc", "noisy train acc", "test acc"}) t.columns.push_back(col(a, Align::Right));
  return t;
}

// settings from sweep.csv: one row per cell of the swept keys (seed excluded).
TableModel sweep_settings(const AppendixInput& in) {
  const auto& h = in.header;
  auto at = [&](const std::string& name) -> std::size_t {
    auto it = std::find(h.begin(), h.end(), name);
    if (it == h.end()) bad(in, "line 1: no column '" + name + "'");
    return std::size_t(it - h.begin());
  };
  const std::size_t first_metric = at("train_loss"), i_obs = at("observed"), i_pred = at("predicted"), i_train = at("train_acc"),
                    i_noisy = at("train_acc_noisy"), i_test = at("test_acc");
  TableModel t;
  t.caption = "Sweep: predicted and observed regime per cell";
  t.label = "tab:sweep";
  std::vector<std::size_t> axes;
  for (std::size_t j = 1; j < first_metric; ++j)
    if (h[j] != "seed") axes.push_back(j);
  for (std::size_t j : axes) t.columns.push_back(Column{Cell::formula(h[j]), Align::Right});
  t.columns.push_back(col("predicted"));
  std::vector<SeedGroup> groups;
  std::vector<std::string> group_keys;
  for (std::size_t r = 0; r < in.rows.size(); ++r) {
    const auto& row = in.rows[r];
    std::string key;
    for (std::size_t j : axes) key += row[j] + ",";
    key += row[i_pred];
    auto it = std::find(group_keys.begin(), group_keys.end(), key);
    if (it == group_keys.end()) {
      group_keys.push_back(key);
      SeedGroup g;
      for (std::size_t j : axes) g.head.push_back(Cell::plain(row[j]));
      g.head.push_back(Cell::plain(row[i_pred]));
      groups.push_back(std::move(g));
      it = group_keys.end() - 1;
    }
    SeedGroup& g = groups[std::size_t(it - group_keys.begin())];
    g.observed.push_back(row[i_obs]);
    std::vector<double> acc;
    for (std::size_t j : {i_train, i_noisy, i_test}) {
      try {
        std::size_t used = 0;
        acc.push_back(std::stod(row[j], &used));
        if (used != row[j].size()) throw std::invalid_argument("trailing text");
      } catch (const std::exception&) {
        bad(in, "line " + std::to_string(r + 2) + ": column '" + h[j] + "' is not a number: '" + row[j] + "'");
      }
    }
    g.accuracies.push_back(acc);
  }
  if (groups.empty()) bad(in, "no rows");
  add_group_rows(t, groups);
  for (const char* a : {"train acc", "noisy train acc", "test acc"}) t.columns.push_back(col(a, Align::Right));
  return t;
}

// settings from `benign bounds --format json`: the one configured setting, predicted only.
TableModel bounds_settings(const AppendixInput& in) {
  const J& cfg = field(in, in.json, "config", "bounds");
  TableModel t;
  t.caption = "Setting and predicted regime (" + str(in, in.json, "precision", "bounds") + ")";
  t.label = "tab:setting";
  t.columns = {math_col("d"), math_col("‖μ‖"), math_col("n"), math_col("SNR"), math_col("n·SNR²"), math_col("SNR·d^(1/4)"),
               col("predicted")};
  t.rows.push_back({Cell::exact_number(num(in, cfg, "d", "config")), Cell::exact_number(num(in, cfg, "mu", "config")),
                    Cell::exact_number(num(in, cfg, "n", "config")), Cell::number(num(in, in.json, "snr", "bounds")),
                    Cell::number(num(in, in.json, "n_snr2", "bounds")), Cell::number(num(in, in.json, "snr_d14", "bounds")),
                    Cell::plain(str(in, in.json, "regime", "bounds"))});
  return t;
}

TableModel conditions(const AppendixInput& in) {
  TableModel t;
  t.caption = "Conditions of the theory at this setting (margin: log of value over threshold)";
  t.label = "tab:conditions";
  t.columns = {col("id"), col("source"), col("formula"), col("value", Align::Right), col("threshold", Align::Right),
               col("margin", Align::Right), col("holds")};
  const J& list = array(in, in.json, "conditions", "bounds");
  rows_of(t, list, "conditions", [&](const J& c, const std::string& w) {
    return std::vector<Cell>{Cell::plain(str(in, c, "id", w)), Cell::plain(str(in, c, "source", w)), Cell::formula(str(in, c, "formula", w)),
                      Cell::number(num(in, c, "value", w)), Cell::number(num(in, c, "threshold", w)),
                      Cell::number(num(in, c, "margin", w)), yes_no(flag(in, c, "holds", w))};
  });
  return t;
}

TableModel verdict_calibration(const AppendixInput& in) {
  TableModel t;
  t.caption = "Calibrated constants: value with the interval of values making the same errors";
  t.label = "tab:calibration";
  t.columns = {col("constant"), col("boundary"), col("value [interval]", Align::Right), col("errors", Align::Right),
               col("cells used", Align::Right), col("identifiable")};
  const J& list = array(in, in.json, "calibration", "verdicts");
  rows_of(t, list, "calibration", [&](const J& k, const std::string& w) {
    return std::vector<Cell>{Cell::plain(str(in, k, "key", w)), Cell::plain(str(in, k, "boundary", w)),
                      Cell::interval(num(in, k, "value", w), num(in, k, "lo", w), num(in, k, "hi", w)),
                      Cell::exact_number(num(in, k, "errors", w)), Cell::exact_number(num(in, k, "used", w)), yes_no(flag(in, k, "identifiable", w))};
  });
  return t;
}

TableModel bounds_calibration(const AppendixInput& in) {
  TableModel t;
  t.caption = "Ranges of each constant that reproduce the paper's settings";
  t.label = "tab:calibration-ranges";
  t.columns = {col("constant"), col("boundary"), col("lo", Align::Right), col("hi", Align::Right), col("current", Align::Right),
               col("current inside")};
  const J& cal = field(in, in.json, "calibration", "bounds");
  const J& list = array(in, cal, "ranges", "calibration");
  rows_of(t, list, "calibration.ranges", [&](const J& g, const std::string& w) {
    return std::vector<Cell>{Cell::plain(str(in, g, "constant", w)), Cell::plain(str(in, g, "boundary", w)), Cell::number(num(in, g, "lo", w)),
                      Cell::number(num(in, g, "hi", w)), Cell::number(num(in, g, "current", w)), yes_no(flag(in, g, "current_inside", w))};
  });
  return t;
}

TableModel exponents(const AppendixInput& in) {
  TableModel t;
  t.caption = "Boundary exponents: measured slope with its 95% interval against the map's";
  t.label = "tab:exponents";
  t.columns = {col("boundary"), col("key"), col("measured slope [95%]", Align::Right), col("map slope", Align::Right),
               col("consistent"), col("wrong-map slope", Align::Right), col("wrong map rejected")};
  const J& list = array(in, in.json, "exponents", "verdicts");
  rows_of(t, list, "exponents", [&](const J& e, const std::string& w) {
    const J& ci = array(in, e, "ci", w);
    if (ci.size() != 2 || !ci[0].is_number() || !ci[1].is_number()) bad(in, w + ".ci is not [lo, hi]");
    std::vector<Cell> row = {Cell::plain(str(in, e, "boundary", w)), Cell::plain(str(in, e, "key", w)),
                             Cell::interval(num(in, e, "slope", w), ci[0].get<double>(), ci[1].get<double>()),
                             Cell::number(num(in, e, "map_slope", w)), yes_no(flag(in, e, "consistent", w))};
    if (e.contains("wrong_map")) {
      row.push_back(Cell::number(num(in, e["wrong_map"], "map_slope", w + ".wrong_map")));
      row.push_back(yes_no(flag(in, e["wrong_map"], "rejected", w + ".wrong_map")));
    } else {
      row.push_back(Cell::plain("—"));
      row.push_back(Cell::plain("—"));
    }
    return row;
  });
  return t;
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out(1);
  for (char c : line) {
    if (c == ',') out.emplace_back();
    else if (c != '\r') out.back() += c;
  }
  return out;
}

}  // namespace

std::pair<double, double> wilson_interval(long k, long m) {
  if (m <= 0) return {0, 1};
  const double z = 1.96, n = double(m), p = double(k) / n;
  const double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
  const double half = z * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n);
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

AppendixInput load_appendix_input(const std::string& path) {
  AppendixInput in;
  in.path = path;
  std::ifstream f(path, std::ios::binary);
  if (!f) throw ConfigError(path + ": cannot read the file (expected verdicts.json, sweep.csv or `benign bounds --format json` output)");
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string text = ss.str();
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') {
    try {
      in.json = J::parse(text);
    } catch (const J::parse_error& e) {
      bad(in, std::string("malformed JSON: ") + e.what());
    }
    if (in.json.contains("cases")) in.source = AppendixInput::Source::Verdicts;
    else if (in.json.contains("conditions") && in.json.contains("regime")) in.source = AppendixInput::Source::Bounds;
    else bad(in, "JSON with neither 'cases' (verdicts.json) nor 'conditions' (benign bounds --format json)");
    return in;
  }
  in.source = AppendixInput::Source::Sweep;
  std::istringstream lines(text);
  std::string line;
  long number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (line.empty() || line == "\r") continue;
    auto cells = split_csv_line(line);
    if (in.header.empty()) {
      in.header = cells;
      if (in.header.front() != "index" || std::find(in.header.begin(), in.header.end(), "observed") == in.header.end() ||
          std::find(in.header.begin(), in.header.end(), "predicted") == in.header.end())
        bad(in, "line 1: not a sweep.csv header (expected 'index,<keys>,...,observed,...,predicted,agreement')");
      continue;
    }
    if (cells.size() != in.header.size())
      bad(in, "line " + std::to_string(number) + ": " + std::to_string(cells.size()) + " fields, the header has " +
                  std::to_string(in.header.size()));
    in.rows.push_back(std::move(cells));
  }
  if (in.header.empty()) bad(in, "empty file");
  return in;
}

std::vector<std::string> appendix_tables(const AppendixInput& in) {
  switch (in.source) {
    case AppendixInput::Source::Verdicts: {
      std::vector<std::string> t = {"settings"};
      if (in.json.contains("calibration")) t.push_back("calibration");
      if (in.json.contains("exponents")) t.push_back("exponents");
      return t;
    }
    case AppendixInput::Source::Bounds: return {"settings", "conditions", "calibration"};
    case AppendixInput::Source::Sweep: default: return {"settings"};
  }
}

reports::TableModel appendix_table(const AppendixInput& in, const std::string& table) {
  const auto avail = appendix_tables(in);
  if (std::find(avail.begin(), avail.end(), table) == avail.end()) {
    std::string list;
    for (const auto& a : avail) list += (list.empty() ? "" : ", ") + a;
    throw ConfigError("--table " + table + ": " + in.path + " gives the tables {" + list + "}");
  }
  using S = AppendixInput::Source;
  if (table == "settings") return in.source == S::Verdicts ? verdict_settings(in) : in.source == S::Sweep ? sweep_settings(in) : bounds_settings(in);
  if (table == "conditions") return conditions(in);
  if (table == "calibration") return in.source == S::Verdicts ? verdict_calibration(in) : bounds_calibration(in);
  return exponents(in);
}

}  // namespace benign
