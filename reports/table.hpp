// One table model for appendix tables, rendered as Markdown, LaTeX (booktabs) or CSV: the layout
// (columns, rows, cells) is decided once, each writer only typesets it.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "reports/markdown.hpp"  // Align, format_significant

namespace benign::reports {

// A cell: plain text, a number (optionally with an interval [lo, hi]), or a formula written in the
// project's plain notation ("SNR·d^(1/4) > c_h", identifiers with '_', Greek letters as Unicode).
struct Cell {
  enum class Kind { Text, Number, Formula };
  Kind kind = Kind::Text;
  std::string text;  // Text and Formula
  double value = 0, lo = 0, hi = 0;
  bool has_interval = false;
  bool exact = false;  // an input or a count (d, n, ‖μ‖, seeds): shortest round-trip text, never rounded

  static Cell plain(std::string t) { return Cell{Kind::Text, std::move(t)}; }
  static Cell formula(std::string f) { return Cell{Kind::Formula, std::move(f)}; }
  static Cell number(double v) { return Cell{Kind::Number, {}, v}; }
  static Cell exact_number(double v) { return Cell{Kind::Number, {}, v, 0, 0, false, true}; }
  static Cell interval(double v, double lo, double hi) { return Cell{Kind::Number, {}, v, lo, hi, true}; }
};

struct Column {
  Cell header;  // a Text or Formula cell
  Align align = Align::Left;
};

struct TableModel {
  std::string caption;  // plain text ("" for none)
  std::string label;    // LaTeX \label key ("" for none)
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;  // each row has exactly one cell per column
};

// The formats a table can be written in, and the names the command line uses for them.
enum class TableFormat { Markdown, Latex, Csv };
TableFormat table_format_from_name(std::string_view name);  // "md", "latex", "csv"; std::invalid_argument otherwise

struct TableStyle {
  int digits = 3;           // significant digits of numbers (Markdown and LaTeX; CSV keeps every digit)
  bool standalone = false;  // LaTeX: a complete document instead of an \input-able table
};

// Escape text for LaTeX text mode: _ % & # $ { } ~ ^ \ < > | and the Unicode symbols the project
// uses (Greek letters, ‖ · ² ¼ ≥ ≤ − × √ …); throws std::invalid_argument naming any other
// non-ASCII character (pdflatex could not typeset it).
std::string escape_latex(std::string_view text);
// A formula for LaTeX math mode (without the $): identifiers upright (\mathrm), '_' inside them
// escaped, the Unicode symbols as math commands, "^(…)" as a superscript.
std::string latex_math(std::string_view formula);
// A number for LaTeX math mode with `digits` significant digits ("1.23\times10^{-5}").
std::string latex_number(double v, int digits);
// A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break.
std::string csv_field(std::string_view text);

// Throws std::invalid_argument if the table has no column or a row's width differs from the header.
void check_table(const TableModel& t);
std::string render_markdown(const TableModel& t, const TableStyle& style = {});
std::string render_latex(const TableModel& t, const TableStyle& style = {});
// Numbers with every digit (shortest round trip); an interval column adds "<name> lo" and "<name> hi".
std::string render_csv(const TableModel& t);
std::string render(const TableModel& t, TableFormat f, const TableStyle& style = {});

}  // namespace benign::reports
