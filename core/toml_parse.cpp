#include "core/toml_parse.hpp"

namespace benign {

void toml_internal_check_failed(const char* expr) {
  throw ConfigError(std::string("not valid TOML: the parser's check '") + expr + "' failed at this input");
}

void check_toml_text(const std::string& text, const std::string& origin) {
  enum class In { Bare, Comment, Basic, Literal, MultiBasic, MultiLiteral } in = In::Bare;
  long line = 1;
  auto starts = [&](std::size_t i, const char* s) { return text.compare(i, std::char_traits<char>::length(s), s) == 0; };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (ch == '\n') ++line;
    switch (in) {
      case In::Bare:
        if (static_cast<unsigned char>(ch) >= 0x80)
          throw ConfigError("file '" + origin + "' is not valid TOML: line " + std::to_string(line) +
                            ": a non-ASCII character outside a string or a comment");
        if (ch == '#') in = In::Comment;
        else if (starts(i, "\"\"\"")) { in = In::MultiBasic; i += 2; }
        else if (starts(i, "'''")) { in = In::MultiLiteral; i += 2; }
        else if (ch == '"') in = In::Basic;
        else if (ch == '\'') in = In::Literal;
        break;
      case In::Comment: if (ch == '\n') in = In::Bare; break;
      case In::Basic:
        if (ch == '\\') { if (i + 1 < text.size() && text[i + 1] == '\n') ++line; ++i; }
        else if (ch == '"' || ch == '\n') in = In::Bare;
        break;
      case In::Literal: if (ch == '\'' || ch == '\n') in = In::Bare; break;
      case In::MultiBasic:
        if (ch == '\\') { if (i + 1 < text.size() && text[i + 1] == '\n') ++line; ++i; }
        else if (starts(i, "\"\"\"")) { in = In::Bare; i += 2; }
        break;
      case In::MultiLiteral: if (starts(i, "'''")) { in = In::Bare; i += 2; } break;
    }
  }
}

}  // namespace benign
