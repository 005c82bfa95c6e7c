// bounds/ results as text for the command line (`benign bounds`): the evaluation is done in the
// precision named by the configuration, every number kept with all its digits (to_text).
#pragma once
#include <string>
#include <vector>

#include "bounds/regime_map.hpp"
#include "core/config.hpp"

namespace benign {

// A number of the working precision: every digit, and its nearest double for summaries.
struct ReportNumber {
  std::string text;
  double value = 0;
};

struct BoundsReport {
  std::string precision;   // name of the scalar type
  unsigned digits = 0;     // decimal digits of the working precision
  std::string map_name, map_title, map_origin;
  std::vector<std::pair<std::string, ReportNumber>> quantities;  // snr, n_snr2, snr_d14, log_tn_delta, nu_mu_plus, nu_mu_minus
  std::string regime;
  struct Boundary {
    std::string id, below, above, source, statement, formula;
    bool above_inclusive = false;
    ReportNumber threshold, margin;
    bool on_above_side = false;
  };
  std::vector<Boundary> boundaries;
  struct ConditionRow {
    std::string id, source, formula, relation;
    ReportNumber value, threshold, margin;
    bool holds = false;
  };
  std::vector<ConditionRow> conditions;
  std::vector<std::pair<std::string, std::string>> constants;  // theory keys as given
  struct CalibrationRow {
    std::string label, predicted, mu;
    long d = 0;
    ReportNumber snr, n_snr2, snr_d14;
    bool agrees = false;
  };
  std::vector<CalibrationRow> calibration;
  struct Range {
    std::string boundary_id, constant;
    ReportNumber lo, hi, current;
    bool lo_closed = false, hi_closed = false, empty = false, current_inside = false;
  };
  std::vector<Range> calibrated_ranges;
  bool calibration_agrees = false, calibration_consistent = false;
  std::string calibration_summary;
  std::string config_json;  // the data and theory keys
};

// Evaluate predict and calibrate in the precision c.precision (mpfr: c.digits digits).
BoundsReport make_bounds_report(const Config& c, const RegimeMap& map);
std::string render_markdown(const BoundsReport& r);
std::string render_json(const BoundsReport& r);

// The growth-function values of `benign bounds g | g-inverse | gap-time | gap-reached`, with every
// digit of the working precision. Inputs are decimal texts converted exactly to the precision
// (ConfigError naming the option if malformed or out of range).
enum class GrowthQuery { G, GPrime, GInverse, GapTime, GapReached };
struct GrowthInput {
  GrowthQuery query = GrowthQuery::G;
  long T = 8;
  std::string x, y, x0, x1, kappa = "1", tau;  // the ones the query uses
};
std::string evaluate_growth_text(const GrowthInput& in, Precision p, unsigned mpfr_digits);

}  // namespace benign
