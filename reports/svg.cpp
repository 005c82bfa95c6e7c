#include "reports/svg.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace benign::reports {

namespace {

// True when every coordinate is a finite number (elements with NaN/inf are skipped).
bool all_finite(std::initializer_list<double> values) {
  for (double v : values)
    if (!std::isfinite(v)) return false;
  return true;
}

// Attribute text ` name="value"` with a formatted number.
std::string num_attr(const char* name, double v) {
  return std::string(" ") + name + "=\"" + format_fixed(v) + "\"";
}

// "x,y x,y ..." for points, or empty if any point is not finite.
std::string point_list(const std::vector<Point>& points) {
  std::string out;
  for (const Point& p : points) {
    if (!all_finite({p.x, p.y})) return {};
    if (!out.empty()) out += ' ';
    out += format_fixed(p.x) + "," + format_fixed(p.y);
  }
  return out;
}

// Value of attribute `name` in the root <svg ...> tag of a document (empty if absent).
std::string root_attribute(const std::string& svg, std::size_t root, const std::string& name) {
  std::size_t tag_end = svg.find('>', root);
  std::string key = " " + name + "=\"";
  std::size_t at = svg.find(key, root);
  if (at == std::string::npos || at > tag_end) return {};
  at += key.size();
  return svg.substr(at, svg.find('"', at) - at);
}

// Replace every occurrence of `from` by `to` in s.
void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

}  // namespace

std::string format_fixed(double v, int decimals) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[400];
  auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals < 0 ? 0 : decimals);
  std::string s(buf, res.ptr);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        // Control characters other than tab/newline are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') out += ' ';
        else out += c;
    }
  }
  return out;
}

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

double text_width(std::string_view text, double font_size) {
  // Advance widths of DejaVu Sans, grouped (em units).
  double em = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    if (c >= 0x80) em += 0.62;
    else if (std::string_view(" .,:;'|!()[]ijlft").find(static_cast<char>(c)) != std::string_view::npos) em += 0.34;
    else if (c >= '0' && c <= '9') em += 0.64;
    else if ((c >= 'A' && c <= 'Z') || c == 'm' || c == 'w') em += 0.74;
    else em += 0.6;
  }
  return em * font_size;
}

SvgDocument::SvgDocument(double width, double height, std::string background)
    : width_(width), height_(height) {
  if (!background.empty() && background != "none")
    rect(0, 0, width, height, Style{background, "none", 0, "", 1, "background"});
}

std::string SvgDocument::next_id(const char* prefix) {
  return std::string(prefix) + std::to_string(++id_counter_);
}

void SvgDocument::open(const char* tag, const Style& style) {
  body_ += "<";
  body_ += tag;
  if (!style.role.empty()) body_ += " class=\"" + xml_escape(style.role) + "\"";
  body_ += " fill=\"" + xml_escape(style.fill.empty() ? "none" : style.fill) + "\"";
  if (!style.stroke.empty() && style.stroke != "none") {
    body_ += " stroke=\"" + xml_escape(style.stroke) + "\"";
    body_ += num_attr("stroke-width", style.stroke_width);
    if (!style.dash.empty()) body_ += " stroke-dasharray=\"" + xml_escape(style.dash) + "\"";
  }
  if (style.opacity < 1) body_ += " opacity=\"" + format_fixed(style.opacity, 3) + "\"";
}

void SvgDocument::rect(double x, double y, double w, double h, const Style& style) {
  if (!all_finite({x, y, w, h}) || w < 0 || h < 0) return;
  open("rect", style);
  body_ += num_attr("x", x) + num_attr("y", y) + num_attr("width", w) + num_attr("height", h) + "/>\n";
}

void SvgDocument::line(Point a, Point b, const Style& style) {
  if (!all_finite({a.x, a.y, b.x, b.y})) return;
  open("line", style);
  body_ += num_attr("x1", a.x) + num_attr("y1", a.y) + num_attr("x2", b.x) + num_attr("y2", b.y) + "/>\n";
}

void SvgDocument::polyline(const std::vector<Point>& points, const Style& style) {
  if (points.size() < 2) return;
  std::string list = point_list(points);
  if (list.empty()) return;
  open("polyline", style);
  body_ += " stroke-linejoin=\"round\" points=\"" + list + "\"/>\n";
}

void SvgDocument::polygon(const std::vector<Point>& points, const Style& style) {
  if (points.size() < 3) return;
  std::string list = point_list(points);
  if (list.empty()) return;
  open("polygon", style);
  body_ += " points=\"" + list + "\"/>\n";
}

void SvgDocument::circle(Point c, double r, const Style& style) {
  if (!all_finite({c.x, c.y, r}) || r < 0) return;
  open("circle", style);
  body_ += num_attr("cx", c.x) + num_attr("cy", c.y) + num_attr("r", r) + "/>\n";
}

void SvgDocument::path(const std::string& d, const Style& style) {
  if (d.empty()) return;
  open("path", style);
  body_ += " d=\"" + xml_escape(d) + "\"/>\n";
}

void SvgDocument::text(Point at, std::string_view text, const TextStyle& style) {
  if (!all_finite({at.x, at.y, style.size, style.rotate}) || text.empty()) return;
  double offset = style.valign == VAlign::Middle ? 0.35 * style.size
                  : style.valign == VAlign::Top  ? 0.8 * style.size
                                                 : 0.0;
  body_ += "<text";
  if (!style.role.empty()) body_ += " class=\"" + xml_escape(style.role) + "\"";
  body_ += num_attr("x", at.x) + num_attr("y", at.y + offset);
  if (style.rotate != 0)
    body_ += " transform=\"rotate(" + format_fixed(style.rotate) + " " + format_fixed(at.x) + " " +
             format_fixed(at.y) + ")\"";
  body_ += num_attr("font-size", style.size);
  if (style.anchor == Anchor::Middle) body_ += " text-anchor=\"middle\"";
  if (style.anchor == Anchor::End) body_ += " text-anchor=\"end\"";
  if (style.bold) body_ += " font-weight=\"bold\"";
  body_ += " fill=\"" + xml_escape(style.fill) + "\"";
  if (style.halo)
    body_ += " stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"";
  body_ += ">" + xml_escape(text) + "</text>\n";
}

std::string SvgDocument::clip_rect(double x, double y, double w, double h) {
  std::string id = next_id("clip");
  defs_ += "<clipPath id=\"" + id + "\"><rect" + num_attr("x", x) + num_attr("y", y) + num_attr("width", w) +
           num_attr("height", h) + "/></clipPath>\n";
  return id;
}

std::string SvgDocument::vertical_gradient(const std::vector<std::string>& colors_bottom_to_top) {
  std::string id = next_id("grad");
  defs_ += "<linearGradient id=\"" + id + "\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">\n";
  std::size_t n = colors_bottom_to_top.size();
  for (std::size_t i = 0; i < n; ++i) {
    double offset = n == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(n - 1);
    defs_ += "<stop offset=\"" + format_fixed(offset, 4) + "\" stop-color=\"" + xml_escape(colors_bottom_to_top[i]) +
             "\"/>\n";
  }
  defs_ += "</linearGradient>\n";
  return id;
}

void SvgDocument::begin_group(const std::string& clip_id, const std::string& role,
                              const std::string& extra_attributes) {
  body_ += "<g";
  if (!role.empty()) body_ += " class=\"" + xml_escape(role) + "\"";
  if (!clip_id.empty()) body_ += " clip-path=\"url(#" + xml_escape(clip_id) + ")\"";
  if (!extra_attributes.empty()) body_ += " " + extra_attributes;
  body_ += ">\n";
  ++open_groups_;
}

void SvgDocument::end_group() {
  if (open_groups_ == 0) throw std::logic_error("SvgDocument::end_group without an open group");
  body_ += "</g>\n";
  --open_groups_;
}

void SvgDocument::raw(const std::string& markup) { body_ += markup; }

std::string SvgDocument::str() const {
  if (open_groups_ != 0) throw std::logic_error("SvgDocument::str with an open group");
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\"" + num_attr("width", width_) +
         num_attr("height", height_) + " viewBox=\"0 0 " + format_fixed(width_) + " " + format_fixed(height_) +
         "\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\">\n";
  if (!defs_.empty()) out += "<defs>\n" + defs_ + "</defs>\n";
  out += body_;
  out += "</svg>\n";
  return out;
}

std::string arrange_svgs(const std::vector<std::string>& svgs, int columns) {
  if (columns < 1) throw std::invalid_argument("arrange_svgs: columns must be at least 1");
  struct Part {
    std::string body;
    double w, h;
  };
  std::vector<Part> parts;
  for (std::size_t k = 0; k < svgs.size(); ++k) {
    const std::string& svg = svgs[k];
    std::size_t root = svg.find("<svg ");
    if (root == std::string::npos) throw std::invalid_argument("arrange_svgs: input " + std::to_string(k) + " is not SVG");
    double w = std::atof(root_attribute(svg, root, "width").c_str());
    double h = std::atof(root_attribute(svg, root, "height").c_str());
    std::string body = svg.substr(root);
    std::string prefix = "p" + std::to_string(k) + "-";
    replace_all(body, " id=\"", " id=\"" + prefix);
    replace_all(body, "url(#", "url(#" + prefix);
    parts.push_back({body, w, h});
  }
  std::size_t cols = static_cast<std::size_t>(columns);
  std::size_t rows = (parts.size() + cols - 1) / cols;
  std::vector<double> col_w(cols, 0), row_h(rows, 0);
  for (std::size_t k = 0; k < parts.size(); ++k) {
    col_w[k % cols] = std::max(col_w[k % cols], parts[k].w);
    row_h[k / cols] = std::max(row_h[k / cols], parts[k].h);
  }
  double total_w = 0, total_h = 0;
  for (double w : col_w) total_w += w;
  for (double h : row_h) total_h += h;
  SvgDocument doc(total_w, total_h);
  double y = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    double x = 0;
    for (std::size_t c = 0; c < cols && r * cols + c < parts.size(); ++c) {
      std::string body = parts[r * cols + c].body;
      body.replace(0, 5, "<svg x=\"" + format_fixed(x) + "\" y=\"" + format_fixed(y) + "\" ");
      doc.raw(body);
      x += col_w[c];
    }
    y += row_h[r];
  }
  return doc.str();
}

}  // namespace benign::reports
