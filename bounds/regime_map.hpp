// A regime map is data: regimes ordered by SNR and the boundaries between them,
//   SNR = c · n^a · d^b · log(T n / δ)^k,
// each with a label and the source of the statement (theory.md §4). The paper's map is built in
// (a TOML text, paper_regime_map_toml()); any other theorem's map is loaded from a TOML or JSON
// file with the same fields, and every part of the toolkit uses whichever map it is given.
//
// File format (TOML; JSON has the same keys, "boundary" an array of objects):
//   name    = "sakamoto-sato-2025"           # required
//   title   = "..."                          # optional
//   regimes = ["harmful", "benign", "not_overfitting"]   # required, ≥ 2, by increasing SNR
//   [[boundary]]                             # exactly len(regimes) − 1, in order
//   id = "harmful_boundary"                  # required, unique
//   source = "paper"                         # required: paper | v1 | derived | any text
//   below = "harmful"; above = "benign"      # optional; if given must match the order
//   statement = "..."                        # optional: what the source says
//   c = "c_h"; a = 0; b = "-1/4"; k = "log_factor/2"   # c required (> 0), a, b, k default 0
//   above_when = ">="                        # optional, ">" (default) or ">=": side of SNR = boundary
// c, a, b, k are numbers or expressions: factors joined by '*' with at most one '/', each factor a
// decimal number or a theory key of the configuration (delta, c_h, c_n, log_factor).
// Any other key, a missing field, a bad expression or c ≤ 0 is a ConfigError naming the field.
#pragma once
#include <string>
#include <vector>

#include "core/config.hpp"

namespace benign {

struct RegimeBoundary {
  std::string id;
  std::string below, above;   // regimes on either side (smaller / larger SNR)
  std::string source;         // paper | v1 | derived | free text
  std::string statement;      // what the source states
  std::string c = "1", a = "0", b = "0", k = "0";  // expressions, see above
  bool above_inclusive = false;  // above_when = ">=": SNR equal to the boundary counts as above
};

struct RegimeMap {
  std::string name, title;
  std::string origin;                  // "built-in" or the file it was read from
  std::vector<std::string> regimes;    // by increasing SNR
  std::vector<RegimeBoundary> boundaries;  // boundaries[j] separates regimes[j] and regimes[j+1]
};

// The paper's map (Figure 1; theory.md §4): harmful below c_h d^{-1/4} (times log(Tn/δ)^{1/2} when
// log_factor = 1, the first version's A2), not overfitting above c_n n^{-1/2}, benign between.
const std::string& paper_regime_map_toml();
RegimeMap paper_regime_map();

// Parse a map from text (TOML, or JSON when `json`); `origin` names it in error messages.
RegimeMap parse_regime_map(const std::string& text, bool json, const std::string& origin);
// Read a map from a .toml or .json file (JSON also when the text starts with '{').
RegimeMap load_regime_map(const std::string& path);
// The map as TOML text (round-trips through parse_regime_map).
std::string regime_map_to_toml(const RegimeMap& map);

// Check an expression; throws ConfigError naming `field` (e.g. "boundary[0].c").
void check_map_expression(const std::string& expr, const std::string& field, const std::string& origin);
// The boundary's right-hand side as text, e.g. "c_h * d^(-1/4) * log(T n/delta)^(log_factor/2)".
std::string boundary_formula(const RegimeBoundary& b);
// Theory keys an expression refers to, in order of appearance.
std::vector<std::string> expression_keys(const std::string& expr);

// Value of an expression with the configuration's theory keys, in the working precision
// (decimal factors converted exactly, e.g. "-1/4" is S(-1)/S(4)).
template <class S> S evaluate_map_expression(const std::string& expr, const Config& c);

// Where a configuration sits relative to one boundary.
template <class S> struct BoundaryPosition {
  RegimeBoundary boundary;
  S c, a, b, k;     // the evaluated coefficient and exponents
  S threshold;      // SNR on the boundary: c · n^a · d^b · log(Tn/δ)^k
  S margin;         // log(SNR / threshold), from logarithms (no overflow): > 0 above
  bool above = false;  // the configuration is on the `above` side
};
template <class S> std::vector<BoundaryPosition<S>> locate_boundaries(const Config& c, const RegimeMap& map);

// The regime with `above[j]` for each boundary j: regimes[#above] when the sides are consistent
// (above[j+1] ⇒ above[j]); "undetermined" when they conflict (e.g. below the harmful boundary and
// above the not-overfitting boundary, when n ≥ √d with constants 1).
std::string regime_from_sides(const RegimeMap& map, const std::vector<bool>& above);

}  // namespace benign
