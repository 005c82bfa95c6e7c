#include "reports/table.hpp"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "core/text_format.hpp"

namespace benign::reports {

namespace {

// The Unicode symbols of the project's notation and their LaTeX math spelling.
struct Symbol {
  std::string_view utf8, math, text = {};  // text: the text-mode spelling if not \ensuremath{math}
};
constexpr Symbol kSymbols[] = {
    {"μ", "\\mu "},       {"ν", "\\nu "},     {"τ", "\\tau "},   {"δ", "\\delta "}, {"ε", "\\varepsilon "},
    {"σ", "\\sigma "},    {"ρ", "\\rho "},    {"η", "\\eta "},   {"λ", "\\lambda "}, {"γ", "\\gamma "},
    {"κ", "\\kappa "},    {"ω", "\\omega "},  {"α", "\\alpha "}, {"β", "\\beta "},  {"θ", "\\theta "},
    {"π", "\\pi "},       {"Δ", "\\Delta "},  {"‖", "\\|"},      {"·", "\\cdot "},  {"×", "\\times "},
    {"−", "-"},           {"≥", "\\geq "},    {"≤", "\\leq "},   {"≠", "\\neq "},   {"≈", "\\approx "},
    {"→", "\\to "},       {"∞", "\\infty "},  {"√", "\\surd "},  {"²", "^{2}"},     {"³", "^{3}"},
    {"¼", "^{1/4}"},      {"½", "^{1/2}"},    {"⁻¹", "^{-1}"},   {"ᵀ", "^{\\top}"}, {"…", "\\ldots ", "\\ldots{}"},
    {"—", "\\text{---}", "---"}, {"–", "\\text{--}", "--"}, {"±", "\\pm "},
};

// The symbol starting at text[i], or nullptr.
const Symbol* symbol_at(std::string_view text, std::size_t i) {
  for (const auto& s : kSymbols)
    if (text.substr(i, s.utf8.size()) == s.utf8) return &s;
  return nullptr;
}

[[noreturn]] void unknown_character(std::string_view text, std::size_t i) {
  std::size_t n = 1;
  while (i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80) ++n;
  throw std::invalid_argument("LaTeX: no spelling for the character '" + std::string(text.substr(i, n)) + "' in \"" +
                              std::string(text) + "\"");
}

bool is_identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// An identifier in math mode: Greek names and log as LaTeX's, anything else upright with '_' escaped.
std::string math_identifier(std::string_view id) {
  static const std::string_view kNamed[] = {"mu", "nu", "tau", "delta", "sigma", "rho", "eta", "lambda", "gamma",
                                            "kappa", "omega", "alpha", "beta", "theta", "pi", "log", "exp"};
  for (auto n : kNamed)
    if (id == n) return "\\" + std::string(n) + " ";
  return "\\mathrm{" + escape_latex(id) + "}";
}

// A note after a formula ("  (benign side)") is set as math when it holds a relation or a power.
bool note_is_math(std::string_view note) { return note.find_first_of("<>=^") != std::string_view::npos; }

// The plain text of a header or text cell (CSV, Markdown).
const std::string& plain_text(const Cell& c) { return c.text; }

std::string markdown_cell(const Cell& c, int digits) {
  if (c.kind == Cell::Kind::Formula && !c.text.empty()) return "`" + escape_table_cell(c.text) + "`";
  if (c.kind == Cell::Kind::Text) return escape_table_cell(c.text);
  if (c.exact) return format_shortest(c.value);
  std::string s = format_significant(c.value, digits);
  if (c.has_interval) s += " [" + format_significant(c.lo, digits) + ", " + format_significant(c.hi, digits) + "]";
  return s;
}

std::string latex_cell(const Cell& c, int digits) {
  switch (c.kind) {
    case Cell::Kind::Text: return escape_latex(c.text);
    case Cell::Kind::Formula: {  // "formula  (a note in words)": the note stays text
      std::size_t note = c.text.find("  (");
      std::string math = c.text.substr(0, note);
      std::string out = math.empty() ? std::string() : "$" + latex_math(math) + "$";
      if (note != std::string::npos) {
        const std::string rest = c.text.substr(note + 2);
        out += " " + (note_is_math(rest) ? "$" + latex_math(rest) + "$" : escape_latex(rest));
      }
      return out;
    }
    case Cell::Kind::Number: default: {
      if (c.exact) return "$" + format_shortest(c.value) + "$";
      std::string s = "$" + latex_number(c.value, digits);
      if (c.has_interval) s += "\\ [" + latex_number(c.lo, digits) + ",\\ " + latex_number(c.hi, digits) + "]";
      return s + "$";
    }
  }
}

// A \label key: letters, digits and ":-." kept, anything else (which \label cannot take) as '-'.
std::string label_key(std::string_view label) {
  std::string out;
  for (char c : label) out += (std::isalnum(static_cast<unsigned char>(c)) || c == ':' || c == '-' || c == '.') ? c : '-';
  return out;
}

// Columns holding at least one interval (CSV gives them two more columns).
std::vector<bool> interval_columns(const TableModel& t) {
  std::vector<bool> has(t.columns.size(), false);
  for (const auto& row : t.rows)
    for (std::size_t j = 0; j < row.size(); ++j) has[j] = has[j] || row[j].has_interval;
  return has;
}

}  // namespace

TableFormat table_format_from_name(std::string_view name) {
  if (name == "md") return TableFormat::Markdown;
  if (name == "latex") return TableFormat::Latex;
  if (name == "csv") return TableFormat::Csv;
  throw std::invalid_argument("unknown table format '" + std::string(name) + "' (allowed: latex, md, csv)");
}

std::string escape_latex(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    if (static_cast<unsigned char>(c) >= 0x80) {
      const Symbol* s = symbol_at(text, i);
      if (!s) unknown_character(text, i);
      out += s->text.empty() ? "\\ensuremath{" + std::string(s->math) + "}" : std::string(s->text);
      i += s->utf8.size();
      continue;
    }
    switch (c) {
      case '\\': out += "\\textbackslash{}"; break;
      case '_': case '%': case '&': case '#': case '$': case '{': case '}': out += '\\'; out += c; break;
      case '~': out += "\\textasciitilde{}"; break;
      case '^': out += "\\textasciicircum{}"; break;
      case '<': out += "\\textless{}"; break;
      case '>': out += "\\textgreater{}"; break;
      case '|': out += "\\textbar{}"; break;
      case '\n': case '\r': out += ' '; break;
      default: out += c;
    }
    ++i;
  }
  return out;
}

std::string latex_math(std::string_view f) {
  std::string out;
  for (std::size_t i = 0; i < f.size();) {
    char c = f[i];
    if (static_cast<unsigned char>(c) >= 0x80) {
      const Symbol* s = symbol_at(f, i);
      if (!s) unknown_character(f, i);
      out += s->math;
      i += s->utf8.size();
      continue;
    }
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {  // an identifier, upright, '_' escaped
      std::size_t j = i;
      while (j < f.size() && is_identifier_char(f[j])) ++j;
      out += math_identifier(f.substr(i, j - i));
      i = j;
      continue;
    }
    if (c == '^' && i + 1 < f.size() && f[i + 1] == '(') {  // "^(…)" → ^{…}
      int depth = 0;
      std::size_t j = i + 1;
      for (; j < f.size(); ++j) {
        if (f[j] == '(') ++depth;
        if (f[j] == ')' && --depth == 0) break;
      }
      if (j < f.size()) {
        out += "^{" + latex_math(f.substr(i + 2, j - i - 2)) + "}";
        i = j + 1;
        continue;
      }
    }
    if ((c == '>' || c == '<') && i + 1 < f.size() && f[i + 1] == '=') {
      out += c == '>' ? "\\geq " : "\\leq ";
      i += 2;
      continue;
    }
    if (c == '|' && i + 1 < f.size() && f[i + 1] == '|') {
      out += "\\|";
      i += 2;
      continue;
    }
    switch (c) {
      case '\\': out += "\\backslash "; break;
      case '_': case '%': case '&': case '#': case '$': case '{': case '}': out += '\\'; out += c; break;
      case '~': out += "\\sim "; break;
      case '*': out += "\\cdot "; break;
      case '^': out += "^"; break;
      case '|': out += "\\vert "; break;
      case '\n': case '\r': out += ' '; break;
      default: out += c;
    }
    ++i;
  }
  // A trailing '^' (nothing to raise) would not compile.
  if (!out.empty() && out.back() == '^') out += "{}";
  return out;
}

std::string latex_number(double v, int digits) {
  if (std::isnan(v)) return "\\mathrm{NaN}";
  if (std::isinf(v)) return v > 0 ? "\\infty" : "-\\infty";
  std::string s = format_significant(v, digits);
  std::size_t e = s.find('e');
  if (e == std::string::npos) return s;
  return s.substr(0, e) + "\\times 10^{" + std::to_string(std::atoi(s.c_str() + e + 1)) + "}";
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void check_table(const TableModel& t) {
  if (t.columns.empty()) throw std::invalid_argument("table '" + t.caption + "' has no column");
  for (std::size_t r = 0; r < t.rows.size(); ++r)
    if (t.rows[r].size() != t.columns.size())
      throw std::invalid_argument("table '" + t.caption + "': row " + std::to_string(r + 1) + " has " + std::to_string(t.rows[r].size()) +
                                  " cells, the header " + std::to_string(t.columns.size()));
}

std::string render_markdown(const TableModel& t, const TableStyle& style) {
  check_table(t);
  MarkdownTable m;
  for (const auto& c : t.columns) {
    m.header.push_back(escape_table_cell(plain_text(c.header)));
    m.align.push_back(c.align);
  }
  for (const auto& row : t.rows) {
    std::vector<std::string> cells;
    for (const auto& c : row) cells.push_back(markdown_cell(c, style.digits));
    m.rows.push_back(std::move(cells));
  }
  std::string out;
  if (!t.caption.empty()) out += "**" + escape_markdown(t.caption) + "**\n\n";
  return out + render_table(m);
}

std::string render_latex(const TableModel& t, const TableStyle& style) {
  check_table(t);
  std::string spec;
  for (const auto& c : t.columns) spec += c.align == Align::Right ? 'r' : c.align == Align::Center ? 'c' : 'l';
  std::string out;
  if (style.standalone)
    out += "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{booktabs}\n\\usepackage{amsmath}\n"
           "\\begin{document}\n";
  out += "% Generated by benign table; needs \\usepackage{booktabs} and \\usepackage{amsmath}.\n";
  out += "\\begin{table}[htbp]\n\\centering\n";
  if (!t.caption.empty()) out += "\\caption{" + escape_latex(t.caption) + "}\n";
  if (!t.label.empty()) out += "\\label{" + label_key(t.label) + "}\n";
  out += "\\begin{tabular}{" + spec + "}\n\\toprule\n";
  for (std::size_t j = 0; j < t.columns.size(); ++j) out += (j ? " & " : "") + latex_cell(t.columns[j].header, style.digits);
  out += " \\\\\n\\midrule\n";
  for (const auto& row : t.rows) {
    for (std::size_t j = 0; j < row.size(); ++j) out += (j ? " & " : "") + latex_cell(row[j], style.digits);
    out += " \\\\\n";
  }
  out += "\\bottomrule\n\\end{tabular}\n\\end{table}\n";
  if (style.standalone) out += "\\end{document}\n";
  return out;
}

std::string render_csv(const TableModel& t) {
  check_table(t);
  const std::vector<bool> intervals = interval_columns(t);
  std::string out;
  for (std::size_t j = 0; j < t.columns.size(); ++j) {
    const std::string& h = plain_text(t.columns[j].header);
    out += (j ? "," : "") + csv_field(h);
    if (intervals[j]) out += "," + csv_field(h + " lo") + "," + csv_field(h + " hi");
  }
  out += "\n";
  for (const auto& row : t.rows) {
    for (std::size_t j = 0; j < row.size(); ++j) {
      const Cell& c = row[j];
      if (j) out += ",";
      out += c.kind == Cell::Kind::Number ? format_shortest(c.value) : csv_field(c.text);
      if (intervals[j])
        out += c.has_interval ? "," + format_shortest(c.lo) + "," + format_shortest(c.hi) : std::string(",,");
    }
    out += "\n";
  }
  return out;
}

std::string render(const TableModel& t, TableFormat f, const TableStyle& style) {
  switch (f) {
    case TableFormat::Latex: return render_latex(t, style);
    case TableFormat::Csv: return render_csv(t);
    case TableFormat::Markdown: default: return render_markdown(t, style);
  }
}

}  // namespace benign::reports
