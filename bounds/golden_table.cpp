#include "bounds/golden_table.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bounds/growth_g.hpp"
#include "bounds/growth_g_inverse.hpp"
#include "bounds/input_checks.hpp"
#include "bounds/predict.hpp"
#include "core/errors.hpp"
#include "core/precision.hpp"

namespace benign {

namespace {

const char* const kPrefix = "# benign bounds table";

bool is_argument(const std::string& key) { return key == "x" || key == "y"; }

// The configuration of a point: base, then the point's config keys (x, y are arguments of g).
Config point_config(const Config& base, const GoldenPoint& p) {
  Config c = base;
  for (const auto& [k, v] : p)
    if (!is_argument(k)) set_key(c, k, v);
  return c;
}

std::string argument(const GoldenPoint& p, const std::string& key, const std::string& quantity) {
  for (const auto& [k, v] : p)
    if (k == key) return v;
  throw ConfigError("quantity " + quantity + " needs the grid key " + key + " (its argument)");
}

// The value of one quantity at one point, in the working precision S [bounds/: theory.md §3–4].
template <class S> S quantity_value(const Config& base, const GoldenPoint& p, const std::string& q, const RegimeMap& map) {
  if (q == "g" || q == "g_prime") {
    const S x = scalar_from_text<S>(argument(p, "x", q), "x");
    const long T = point_config(base, p).T;
    return q == "g" ? growth_g<S>(x, T) : growth_g_prime<S>(x, T);
  }
  if (q == "g_inverse") return growth_g_inverse<S>(scalar_from_text<S>(argument(p, "y", q), "y"), point_config(base, p).T);
  const Prediction<S> r = predict<S>(point_config(base, p), map);
  if (q == "snr") return r.snr;
  if (q == "n_snr2") return r.n_snr2;
  if (q == "snr_d14") return r.snr_d14;
  if (q == "log_tn_delta") return r.log_tn_delta;
  if (q == "nu_mu_plus") return r.score_plus;
  if (q == "nu_mu_minus") return r.score_minus;
  for (const auto& b : r.boundaries) {
    if (q == "margin_" + b.boundary.id) return b.margin;
    if (q == "threshold_" + b.boundary.id) return b.threshold;
  }
  throw ConfigError("unknown quantity " + q);
}

void set_precision(const GoldenTable& t) {
  if (parse_precision(t.precision) == Precision::Mpfr) set_mpfr_digits(t.digits);
}

Config base_config(const GoldenTable& t, const std::string& where) {
  Config c;
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(t.config_json);
  } catch (const nlohmann::json::parse_error& e) {
    throw ConfigError(where + ": the config line is not JSON: " + e.what());
  }
  if (!j.is_object()) throw ConfigError(where + ": the config line is not a JSON object");
  for (auto it = j.begin(); it != j.end(); ++it) set_key(c, it.key(), it->is_string() ? it->get<std::string>() : it->dump());
  set_key(c, "precision", t.precision);
  set_key(c, "digits", std::to_string(t.digits));
  return c;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep) out.emplace_back();
    else if (c != '\r') out.back() += c;
  }
  return out;
}

}  // namespace

std::vector<std::string> golden_quantity_names() {
  std::vector<std::string> q = {"snr", "n_snr2", "snr_d14", "log_tn_delta", "nu_mu_plus", "nu_mu_minus", "g", "g_prime", "g_inverse"};
  for (const auto& b : paper_regime_map().boundaries) {
    q.push_back("margin_" + b.id);
    q.push_back("threshold_" + b.id);
  }
  return q;
}

void check_golden_quantity(const std::string& name) {
  const auto all = golden_quantity_names();
  if (std::find(all.begin(), all.end(), name) != all.end()) return;
  std::string list;
  for (const auto& a : all) list += (list.empty() ? "" : ", ") + a;
  throw ConfigError("--quantities: unknown quantity '" + name + "' (allowed: " + list + ")");
}

GoldenTable make_golden_table(const Config& base, const std::vector<std::string>& keys, const std::vector<GoldenPoint>& points,
                              const std::vector<std::string>& quantities) {
  GoldenTable t;
  t.precision = base.precision;
  t.digits = unsigned(base.digits);
  t.config_json = config_to_json(base, {"data", "theory"});
  t.keys = keys;
  for (const auto& q : quantities) check_golden_quantity(q);
  for (const auto& p : points) {
    validate(point_config(base, p));  // every point checked before any evaluation
    for (const auto& q : quantities) {
      if ((q == "g" || q == "g_prime")) argument(p, "x", q);
      if (q == "g_inverse") argument(p, "y", q);
    }
  }
  set_precision(t);
  const RegimeMap map = paper_regime_map();
  for (const auto& p : points)
    for (const auto& q : quantities) {
      std::string v = with_precision(parse_precision(t.precision), [&](auto zero) {
        using S = decltype(zero);
        return to_text(quantity_value<S>(base, p, q, map));
      });
      t.rows.push_back(GoldenRow{0, p, q, v});
    }
  return t;
}

std::string render_golden_table(const GoldenTable& t) {
  std::ostringstream os;
  os << kPrefix << ": recompute with `benign bounds check FILE [--tol-eps K]`\n";
  os << "# precision: " << t.precision << "\n# digits: " << t.digits << "\n# config: " << t.config_json << "\n";
  for (const auto& k : t.keys) os << k << ",";
  os << "quantity,value\n";
  for (const auto& r : t.rows) {
    for (const auto& kv : r.point) os << kv.second << ",";
    os << r.quantity << "," << r.value << "\n";
  }
  return os.str();
}

GoldenTable parse_golden_table(const std::string& text, const std::string& path) {
  GoldenTable t;
  std::istringstream in(text);
  std::string line;
  long number = 0;
  bool header = false, have_precision = false, have_config = false;
  auto bad = [&](const std::string& what) -> ConfigError { return ConfigError(path + ":" + std::to_string(number) + ": " + what); };
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    if (number == 1 && line.rfind(kPrefix, 0) != 0) throw bad("not a golden table (expected the line '" + std::string(kPrefix) + "...')");
    if (line[0] == '#') {
      if (line.rfind("# precision: ", 0) == 0) {
        t.precision = line.substr(13);
        parse_precision(t.precision);
        have_precision = true;
      } else if (line.rfind("# digits: ", 0) == 0) {
        try {
          t.digits = unsigned(std::stoul(line.substr(10)));
        } catch (const std::exception&) {
          throw bad("digits is not a whole number");
        }
      } else if (line.rfind("# config: ", 0) == 0) {
        t.config_json = line.substr(10);
        have_config = true;
      }
      continue;
    }
    auto f = split(line, ',');
    if (!header) {
      if (f.size() < 2 || f[f.size() - 2] != "quantity" || f.back() != "value") throw bad("header must end with 'quantity,value'");
      t.keys.assign(f.begin(), f.end() - 2);
      for (const auto& k : t.keys)
        if (!is_argument(k) && !find_key(k)) throw bad("unknown grid key '" + k + "'");
      header = true;
      continue;
    }
    if (f.size() != t.keys.size() + 2)
      throw bad(std::to_string(f.size()) + " fields, the header has " + std::to_string(t.keys.size() + 2));
    GoldenRow r;
    r.line = number;
    for (std::size_t j = 0; j < t.keys.size(); ++j) r.point.emplace_back(t.keys[j], f[j]);
    r.quantity = f[f.size() - 2];
    r.value = f.back();
    try {
      check_golden_quantity(r.quantity);
      with_precision(parse_precision(t.precision), [&](auto zero) {
        scalar_from_text<decltype(zero)>(r.value, "value");
        return 0;
      });
    } catch (const ConfigError& e) {
      throw bad(e.what());
    }
    t.rows.push_back(std::move(r));
  }
  if (!have_precision || !have_config) throw ConfigError(path + ": missing the '# precision:' or '# config:' line");
  if (!header) throw ConfigError(path + ": no header line");
  const Config base = base_config(t, path);
  for (const auto& r : t.rows) {
    try {
      validate(point_config(base, r.point));
    } catch (const ConfigError& e) {
      number = r.line;
      throw bad(e.what());
    }
  }
  return t;
}

GoldenCheck check_golden_table(const GoldenTable& t, double tol_eps) {
  const Config base = base_config(t, "golden table");
  set_precision(t);
  const RegimeMap map = paper_regime_map();
  GoldenCheck out;
  for (const auto& r : t.rows) {
    GoldenMismatch m{r, {}, 0};
    with_precision(parse_precision(t.precision), [&](auto zero) {
      using S = decltype(zero);
      const S v = quantity_value<S>(base, r.point, r.quantity, map);
      const S e = scalar_from_text<S>(r.value, "value");
      const S eps = std::numeric_limits<S>::epsilon();
      using std::abs;
      const S diff = abs(S(v - e));
      const S scale = e == 0 ? S(1) : S(abs(e));
      m.value = to_text(v);
      // NaN in either (a value lost or a table holding nan) never compares equal: infinite error.
      m.error_eps = (v == e) ? 0.0 : static_cast<double>(S(diff / (eps * scale)));
      if (std::isnan(m.error_eps)) m.error_eps = std::numeric_limits<double>::infinity();
      return 0;
    });
    ++out.rows;
    out.worst_eps = std::max(out.worst_eps, m.error_eps);
    if (m.error_eps > tol_eps) out.failures.push_back(std::move(m));
  }
  std::stable_sort(out.failures.begin(), out.failures.end(),
                   [](const GoldenMismatch& a, const GoldenMismatch& b) { return a.error_eps > b.error_eps; });
  return out;
}

}  // namespace benign
