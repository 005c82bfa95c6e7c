// Appendix tables from the machine-readable results: verdicts.json (`benign verify`), sweep.csv
// (`benign sweep`) and the output of `benign bounds --format json`, as one reports::TableModel each.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "reports/table.hpp"

namespace benign {

struct AppendixInput {
  enum class Source { Verdicts, Sweep, Bounds };
  Source source = Source::Verdicts;
  std::string path;
  nlohmann::json json;                          // Verdicts, Bounds
  std::vector<std::string> header;              // Sweep
  std::vector<std::vector<std::string>> rows;   // Sweep (each row as wide as the header)
};

// Read and recognise a results file; ConfigError naming the file (and line) if it is missing,
// malformed or none of the three kinds.
AppendixInput load_appendix_input(const std::string& path);
// The tables the input can give: "settings", "conditions", "calibration", "exponents" (a subset).
std::vector<std::string> appendix_tables(const AppendixInput& in);
// One table; ConfigError naming the table and the allowed ones if the input cannot give it.
reports::TableModel appendix_table(const AppendixInput& in, const std::string& table);

// Wilson score interval at 95 % (z = 1.96) for k successes in m trials [Wilson 1927].
std::pair<double, double> wilson_interval(long k, long m);

}  // namespace benign
