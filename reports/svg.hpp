// An SVG document builder: XML escaping, deterministic number formatting and drawing primitives.
// Same calls → same bytes: numbers are written with std::to_chars (locale-free, fixed decimals)
// and ids are numbered in call order.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace benign::reports {

// Fixed-point text of v with at most `decimals` decimals; trailing zeros and "-0" removed.
std::string format_fixed(double v, int decimals = 2);
// Escape &, <, >, " and ' so the text is safe in XML content and attribute values.
std::string xml_escape(std::string_view text);
// Number of Unicode code points in a UTF-8 string (what a label's width depends on).
std::size_t utf8_length(std::string_view text);
// Approximate rendered width in pixels of a sans-serif label at the given font size.
double text_width(std::string_view text, double font_size);

struct Point {
  double x = 0, y = 0;
};

// Paint of a shape. "none" disables fill or stroke.
struct Style {
  std::string fill = "none";
  std::string stroke = "none";
  double stroke_width = 1;
  std::string dash;     // stroke-dasharray, e.g. "6 4"; empty: solid
  double opacity = 1;   // of the whole element
  std::string role;     // class attribute naming the element's role ("cell", "marker", ...); optional
};

enum class Anchor { Start, Middle, End };
enum class VAlign { Baseline, Middle, Top };

struct TextStyle {
  double size = 12;
  Anchor anchor = Anchor::Start;
  VAlign valign = VAlign::Baseline;
  std::string fill = "#222222";
  bool bold = false;
  double rotate = 0;     // degrees, about the anchor point
  bool halo = false;     // white outline under the glyphs, for labels drawn over data
  std::string role;
};

// An SVG document under construction; str() returns the complete file text.
class SvgDocument {
 public:
  SvgDocument(double width, double height, std::string background = "#ffffff");
  double width() const { return width_; }
  double height() const { return height_; }

  // Axis-aligned rectangle with top-left corner (x, y).
  void rect(double x, double y, double w, double h, const Style& style);
  // Straight segment from a to b.
  void line(Point a, Point b, const Style& style);
  // Open polyline through the points (nothing drawn for fewer than 2 points).
  void polyline(const std::vector<Point>& points, const Style& style);
  // Closed polygon through the points.
  void polygon(const std::vector<Point>& points, const Style& style);
  // Circle of radius r centred at c.
  void circle(Point c, double r, const Style& style);
  // Raw path data (already formatted); used for marker shapes.
  void path(const std::string& d, const Style& style);
  // Text anchored at `at`; the text is XML-escaped.
  void text(Point at, std::string_view text, const TextStyle& style);

  // Define a rectangular clip path and return its id.
  std::string clip_rect(double x, double y, double w, double h);
  // Define a vertical (bottom → top) linear gradient through the colours and return its id.
  std::string vertical_gradient(const std::vector<std::string>& colors_bottom_to_top);
  // Open a <g> element, optionally clipped by a clip id and with a class and extra attributes.
  void begin_group(const std::string& clip_id = "", const std::string& role = "",
                   const std::string& extra_attributes = "");
  // Close the innermost open group.
  void end_group();
  // Append already well-formed SVG markup (used to nest documents).
  void raw(const std::string& markup);

  // The complete document, XML declaration included; throws std::logic_error if a group is open.
  std::string str() const;

 private:
  std::string next_id(const char* prefix);
  void open(const char* tag, const Style& style);

  double width_, height_;
  std::string defs_, body_;
  int open_groups_ = 0;
  int id_counter_ = 0;
};

// Place complete SVG documents made by SvgDocument in a grid of `columns` columns, row by row.
// Ids inside each document are prefixed so they stay unique in the combined document.
std::string arrange_svgs(const std::vector<std::string>& svgs, int columns);

}  // namespace benign::reports
