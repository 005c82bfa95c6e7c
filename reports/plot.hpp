// The plotting layer between the SVG primitives and the figures: a plot frame mapping data to
// pixels with axes, ticks and labels; line series clipped to the frame; markers; legends; colour bars.
#pragma once
#include <string>
#include <vector>

#include "reports/svg.hpp"
#include "reports/ticks.hpp"

namespace benign::reports {

// Font sizes and colours shared by every figure.
struct Theme {
  static constexpr double title_size = 15;
  static constexpr double panel_title_size = 13;
  static constexpr double axis_label_size = 13;
  static constexpr double tick_label_size = 11;
  static constexpr double legend_size = 12;
  static constexpr const char* ink = "#222222";
  static constexpr const char* frame = "#444444";
  static constexpr const char* grid = "#e6e6e6";
  static constexpr const char* plot_background = "#ffffff";
};

struct AxisSpec {
  Scale scale = Scale::Linear;
  Range range;
  std::string label;
  std::vector<Tick> ticks;
};

// An axis showing `range` with ticks chosen for it.
AxisSpec make_axis(Scale scale, Range range, std::string label, int target_ticks = 6);
// Pixels needed left of a plot area for the y tick labels and, if `with_label`, the axis label.
double y_axis_margin(const AxisSpec& axis, bool with_label = true);
// Pixels needed below a plot area for the x tick labels and, if `with_label`, the axis label.
double x_axis_margin(const AxisSpec& axis, bool with_label = true);

// A rectangular plot area in pixels with its two axes.
class PlotFrame {
 public:
  PlotFrame(double left, double top, double width, double height, AxisSpec x, AxisSpec y);
  double left() const { return left_; }
  double top() const { return top_; }
  double width() const { return width_; }
  double height() const { return height_; }
  double right() const { return left_ + width_; }
  double bottom() const { return top_ + height_; }
  const AxisSpec& x_axis() const { return x_; }
  const AxisSpec& y_axis() const { return y_; }
  // Pixel column of data x (NaN if x cannot be shown on the axis: NaN, inf, ≤ 0 on log).
  double px(double x) const;
  // Pixel row of data y (NaN if y cannot be shown).
  double py(double y) const;
  // True if the data point lies in the frame (boundary included).
  bool contains(double x, double y) const;
  // Plot background and grid lines at the major ticks.
  void draw_grid(SvgDocument& doc) const;
  // Frame, ticks, tick labels and axis labels (each part optional).
  void draw_axes(SvgDocument& doc, bool x_tick_labels = true, bool y_tick_labels = true,
                 bool x_label = true, bool y_label = true) const;
  // Centred "no data" note in the plot area.
  void draw_no_data(SvgDocument& doc) const;

 private:
  double left_, top_, width_, height_;
  AxisSpec x_, y_;
};

// Clip the segment a–b to the rectangle [x0, x1] × [y0, y1] (Liang–Barsky); false if nothing is left.
bool clip_segment(Point& a, Point& b, double x0, double y0, double x1, double y1);
// Polyline through the data points, clipped to the frame and broken at points that cannot be
// shown (NaN, inf, ≤ 0 on a log axis). Returns the number of polyline pieces drawn.
int draw_data_line(SvgDocument& doc, const PlotFrame& frame, const std::vector<double>& xs,
                   const std::vector<double>& ys, const Style& style);

enum class Marker { Circle, Square, Triangle, Diamond, Cross };
// The marker shape used for category or series number i.
Marker marker_for(std::size_t i);
// One marker of "radius" r centred at p.
void draw_marker(SvgDocument& doc, Point p, Marker marker, double r, const std::string& color,
                 double opacity = 1, const std::string& role = "marker");

// The dash pattern of the i-th dashed line of a figure.
std::string dash_pattern(std::size_t i);
// Underlay colour that sets a line of this "#rrggbb" colour off from any background: dark for
// light lines, white otherwise.
std::string casing_color(const std::string& line_color);

struct LegendEntry {
  enum class Kind { Line, Marker, Swatch };
  Kind kind = Kind::Line;
  std::string label;
  std::string color;
  std::string dash;              // Line: stroke-dasharray
  Marker marker = Marker::Circle;
  std::string casing;            // Line: colour of a wider underlay (as overlays have); empty: none
};

struct Size {
  double width = 0, height = 0;
};
// Size of the legend box for these entries (labels longer than max_label_width are shortened).
Size legend_size(const std::vector<LegendEntry>& entries, double max_label_width = 220);
// Legend box with its top-left corner at (x, y).
void draw_legend(SvgDocument& doc, const std::vector<LegendEntry>& entries, double x, double y,
                 double max_label_width = 220);

// Horizontal space a colour bar with these value ticks and label needs.
double colorbar_width(const AxisSpec& values);
// Vertical colour bar of the named map at (x, y), bar width 14 and height h, ticks and the
// values' label on its right. values.range is the colour range (scale linear or log10).
void draw_colorbar(SvgDocument& doc, double x, double y, double h, const std::string& colormap,
                   const AxisSpec& values);

// Bold title centred at center_x with its baseline at y, shrunk to fit max_width.
void draw_title(SvgDocument& doc, const std::string& title, double center_x, double y, double max_width,
                double size = Theme::title_size);
// `text` shortened with "…" so that it fits max_width pixels at the font size.
std::string fit_text(const std::string& text, double font_size, double max_width);

}  // namespace benign::reports
