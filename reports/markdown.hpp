// A Markdown writer: headings, paragraphs, lists, aligned tables, images, code blocks, and number
// formatting with a chosen number of significant digits. Blocks are separated by one blank line.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "reports/atomic_file.hpp"  // write_atomic, ensure_directory

namespace benign::reports {

// v with `digits` significant digits: fixed notation for 1e-3 ≤ |v| < 1e6 (trailing zeros kept,
// integers shown in full), otherwise scientific "1.23e-5"; "NaN", "inf", "-inf" for non-finite.
std::string format_significant(double v, int digits = 3);
// Backslash-escape the characters Markdown would interpret (\ ` * _ [ ] < > # | and a leading + - .).
std::string escape_markdown(std::string_view text);
// A table cell: '|' escaped, line breaks turned into <br>; other formatting is kept.
std::string escape_table_cell(std::string_view text);

enum class Align { Left, Center, Right };

struct MarkdownTable {
  std::vector<std::string> header;
  std::vector<Align> align;                    // per column; missing entries are Left
  std::vector<std::vector<std::string>> rows;  // shorter rows are padded with empty cells
};

// Render a table with columns padded to equal width; throws std::invalid_argument if the header is
// empty or a row has more cells than the header.
std::string render_table(const MarkdownTable& table);

// A Markdown document under construction; every method appends one block and returns *this.
class Markdown {
 public:
  Markdown& heading(int level, std::string_view text);          // level clamped to 1..6
  Markdown& paragraph(std::string_view text);                   // text as given (may hold Markdown)
  Markdown& bullets(const std::vector<std::string>& items);     // "- item"; line breaks indented
  Markdown& numbered(const std::vector<std::string>& items);    // "1. item"
  Markdown& table(const MarkdownTable& table);
  Markdown& image(std::string_view alt, std::string_view path);  // ![alt](path), path percent-encoded
  Markdown& code_block(std::string_view code, std::string_view language = "");
  Markdown& raw(std::string_view markdown);                     // any block, as given
  // The document text, ending with exactly one newline.
  std::string str() const;

 private:
  void block(std::string text);
  std::string text_;
};

}  // namespace benign::reports
