// `benign table`: appendix tables (settings, conditions, calibration, exponents) from verdicts.json,
// sweep.csv or `benign bounds --format json` output, as LaTeX (booktabs), Markdown or CSV.
//   benign table FILE [--table settings|conditions|calibration|exponents] [--format latex|md|csv]
//                [--digits N] [--standalone] [--out FILE]
#include <iostream>

#include "app/cli_common.hpp"
#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "verify/appendix_tables.hpp"

namespace benign::app {

namespace {

struct TableCommand : Command {
  std::string input, table, format = "latex", out;
  int digits = 3;
  bool standalone = false;

  explicit TableCommand(CLI::App& app) {
    app.add_option("input", input, "verdicts.json, sweep.csv or the output of `benign bounds --format json`")->required();
    app.add_option("--table", table, "settings, conditions, calibration or exponents (default: the first the input gives)");
    app.add_option("--format", format, "latex (booktabs, \\input-able), md or csv (default latex)");
    app.add_option("--digits", digits, "significant digits of numbers, 1..17 (default 3; CSV keeps every digit)");
    app.add_flag("--standalone", standalone, "LaTeX: a complete document (pdflatex-able) instead of a table to \\input");
    app.add_option("--out", out, "output file (default: standard output)");
  }

  int run() override {
    // Every option checked before the input is read.
    reports::TableFormat f;
    try {
      f = reports::table_format_from_name(format);
    } catch (const std::invalid_argument&) {
      throw ConfigError("--format " + format + ": allowed latex, md, csv");
    }
    if (digits < 1 || digits > 17) throw ConfigError("--digits " + std::to_string(digits) + ": allowed 1..17");
    if (standalone && f != reports::TableFormat::Latex) throw ConfigError("--standalone needs --format latex");
    if (!out.empty()) check_output_file(out, "--out");
    AppendixInput in = load_appendix_input(input);
    const std::string name = table.empty() ? appendix_tables(in).front() : table;
    std::string text;
    try {
      text = reports::render(appendix_table(in, name), f, reports::TableStyle{digits, standalone});
    } catch (const std::invalid_argument& e) {
      throw ConfigError(input + ": " + e.what());
    }
    if (out.empty()) std::cout << text;
    else write_atomic(out, text);
    return 0;
  }
};

}  // namespace

std::unique_ptr<Command> make_table(CLI::App& app) { return std::make_unique<TableCommand>(app); }

}  // namespace benign::app
