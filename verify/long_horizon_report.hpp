// The long-horizon section of the verify report (issue 5): tables, SVG figures beside the report,
// and its part of verdicts.json. Plain data from run_long_horizon in, documents out (through reports/).
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "verify/long_horizon.hpp"

namespace benign {

// Markdown of the section; writes its figures into dir.
std::string long_horizon_section(const LongHorizonResult& r, const std::string& dir);
nlohmann::ordered_json long_horizon_json(const LongHorizonResult& r);

}  // namespace benign
