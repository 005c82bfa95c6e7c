#include "bounds/report.hpp"

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bounds/calibration.hpp"
#include "bounds/gap_time.hpp"
#include "bounds/growth_g.hpp"
#include "bounds/growth_g_inverse.hpp"
#include "bounds/input_checks.hpp"
#include "bounds/predict.hpp"
#include "core/errors.hpp"

namespace benign {

namespace {

template <class S> ReportNumber number(const S& x) { return ReportNumber{to_text(x), static_cast<double>(x)}; }

template <class S> BoundsReport make_report(const Config& c, const RegimeMap& map) {
  BoundsReport r;
  r.precision = scalar_name<S>();
  r.digits = precision_digits(c.precision_enum(), unsigned(c.digits));
  r.map_name = map.name;
  r.map_title = map.title;
  r.map_origin = map.origin;
  Prediction<S> p = predict<S>(c, map);
  r.quantities = {{"snr", number(p.snr)},
                  {"n_snr2", number(p.n_snr2)},
                  {"snr_d14", number(p.snr_d14)},
                  {"log_tn_delta", number(p.log_tn_delta)},
                  {"nu_mu_plus", number(p.score_plus)},
                  {"nu_mu_minus", number(p.score_minus)}};
  r.regime = p.regime;
  for (const auto& b : p.boundaries) {
    BoundsReport::Boundary o;
    o.id = b.boundary.id;
    o.below = b.boundary.below;
    o.above = b.boundary.above;
    o.source = b.boundary.source;
    o.statement = b.boundary.statement;
    o.formula = boundary_formula(b.boundary);
    o.above_inclusive = b.boundary.above_inclusive;
    o.threshold = number(b.threshold);
    o.margin = number(b.margin);
    o.on_above_side = b.above;
    r.boundaries.push_back(o);
  }
  for (const auto& k : p.conditions) {
    r.conditions.push_back({k.id, k.source, k.formula, k.relation, number(k.value), number(k.threshold), number(k.margin), k.holds});
  }
  for (const auto& k : config_keys())
    if (k.group == "theory") r.constants.emplace_back(k.name, k.get(c));
  Calibration<S> cal = calibrate<S>(c, map);
  for (const auto& row : cal.rows)
    r.calibration.push_back({row.setting.label, row.predicted, row.setting.mu, row.setting.d, number(row.snr), number(row.n_snr2),
                             number(row.snr_d14), row.agrees});
  for (const auto& g : cal.ranges) {
    BoundsReport::Range o;
    o.boundary_id = g.boundary_id;
    o.constant = g.constant;
    o.lo = number(g.lo);
    o.hi = number(g.hi);
    o.current = number(g.current);
    o.lo_closed = g.lo_closed;
    o.hi_closed = g.hi_closed;
    o.empty = g.empty;
    o.current_inside = g.current_inside;
    r.calibrated_ranges.push_back(o);
  }
  r.calibration_agrees = cal.agrees;
  r.calibration_consistent = cal.consistent;
  r.calibration_summary = cal.summary;
  r.config_json = config_to_json(c, {"data", "theory"});
  return r;
}

std::string md_cell(const std::string& s) {
  std::string o;
  for (char ch : s) {
    if (ch == '|') o += "\\|";
    else o += ch;
  }
  return o;
}

// A JSON number when the text is one (every digit kept), otherwise null (inf, nan).
std::string json_number(const ReportNumber& n) {
  const std::string& s = n.text;
  std::size_t i = 0, len = s.size();
  auto digits = [&]() {
    std::size_t k = 0;
    while (i < len && std::isdigit(static_cast<unsigned char>(s[i]))) { ++i; ++k; }
    return k;
  };
  if (i < len && s[i] == '-') ++i;
  if (digits() == 0) return "null";
  if (i < len && s[i] == '.') { ++i; if (digits() == 0) return "null"; }
  if (i < len && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < len && (s[i] == '+' || s[i] == '-')) ++i;
    if (digits() == 0) return "null";
  }
  return i == len ? s : "null";
}

std::string jstr(const std::string& s) { return nlohmann::json(s).dump(); }

const char* quantity_label(const std::string& key) {
  if (key == "snr") return "SNR = \\|\\|mu\\|\\| / (sigma sqrt(d))";
  if (key == "n_snr2") return "n SNR^2";
  if (key == "snr_d14") return "SNR d^(1/4)";
  if (key == "log_tn_delta") return "log(T n / delta)";
  if (key == "nu_mu_plus") return "nu^T mu_{+1}";
  if (key == "nu_mu_minus") return "nu^T mu_{-1}";
  return "";
}

template <class S> std::string growth_text(const GrowthInput& in) {
  auto val = [](const std::string& text, const std::string& key) { return scalar_from_text<S>(text, key); };
  S out;
  switch (in.query) {
    case GrowthQuery::G: out = growth_g<S>(val(in.x, "x"), in.T); break;
    case GrowthQuery::GPrime: out = growth_g_prime<S>(val(in.x, "x"), in.T); break;
    case GrowthQuery::GInverse: out = growth_g_inverse<S>(val(in.y, "y"), in.T); break;
    case GrowthQuery::GapTime: out = gap_time<S>(val(in.x0, "x0"), val(in.x1, "x1"), val(in.kappa, "kappa"), in.T); break;
    case GrowthQuery::GapReached: default:
      out = gap_reached<S>(val(in.x0, "x0"), val(in.tau, "tau"), val(in.kappa, "kappa"), in.T);
      break;
  }
  return to_text(out);
}

}  // namespace

BoundsReport make_bounds_report(const Config& c, const RegimeMap& map) {
  Precision p = c.precision_enum();
  if (p == Precision::Mpfr) set_mpfr_digits(unsigned(c.digits));
  return with_precision(p, [&](auto zero) { return make_report<decltype(zero)>(c, map); });
}

std::string evaluate_growth_text(const GrowthInput& in, Precision p, unsigned mpfr_digits) {
  check_tokens(in.T);
  if (p == Precision::Mpfr) set_mpfr_digits(mpfr_digits);
  return with_precision(p, [&](auto zero) { return growth_text<decltype(zero)>(in); });
}

std::string render_markdown(const BoundsReport& r) {
  std::ostringstream os;
  os << "# What the theory predicts (benign bounds)\n\n";
  os << "Working precision: " << r.precision << " (" << r.digits << " decimal digits). Regime map: `" << r.map_name << "` ("
     << r.map_origin << ")" << (r.map_title.empty() ? "" : ": " + r.map_title) << ".\n\n";
  os << "| quantity | value |\n|---|---|\n";
  for (const auto& [k, v] : r.quantities) os << "| " << quantity_label(k) << " | " << v.text << " |\n";
  os << "\n**Predicted regime: " << r.regime << "**\n\n";
  os << "## Boundaries of the regime map\n\n";
  os << "| boundary | source | below \\| above | SNR on the boundary | formula | log(SNR / boundary) | side |\n|---|---|---|---|---|---|---|\n";
  for (const auto& b : r.boundaries)
    os << "| " << md_cell(b.id) << " | " << md_cell(b.source) << " | " << md_cell(b.below) << " \\| " << md_cell(b.above) << " | "
       << b.threshold.text << " | " << md_cell(b.formula) << " | " << b.margin.text << " | " << (b.on_above_side ? b.above : b.below) << " |\n";
  os << "\n## Conditions\n\n";
  os << "margin = log(value / threshold).\n\n";
  os << "| id | source | condition | value | threshold | margin | holds |\n|---|---|---|---|---|---|---|\n";
  for (const auto& c : r.conditions)
    os << "| " << md_cell(c.id) << " | " << md_cell(c.source) << " | " << md_cell(c.formula) << " | " << c.value.text << " | "
       << c.threshold.text << " | " << c.margin.text << " | " << (c.holds ? "yes" : "no") << " |\n";
  os << "\n## The paper's three settings (theory.md §4)\n\n";
  os << r.calibration_summary << "\n\n";
  os << "| label | d | \\|\\|mu\\|\\| | SNR | n SNR^2 | SNR d^(1/4) | predicted | agrees |\n|---|---|---|---|---|---|---|---|\n";
  for (const auto& c : r.calibration)
    os << "| " << c.label << " | " << c.d << " | " << c.mu << " | " << c.snr.text << " | " << c.n_snr2.text << " | " << c.snr_d14.text
       << " | " << c.predicted << " | " << (c.agrees ? "yes" : "NO") << " |\n";
  if (!r.calibrated_ranges.empty()) {
    os << "\n| boundary | constant | calibrated range | current | inside |\n|---|---|---|---|---|\n";
    for (const auto& g : r.calibrated_ranges)
      os << "| " << md_cell(g.boundary_id) << " | " << g.constant << " | " << (g.empty ? "empty" : "") << (g.lo_closed ? "[" : "(")
         << g.lo.text << ", " << g.hi.text << (g.hi_closed ? "]" : ")") << " | " << g.current.text << " | "
         << (g.current_inside ? "yes" : "NO") << " |\n";
  }
  os << "\n## Constants\n\n";
  for (std::size_t i = 0; i < r.constants.size(); ++i) os << (i ? ", " : "") << r.constants[i].first << " = " << r.constants[i].second;
  os << ". The paper's regimes are asymptotic statements (o, omega); the constants turn them into finite-size predictions.\n";
  return os.str();
}

std::string render_json(const BoundsReport& r) {
  std::ostringstream os;
  os << "{\n";
  os << "  \"precision\": " << jstr(r.precision) << ",\n  \"digits\": " << r.digits << ",\n";
  for (const auto& [k, v] : r.quantities) os << "  " << jstr(k) << ": " << json_number(v) << ",\n";
  os << "  \"regime\": " << jstr(r.regime) << ",\n";
  os << "  \"regime_map\": {\"name\": " << jstr(r.map_name) << ", \"title\": " << jstr(r.map_title) << ", \"origin\": " << jstr(r.map_origin)
     << "},\n";
  os << "  \"boundaries\": [";
  for (std::size_t i = 0; i < r.boundaries.size(); ++i) {
    const auto& b = r.boundaries[i];
    os << (i ? ",\n" : "\n") << "    {\"id\": " << jstr(b.id) << ", \"source\": " << jstr(b.source) << ", \"below\": " << jstr(b.below)
       << ", \"above\": " << jstr(b.above) << ", \"formula\": " << jstr(b.formula) << ", \"above_when\": " << jstr(b.above_inclusive ? ">=" : ">")
       << ", \"statement\": " << jstr(b.statement) << ", \"threshold\": " << json_number(b.threshold) << ", \"margin\": " << json_number(b.margin)
       << ", \"side\": " << jstr(b.on_above_side ? b.above : b.below) << "}";
  }
  os << "\n  ],\n  \"conditions\": [";
  for (std::size_t i = 0; i < r.conditions.size(); ++i) {
    const auto& c = r.conditions[i];
    os << (i ? ",\n" : "\n") << "    {\"id\": " << jstr(c.id) << ", \"source\": " << jstr(c.source) << ", \"formula\": " << jstr(c.formula)
       << ", \"relation\": " << jstr(c.relation) << ", \"value\": " << json_number(c.value) << ", \"threshold\": " << json_number(c.threshold)
       << ", \"margin\": " << json_number(c.margin) << ", \"holds\": " << (c.holds ? "true" : "false") << "}";
  }
  os << "\n  ],\n  \"constants\": {";
  for (std::size_t i = 0; i < r.constants.size(); ++i) {
    nlohmann::json v = nlohmann::json::parse(r.constants[i].second);
    os << (i ? ", " : "") << jstr(r.constants[i].first) << ": " << v.dump();
  }
  os << "},\n  \"calibration\": {\n    \"agrees\": " << (r.calibration_agrees ? "true" : "false")
     << ",\n    \"consistent\": " << (r.calibration_consistent ? "true" : "false") << ",\n    \"summary\": " << jstr(r.calibration_summary)
     << ",\n    \"settings\": [";
  for (std::size_t i = 0; i < r.calibration.size(); ++i) {
    const auto& c = r.calibration[i];
    os << (i ? ",\n" : "\n") << "      {\"label\": " << jstr(c.label) << ", \"d\": " << c.d << ", \"mu\": " << c.mu << ", \"snr\": " << json_number(c.snr)
       << ", \"n_snr2\": " << json_number(c.n_snr2) << ", \"snr_d14\": " << json_number(c.snr_d14) << ", \"predicted\": " << jstr(c.predicted)
       << ", \"agrees\": " << (c.agrees ? "true" : "false") << "}";
  }
  os << "\n    ],\n    \"ranges\": [";
  for (std::size_t i = 0; i < r.calibrated_ranges.size(); ++i) {
    const auto& g = r.calibrated_ranges[i];
    os << (i ? ",\n" : "\n") << "      {\"boundary\": " << jstr(g.boundary_id) << ", \"constant\": " << jstr(g.constant) << ", \"lo\": " << json_number(g.lo)
       << ", \"lo_closed\": " << (g.lo_closed ? "true" : "false") << ", \"hi\": " << json_number(g.hi)
       << ", \"hi_closed\": " << (g.hi_closed ? "true" : "false") << ", \"empty\": " << (g.empty ? "true" : "false")
       << ", \"current\": " << json_number(g.current) << ", \"current_inside\": " << (g.current_inside ? "true" : "false") << "}";
  }
  os << "\n    ]\n  },\n  \"config\": " << r.config_json << "\n}\n";
  return os.str();
}

}  // namespace benign
