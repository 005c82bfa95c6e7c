#include "core/toml_parse.hpp"

#include <cstdio>
#include <vector>

namespace benign {

void toml_internal_check_failed(const char* expr) {
  throw ConfigError(std::string("not valid TOML: the parser's check '") + expr + "' failed at this input");
}

namespace {
bool is_ascii_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'; }
bool is_nontab_control(unsigned char ch) { return (ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r') || ch == 0x7F; }
}  // namespace

// toml++ 3.3 calls is_whitespace() on a character (and reaches __builtin_unreachable for most
// non-ASCII ones, e.g. U+00E9) wherever it is outside a string or a comment, over the whole bare
// token of a number, boolean or date value (quotes included: `x = 1="é"` is one token to it), and
// after a line-ending backslash of a multi-line basic string. This scanner follows TOML's
// key / value structure closely enough to refuse every such place, and refuses control characters
// other than tab and line breaks anywhere (TOML 1.0 forbids them unescaped, comments included).
void check_toml_text(const std::string& text, const std::string& origin) {
  enum class In { Bare, Comment, Basic, Literal, MultiBasic, MultiLiteral } in = In::Bare;
  bool key_context = true;   // before the '=' of a key/value pair (or in a table header)
  bool bare_run = false;     // in a value: the current token holds a bare character (a quote there is no string)
  std::vector<char> open;    // '[' and '{' opened in values
  auto refuse = [&](std::size_t i, const std::string& what) {
    long line = 1;
    for (std::size_t k = 0; k < i; ++k) line += text[k] == '\n';
    throw ConfigError("file '" + origin + "' is not valid TOML: line " + std::to_string(line) + ": " + what);
  };
  auto starts = [&](std::size_t i, const char* s) { return text.compare(i, std::char_traits<char>::length(s), s) == 0; };
  auto non_ascii = [](char ch) { return static_cast<unsigned char>(ch) >= 0x80; };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (is_nontab_control(static_cast<unsigned char>(ch))) {
      char code[8];
      std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(static_cast<unsigned char>(ch)));
      refuse(i, std::string("the control character ") + code + " (write it as an escape inside a string)");
    }
    switch (in) {
      case In::Bare:
        if (non_ascii(ch))
          refuse(i, !key_context && bare_run
                        ? "a non-ASCII character inside a bare value (a number, boolean or date: a quote there starts no string)"
                        : "a non-ASCII character outside a string or a comment");
        if (ch == '#') { in = In::Comment; break; }
        if (is_ascii_space(ch)) {
          bare_run = false;
          if (ch == '\n' && open.empty()) key_context = true;
          break;
        }
        if (ch == '"' || ch == '\'') {
          if (!key_context && bare_run) break;  // part of a bare value token, not a string
          if (starts(i, "\"\"\"")) { in = In::MultiBasic; i += 2; }
          else if (starts(i, "'''")) { in = In::MultiLiteral; i += 2; }
          else in = ch == '"' ? In::Basic : In::Literal;
          break;
        }
        if (key_context) {
          if (ch == '=') { key_context = false; bare_run = false; }
          else if (ch == '}' && !open.empty() && open.back() == '{') { open.pop_back(); key_context = false; }
          break;
        }
        if ((ch == '[' || ch == '{') && !bare_run) {
          open.push_back(ch);
          if (ch == '{') key_context = true;
        } else if (ch == ']' || ch == '}') {
          bare_run = false;
          if (!open.empty()) open.pop_back();
        } else if (ch == ',') {
          bare_run = false;
          if (!open.empty() && open.back() == '{') key_context = true;
        } else {
          bare_run = true;
        }
        break;
      case In::Comment:
        if (ch == '\n') { in = In::Bare; bare_run = false; if (open.empty()) key_context = true; }
        break;
      case In::Basic:
        if (ch == '\\') ++i;
        else if (ch == '"' || ch == '\n') { in = In::Bare; bare_run = true; }
        break;
      case In::Literal:
        if (ch == '\'' || ch == '\n') { in = In::Bare; bare_run = true; }
        break;
      case In::MultiBasic:
        if (ch == '\\') {
          std::size_t j = i + 1;
          if (j < text.size() && non_ascii(text[j]))
            refuse(j, "a non-ASCII character right after a backslash in a multi-line string");
          if (j < text.size() && is_ascii_space(text[j])) {  // a line-ending backslash: whitespace is skipped
            while (j < text.size() && is_ascii_space(text[j])) ++j;
            if (j < text.size() && non_ascii(text[j]))
              refuse(j, "a non-ASCII character first after a line-ending backslash in a multi-line string");
            i = j - 1;
          } else {
            ++i;
          }
        } else if (starts(i, "\"\"\"")) { in = In::Bare; bare_run = true; i += 2; }
        break;
      case In::MultiLiteral:
        if (starts(i, "'''")) { in = In::Bare; bare_run = true; i += 2; }
        break;
    }
  }
}

}  // namespace benign
