// A small XML well-formedness checker for the tests: one root element, balanced and matching
// tags, well-formed attributes (quoted, no '<', no duplicates), valid entity references, valid
// UTF-8, nothing but comments and white space after the root. Not a validating parser.
#pragma once
#include <cctype>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace benign::test {

struct XmlResult {
  bool ok = true;
  std::string error;     // first problem found, with its byte offset
  long elements = 0;     // number of elements seen
};

namespace xml_detail {

inline bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':'; }
inline bool name_char(char c) {
  return name_start(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.';
}

// True if s is valid UTF-8.
inline bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

// Length of a valid entity reference starting at s[at] == '&', or 0 if it is not one.
inline std::size_t entity_length(std::string_view s, std::size_t at) {
  std::size_t end = s.find(';', at);
  if (end == std::string_view::npos || end - at > 10) return 0;
  std::string_view name = s.substr(at + 1, end - at - 1);
  static const std::set<std::string_view> named = {"amp", "lt", "gt", "quot", "apos"};
  if (named.count(name)) return end - at + 1;
  if (name.size() >= 2 && name[0] == '#') {
    bool hex = name[1] == 'x';
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return 0;
    for (char c : digits)
      if (!(hex ? std::isxdigit(static_cast<unsigned char>(c)) : std::isdigit(static_cast<unsigned char>(c)))) return 0;
    return end - at + 1;
  }
  return 0;
}

}  // namespace xml_detail

// Check that `doc` is a well-formed XML document.
inline XmlResult check_xml(std::string_view doc) {
  using namespace xml_detail;
  XmlResult result;
  auto fail = [&](std::size_t at, const std::string& what) {
    result.ok = false;
    result.error = what + " at byte " + std::to_string(at);
    return result;
  };
  if (!valid_utf8(doc)) return fail(0, "invalid UTF-8");
  std::vector<std::string> open;
  bool root_done = false, root_seen = false;
  std::size_t i = 0;
  while (i < doc.size()) {
    if (doc[i] != '<') {
      if (doc[i] == '&') {
        std::size_t n = entity_length(doc, i);
        if (n == 0) return fail(i, "bad entity reference");
        if (open.empty()) return fail(i, "text outside the root element");
        i += n;
        continue;
      }
      if (open.empty() && !std::isspace(static_cast<unsigned char>(doc[i]))) return fail(i, "text outside the root element");
      ++i;
      continue;
    }
    if (doc.compare(i, 4, "<!--") == 0) {
      std::size_t end = doc.find("-->", i + 4);
      if (end == std::string_view::npos) return fail(i, "unterminated comment");
      if (doc.substr(i + 4, end - i - 4).find("--") != std::string_view::npos) return fail(i, "'--' inside a comment");
      i = end + 3;
      continue;
    }
    if (doc.compare(i, 2, "<?") == 0) {
      if (root_seen && doc.compare(i, 5, "<?xml") == 0) return fail(i, "XML declaration after the root");
      std::size_t end = doc.find("?>", i + 2);
      if (end == std::string_view::npos) return fail(i, "unterminated processing instruction");
      i = end + 2;
      continue;
    }
    if (doc.compare(i, 2, "</") == 0) {
      std::size_t j = i + 2, start = j;
      while (j < doc.size() && name_char(doc[j])) ++j;
      std::string name(doc.substr(start, j - start));
      while (j < doc.size() && std::isspace(static_cast<unsigned char>(doc[j]))) ++j;
      if (j >= doc.size() || doc[j] != '>') return fail(i, "malformed end tag");
      if (open.empty() || open.back() != name) return fail(i, "end tag </" + name + "> does not match");
      open.pop_back();
      if (open.empty()) root_done = true;
      i = j + 1;
      continue;
    }
    // Start tag.
    if (root_done) return fail(i, "second root element");
    std::size_t j = i + 1;
    if (j >= doc.size() || !name_start(doc[j])) return fail(i, "bad element name");
    std::size_t start = j;
    while (j < doc.size() && name_char(doc[j])) ++j;
    std::string name(doc.substr(start, j - start));
    std::set<std::string> attributes;
    bool self_closing = false;
    for (;;) {
      bool space = false;
      while (j < doc.size() && std::isspace(static_cast<unsigned char>(doc[j]))) ++j, space = true;
      if (j >= doc.size()) return fail(i, "unterminated start tag");
      if (doc[j] == '>') { ++j; break; }
      if (doc.compare(j, 2, "/>") == 0) { j += 2; self_closing = true; break; }
      if (!space || !name_start(doc[j])) return fail(j, "bad attribute in <" + name + ">");
      std::size_t a = j;
      while (j < doc.size() && name_char(doc[j])) ++j;
      std::string attribute(doc.substr(a, j - a));
      if (!attributes.insert(attribute).second) return fail(a, "duplicate attribute " + attribute);
      while (j < doc.size() && std::isspace(static_cast<unsigned char>(doc[j]))) ++j;
      if (j >= doc.size() || doc[j] != '=') return fail(j, "attribute " + attribute + " without value");
      ++j;
      while (j < doc.size() && std::isspace(static_cast<unsigned char>(doc[j]))) ++j;
      if (j >= doc.size() || (doc[j] != '"' && doc[j] != '\'')) return fail(j, "unquoted attribute " + attribute);
      char quote = doc[j++];
      while (j < doc.size() && doc[j] != quote) {
        if (doc[j] == '<') return fail(j, "'<' in attribute " + attribute);
        if (doc[j] == '&') {
          std::size_t n = entity_length(doc, j);
          if (n == 0) return fail(j, "bad entity reference in attribute " + attribute);
          j += n;
        } else {
          ++j;
        }
      }
      if (j >= doc.size()) return fail(a, "unterminated attribute " + attribute);
      ++j;
    }
    ++result.elements;
    root_seen = true;
    if (!self_closing) open.push_back(name);
    else if (open.empty()) root_done = true;
    i = j;
  }
  if (!open.empty()) return fail(doc.size(), "unclosed element <" + open.back() + ">");
  if (!root_seen) return fail(0, "no root element");
  return result;
}

}  // namespace benign::test
