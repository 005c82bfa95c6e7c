#include "reports/markdown.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "reports/svg.hpp"

namespace benign::reports {

namespace {

// Replace line breaks (\r\n or \n) by `with`.
std::string replace_newlines(std::string_view text, std::string_view with) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (text[i] == '\n') out += with;
    else out += text[i];
  }
  return out;
}

// `cell` padded with spaces to `width` code points according to the alignment.
std::string pad(const std::string& cell, std::size_t width, Align align) {
  std::size_t length = utf8_length(cell);
  std::size_t fill = width > length ? width - length : 0;
  switch (align) {
    case Align::Right: return std::string(fill, ' ') + cell;
    case Align::Center: return std::string(fill / 2, ' ') + cell + std::string(fill - fill / 2, ' ');
    case Align::Left: default: return cell + std::string(fill, ' ');
  }
}

// One list block with the given marker function for item i.
template <class Marker>
std::string list_block(const std::vector<std::string>& items, Marker marker) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string m = marker(i);
    out += m + replace_newlines(items[i], "\n" + std::string(m.size(), ' ')) + "\n";
  }
  return out;
}

}  // namespace

std::string format_significant(double v, int digits) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (v == 0) return "0";
  digits = std::clamp(digits, 1, 17);
  char buf[400];
  auto sci = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific, digits - 1);
  std::string s(buf, sci.ptr);
  std::size_t e_at = s.find('e');
  int exponent = std::atoi(s.c_str() + e_at + 1);  // after rounding to `digits`
  if (exponent >= -3 && exponent < 6) {
    auto fixed = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, std::max(0, digits - 1 - exponent));
    return std::string(buf, fixed.ptr);
  }
  return s.substr(0, e_at) + "e" + std::to_string(exponent);
}

std::string escape_markdown(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (std::string_view("\\`*_[]<>#|").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  // A leading "-", "+" or "12." would start a list.
  if (!out.empty() && (out[0] == '-' || out[0] == '+')) return "\\" + out;
  std::size_t digits = 0;
  while (digits < out.size() && out[digits] >= '0' && out[digits] <= '9') ++digits;
  if (digits > 0 && digits < out.size() && (out[digits] == '.' || out[digits] == ')')) out.insert(digits, "\\");
  return out;
}

std::string escape_table_cell(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '|' && (i == 0 || text[i - 1] != '\\')) out += '\\';
    out += text[i];
  }
  return replace_newlines(out, "<br>");
}

std::string render_table(const MarkdownTable& table) {
  std::size_t columns = table.header.size();
  if (columns == 0) throw std::invalid_argument("render_table: the table has no header");
  std::vector<std::vector<std::string>> cells;
  cells.push_back({});
  for (const std::string& h : table.header) cells.back().push_back(escape_table_cell(h));
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    if (table.rows[r].size() > columns)
      throw std::invalid_argument("render_table: row " + std::to_string(r) + " has " +
                                  std::to_string(table.rows[r].size()) + " cells, the header " + std::to_string(columns));
    cells.push_back({});
    for (std::size_t c = 0; c < columns; ++c)
      cells.back().push_back(c < table.rows[r].size() ? escape_table_cell(table.rows[r][c]) : "");
  }
  std::vector<std::size_t> width(columns, 3);
  std::vector<Align> align(columns, Align::Left);
  for (std::size_t c = 0; c < columns; ++c) {
    if (c < table.align.size()) align[c] = table.align[c];
    for (const auto& row : cells) width[c] = std::max(width[c], utf8_length(row[c]));
  }
  auto line = [&](const std::vector<std::string>& row) {
    std::string out = "|";
    for (std::size_t c = 0; c < columns; ++c) out += " " + pad(row[c], width[c], align[c]) + " |";
    return out + "\n";
  };
  std::string out = line(cells[0]);
  out += "|";
  for (std::size_t c = 0; c < columns; ++c) {
    std::string rule(width[c], '-');
    if (align[c] == Align::Center) rule.front() = rule.back() = ':';
    if (align[c] == Align::Right) rule.back() = ':';
    out += " " + rule + " |";
  }
  out += "\n";
  for (std::size_t r = 1; r < cells.size(); ++r) out += line(cells[r]);
  return out;
}

void Markdown::block(std::string text) {
  if (text.empty()) return;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  if (!text_.empty()) text_ += "\n";
  text_ += text + "\n";
}

Markdown& Markdown::heading(int level, std::string_view text) {
  level = std::clamp(level, 1, 6);
  block(std::string(static_cast<std::size_t>(level), '#') + " " + replace_newlines(text, " "));
  return *this;
}

Markdown& Markdown::paragraph(std::string_view text) {
  block(std::string(text));
  return *this;
}

Markdown& Markdown::bullets(const std::vector<std::string>& items) {
  block(list_block(items, [](std::size_t) { return std::string("- "); }));
  return *this;
}

Markdown& Markdown::numbered(const std::vector<std::string>& items) {
  block(list_block(items, [](std::size_t i) { return std::to_string(i + 1) + ". "; }));
  return *this;
}

Markdown& Markdown::table(const MarkdownTable& table) {
  block(render_table(table));
  return *this;
}

Markdown& Markdown::image(std::string_view alt, std::string_view path) {
  std::string escaped_alt;
  for (char c : replace_newlines(alt, " ")) {
    if (c == '[' || c == ']' || c == '\\') escaped_alt += '\\';
    escaped_alt += c;
  }
  std::string url;
  for (char c : path) {
    switch (c) {
      case ' ': url += "%20"; break;
      case '(': url += "%28"; break;
      case ')': url += "%29"; break;
      case '<': url += "%3C"; break;
      case '>': url += "%3E"; break;
      default: url += c;
    }
  }
  block("![" + escaped_alt + "](" + url + ")");
  return *this;
}

Markdown& Markdown::code_block(std::string_view code, std::string_view language) {
  // The fence is longer than any run of backticks inside the code.
  std::size_t longest = 0, run = 0;
  for (char c : code) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  std::string body(code);
  if (body.empty() || body.back() != '\n') body += '\n';
  block(fence + std::string(language) + "\n" + body + fence);
  return *this;
}

Markdown& Markdown::raw(std::string_view markdown) {
  block(std::string(markdown));
  return *this;
}

std::string Markdown::str() const { return text_; }

}  // namespace benign::reports
