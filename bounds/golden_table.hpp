// Golden tables of bounds for a user's own regression tests (`benign bounds table` / `check`):
// quantities of bounds/ on a grid of settings, every digit of the working precision, written as CSV
// and later recomputed and compared in units of that precision's epsilon.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "core/config.hpp"

namespace benign {

// The quantities a table can hold: snr, n_snr2, snr_d14, log_tn_delta, nu_mu_plus, nu_mu_minus,
// g and g_prime (at the grid key x), g_inverse (at the grid key y), and margin_<boundary id> /
// threshold_<boundary id> of each boundary of the paper's regime map.
std::vector<std::string> golden_quantity_names();
// ConfigError naming the quantity and the allowed ones unless `name` is one of them.
void check_golden_quantity(const std::string& name);

// One grid point: config keys (and the arguments x, y of the growth function) as decimal text.
using GoldenPoint = std::vector<std::pair<std::string, std::string>>;

struct GoldenRow {
  long line = 0;       // line in the file (1-based), 0 if not read from a file
  GoldenPoint point;
  std::string quantity;
  std::string value;   // every digit of the working precision
};

struct GoldenTable {
  std::string precision = "double";  // a --precision name
  unsigned digits = 50;              // mpfr digits (ignored by the other precisions)
  std::string config_json;           // the base configuration (data and theory keys)
  std::vector<std::string> keys;     // the grid keys, in column order
  std::vector<GoldenRow> rows;
};

// Evaluate every quantity at every point (base configuration `base`, precision base.precision).
// ConfigError naming the key, value or quantity for bad input, before any evaluation.
GoldenTable make_golden_table(const Config& base, const std::vector<std::string>& keys, const std::vector<GoldenPoint>& points,
                              const std::vector<std::string>& quantities);
std::string render_golden_table(const GoldenTable& t);
// Parse a golden table; ConfigError naming `path` and the line for anything malformed.
GoldenTable parse_golden_table(const std::string& text, const std::string& path);

struct GoldenMismatch {
  GoldenRow row;
  std::string value;       // recomputed, every digit
  double error_eps = 0;    // |value − expected| / (eps · |expected|), or / eps when expected = 0
};
struct GoldenCheck {
  std::size_t rows = 0;
  double worst_eps = 0;
  std::vector<GoldenMismatch> failures;  // rows with error above the tolerance, worst first
};
// Recompute each row in the table's precision and compare with its value.
GoldenCheck check_golden_table(const GoldenTable& t, double tol_eps);

}  // namespace benign
