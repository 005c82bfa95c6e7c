#include "reports/plot.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "reports/colormap.hpp"

namespace benign::reports {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMajorTick = 5, kMinorTick = 3, kTickGap = 3;
constexpr double kColorbarBar = 14;

// Position of v along the axis as a fraction of its length (NaN if v cannot be shown).
double axis_fraction(const AxisSpec& axis, double v) {
  if (!std::isfinite(v)) return kNaN;
  if (axis.scale == Scale::Log10) {
    if (!(v > 0)) return kNaN;
    return (std::log10(v) - std::log10(axis.range.lo)) / (std::log10(axis.range.hi) - std::log10(axis.range.lo));
  }
  return (v - axis.range.lo) / (axis.range.hi - axis.range.lo);
}

// Widest labelled tick at the given font size.
double widest_tick_label(const AxisSpec& axis, double size) {
  double w = 0;
  for (const Tick& t : axis.ticks)
    if (!t.label.empty()) w = std::max(w, text_width(t.label, size));
  return w;
}

// Every k-th label is kept so that labels at these pixel positions, with these extents, do not overlap.
std::size_t label_stride(const std::vector<double>& positions, const std::vector<double>& extents, double gap) {
  for (std::size_t k = 1; k < positions.size(); ++k) {
    bool fits = true;
    for (std::size_t i = k; i < positions.size() && fits; i += k)
      fits = std::fabs(positions[i] - positions[i - k]) >= (extents[i] + extents[i - k]) / 2 + gap;
    if (fits) return k;
  }
  return 1;
}

// Labelled ticks of an axis whose pixel position (by `to_pixel`) lies within [lo, hi].
template <class ToPixel>
std::vector<std::pair<double, const Tick*>> visible_ticks(const AxisSpec& axis, ToPixel to_pixel, double lo,
                                                          double hi) {
  std::vector<std::pair<double, const Tick*>> out;
  for (const Tick& t : axis.ticks) {
    double p = to_pixel(t.value);
    if (std::isfinite(p) && p >= lo - 0.5 && p <= hi + 0.5) out.push_back({p, &t});
  }
  return out;
}

}  // namespace

AxisSpec make_axis(Scale scale, Range range, std::string label, int target_ticks) {
  AxisSpec axis{scale, range, std::move(label), {}};
  axis.ticks = axis_ticks(scale, range.lo, range.hi, target_ticks);
  return axis;
}

double y_axis_margin(const AxisSpec& axis, bool with_label) {
  return 8 + (with_label && !axis.label.empty() ? Theme::axis_label_size + 8 : 0) +
         widest_tick_label(axis, Theme::tick_label_size) + kTickGap + kMajorTick;
}

double x_axis_margin(const AxisSpec& axis, bool with_label) {
  return kMajorTick + kTickGap + Theme::tick_label_size + 6 +
         (with_label && !axis.label.empty() ? Theme::axis_label_size + 10 : 0) + 4;
}

PlotFrame::PlotFrame(double left, double top, double width, double height, AxisSpec x, AxisSpec y)
    : left_(left), top_(top), width_(std::max(width, 1.0)), height_(std::max(height, 1.0)),
      x_(std::move(x)), y_(std::move(y)) {}

double PlotFrame::px(double x) const { return left_ + axis_fraction(x_, x) * width_; }

double PlotFrame::py(double y) const { return bottom() - axis_fraction(y_, y) * height_; }

bool PlotFrame::contains(double x, double y) const {
  double a = px(x), b = py(y);
  const double slack = 1e-6;
  return std::isfinite(a) && std::isfinite(b) && a >= left_ - slack && a <= right() + slack && b >= top_ - slack &&
         b <= bottom() + slack;
}

void PlotFrame::draw_grid(SvgDocument& doc) const {
  doc.rect(left_, top_, width_, height_, Style{Theme::plot_background, "none", 0, "", 1, "plot-area"});
  Style grid{"none", Theme::grid, 1, "", 1, "grid"};
  for (const Tick& t : x_.ticks) {
    double p = px(t.value);
    if (t.major && std::isfinite(p) && p > left_ + 0.5 && p < right() - 0.5) doc.line({p, top_}, {p, bottom()}, grid);
  }
  for (const Tick& t : y_.ticks) {
    double p = py(t.value);
    if (t.major && std::isfinite(p) && p > top_ + 0.5 && p < bottom() - 0.5) doc.line({left_, p}, {right(), p}, grid);
  }
}

void PlotFrame::draw_axes(SvgDocument& doc, bool x_tick_labels, bool y_tick_labels, bool x_label,
                          bool y_label) const {
  Style tick_style{"none", Theme::frame, 1, "", 1, "tick"};
  TextStyle label_style;
  label_style.size = Theme::tick_label_size;
  label_style.fill = Theme::ink;
  label_style.role = "tick-label";

  // x axis: tick marks below the frame, labels thinned until they do not overlap.
  auto xs = visible_ticks(x_, [this](double v) { return px(v); }, left_, right());
  std::vector<double> positions, extents;
  for (const auto& [p, tick] : xs) {
    doc.line({p, bottom()}, {p, bottom() + (tick->major ? kMajorTick : kMinorTick)}, tick_style);
    if (!tick->label.empty()) {
      positions.push_back(p);
      extents.push_back(text_width(tick->label, Theme::tick_label_size));
    }
  }
  if (x_tick_labels) {
    std::size_t stride = label_stride(positions, extents, 6);
    label_style.anchor = Anchor::Middle;
    label_style.valign = VAlign::Top;
    std::size_t i = 0;
    for (const auto& [p, tick] : xs) {
      if (tick->label.empty()) continue;
      if (i++ % stride == 0) doc.text({p, bottom() + kMajorTick + kTickGap}, tick->label, label_style);
    }
  }

  // y axis: tick marks left of the frame, labels right-aligned.
  auto ys = visible_ticks(y_, [this](double v) { return py(v); }, top_, bottom());
  positions.clear();
  extents.clear();
  for (const auto& [p, tick] : ys) {
    doc.line({left_ - (tick->major ? kMajorTick : kMinorTick), p}, {left_, p}, tick_style);
    if (!tick->label.empty()) {
      positions.push_back(p);
      extents.push_back(Theme::tick_label_size + 2);
    }
  }
  if (y_tick_labels) {
    std::size_t stride = label_stride(positions, extents, 2);
    label_style.anchor = Anchor::End;
    label_style.valign = VAlign::Middle;
    std::size_t i = 0;
    for (const auto& [p, tick] : ys) {
      if (tick->label.empty()) continue;
      if (i++ % stride == 0) doc.text({left_ - kMajorTick - kTickGap, p}, tick->label, label_style);
    }
  }

  doc.rect(left_, top_, width_, height_, Style{"none", Theme::frame, 1, "", 1, "frame"});

  TextStyle axis_style;
  axis_style.size = Theme::axis_label_size;
  axis_style.fill = Theme::ink;
  axis_style.anchor = Anchor::Middle;
  axis_style.role = "axis-label";
  if (x_label && !x_.label.empty()) {
    axis_style.valign = VAlign::Top;
    doc.text({left_ + width_ / 2, bottom() + kMajorTick + kTickGap + Theme::tick_label_size + 8},
             fit_text(x_.label, Theme::axis_label_size, width_ + 40), axis_style);
  }
  if (y_label && !y_.label.empty()) {
    axis_style.valign = VAlign::Middle;
    axis_style.rotate = -90;
    double tick_area = (y_tick_labels ? widest_tick_label(y_, Theme::tick_label_size) : 0) + kMajorTick + kTickGap;
    doc.text({left_ - tick_area - 6 - Theme::axis_label_size / 2, top_ + height_ / 2},
             fit_text(y_.label, Theme::axis_label_size, height_ + 20), axis_style);
  }
}

void PlotFrame::draw_no_data(SvgDocument& doc) const {
  TextStyle style;
  style.size = 14;
  style.fill = "#888888";
  style.anchor = Anchor::Middle;
  style.valign = VAlign::Middle;
  style.role = "no-data";
  doc.text({left_ + width_ / 2, top_ + height_ / 2}, "no data", style);
}

bool clip_segment(Point& a, Point& b, double x0, double y0, double x1, double y1) {
  double dx = b.x - a.x, dy = b.y - a.y;
  double p[4] = {-dx, dx, -dy, dy};
  double q[4] = {a.x - x0, x1 - a.x, a.y - y0, y1 - a.y};
  double t0 = 0, t1 = 1;
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;
      continue;
    }
    double r = q[i] / p[i];
    if (p[i] < 0) {
      if (r > t1) return false;
      t0 = std::max(t0, r);
    } else {
      if (r < t0) return false;
      t1 = std::min(t1, r);
    }
  }
  Point start = a;
  // Unclipped ends are kept bit-exact so consecutive segments join into one polyline.
  if (t1 < 1) b = {start.x + t1 * dx, start.y + t1 * dy};
  if (t0 > 0) a = {start.x + t0 * dx, start.y + t0 * dy};
  return true;
}

int draw_data_line(SvgDocument& doc, const PlotFrame& frame, const std::vector<double>& xs,
                   const std::vector<double>& ys, const Style& style) {
  std::size_t n = std::min(xs.size(), ys.size());
  std::vector<Point> piece;
  int pieces = 0;
  auto flush = [&] {
    if (piece.size() >= 2) {
      doc.polyline(piece, style);
      ++pieces;
    }
    piece.clear();
  };
  for (std::size_t i = 1; i < n; ++i) {
    Point a{frame.px(xs[i - 1]), frame.py(ys[i - 1])}, b{frame.px(xs[i]), frame.py(ys[i])};
    bool valid = std::isfinite(a.x) && std::isfinite(a.y) && std::isfinite(b.x) && std::isfinite(b.y);
    if (!valid || !clip_segment(a, b, frame.left(), frame.top(), frame.right(), frame.bottom())) {
      flush();
      continue;
    }
    if (piece.empty() || piece.back().x != a.x || piece.back().y != a.y) {
      flush();
      piece.push_back(a);
    }
    piece.push_back(b);
  }
  flush();
  return pieces;
}

Marker marker_for(std::size_t i) {
  static const Marker order[] = {Marker::Circle, Marker::Square, Marker::Triangle, Marker::Diamond, Marker::Cross};
  return order[i % 5];
}

void draw_marker(SvgDocument& doc, Point p, Marker marker, double r, const std::string& color, double opacity,
                 const std::string& role) {
  if (!std::isfinite(p.x) || !std::isfinite(p.y)) return;
  Style filled{color, "#ffffff", 0.6, "", opacity, role};
  switch (marker) {
    case Marker::Circle: doc.circle(p, r, filled); break;
    case Marker::Square: doc.rect(p.x - 0.85 * r, p.y - 0.85 * r, 1.7 * r, 1.7 * r, filled); break;
    case Marker::Triangle:
      doc.polygon({{p.x, p.y - 1.25 * r}, {p.x + 1.1 * r, p.y + 0.7 * r}, {p.x - 1.1 * r, p.y + 0.7 * r}}, filled);
      break;
    case Marker::Diamond:
      doc.polygon({{p.x, p.y - 1.3 * r}, {p.x + 1.05 * r, p.y}, {p.x, p.y + 1.3 * r}, {p.x - 1.05 * r, p.y}}, filled);
      break;
    case Marker::Cross: {
      double k = 0.9 * r;
      std::string d = "M" + format_fixed(p.x - k) + " " + format_fixed(p.y - k) + "L" + format_fixed(p.x + k) + " " +
                      format_fixed(p.y + k) + "M" + format_fixed(p.x - k) + " " + format_fixed(p.y + k) + "L" +
                      format_fixed(p.x + k) + " " + format_fixed(p.y - k);
      doc.path(d, Style{"none", color, 1.8, "", opacity, role});
      break;
    }
  }
}

std::string dash_pattern(std::size_t i) {
  static const char* patterns[] = {"7 4", "2 3", "9 3 2 3", "4 4"};
  return patterns[i % 4];
}

std::string casing_color(const std::string& line_color) {
  return contrasting_text_color(line_color) == "#000000" && line_color.size() == 7 ? "#333333" : "#ffffff";
}

std::string fit_text(const std::string& text, double font_size, double max_width) {
  if (text_width(text, font_size) <= max_width) return text;
  std::string s = text;
  while (!s.empty() && text_width(s + "…", font_size) > max_width) {
    // Drop one whole UTF-8 code point: its continuation bytes, then its lead byte.
    while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80) s.pop_back();
    if (!s.empty()) s.pop_back();
  }
  return s + "…";
}

Size legend_size(const std::vector<LegendEntry>& entries, double max_label_width) {
  if (entries.empty()) return {0, 0};
  double label_w = 0;
  for (const LegendEntry& e : entries)
    label_w = std::max(label_w, text_width(fit_text(e.label, Theme::legend_size, max_label_width), Theme::legend_size));
  return {8 + 28 + 6 + label_w + 10, 6 + 20.0 * static_cast<double>(entries.size()) + 4};
}

void draw_legend(SvgDocument& doc, const std::vector<LegendEntry>& entries, double x, double y,
                 double max_label_width) {
  if (entries.empty()) return;
  Size size = legend_size(entries, max_label_width);
  doc.begin_group("", "legend");
  doc.rect(x, y, size.width, size.height, Style{"#ffffff", "#cccccc", 1, "", 1, "legend-box"});
  TextStyle label_style;
  label_style.size = Theme::legend_size;
  label_style.fill = Theme::ink;
  label_style.valign = VAlign::Middle;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const LegendEntry& e = entries[i];
    double cy = y + 6 + 20.0 * static_cast<double>(i) + 10;
    switch (e.kind) {
      case LegendEntry::Kind::Line:
        if (!e.casing.empty()) doc.line({x + 8, cy}, {x + 36, cy}, Style{"none", e.casing, 4.5, "", 1, ""});
        doc.line({x + 8, cy}, {x + 36, cy}, Style{"none", e.color, 2, e.dash, 1, ""});
        break;
      case LegendEntry::Kind::Marker: draw_marker(doc, {x + 22, cy}, e.marker, 4.5, e.color, 1, ""); break;
      case LegendEntry::Kind::Swatch: doc.rect(x + 12, cy - 7, 20, 14, Style{e.color, "#888888", 0.5, "", 1, ""}); break;
    }
    doc.text({x + 42, cy}, fit_text(e.label, Theme::legend_size, max_label_width), label_style);
  }
  doc.end_group();
}

double colorbar_width(const AxisSpec& values) {
  return kColorbarBar + 4 + kTickGap + widest_tick_label(values, Theme::tick_label_size) +
         (values.label.empty() ? 4 : 8 + Theme::axis_label_size + 4);
}

void draw_colorbar(SvgDocument& doc, double x, double y, double h, const std::string& colormap,
                   const AxisSpec& values) {
  doc.begin_group("", "colorbar");
  std::string gradient = doc.vertical_gradient(colormap_samples(colormap, 17));
  doc.rect(x, y, kColorbarBar, h, Style{"url(#" + gradient + ")", "none", 0, "", 1, "colorbar-fill"});
  doc.rect(x, y, kColorbarBar, h, Style{"none", Theme::frame, 1, "", 1, ""});
  TextStyle label_style;
  label_style.size = Theme::tick_label_size;
  label_style.fill = Theme::ink;
  label_style.valign = VAlign::Middle;
  Style tick_style{"none", Theme::frame, 1, "", 1, ""};
  auto to_pixel = [&](double v) { return y + h - axis_fraction(values, v) * h; };
  auto ticks = visible_ticks(values, to_pixel, y, y + h);
  std::vector<double> positions, extents;
  for (const auto& [p, tick] : ticks) {
    doc.line({x + kColorbarBar, p}, {x + kColorbarBar + (tick->major ? 4 : 2.5), p}, tick_style);
    if (!tick->label.empty()) {
      positions.push_back(p);
      extents.push_back(Theme::tick_label_size + 2);
    }
  }
  std::size_t stride = label_stride(positions, extents, 2), i = 0;
  for (const auto& [p, tick] : ticks) {
    if (tick->label.empty()) continue;
    if (i++ % stride == 0) doc.text({x + kColorbarBar + 4 + kTickGap, p}, tick->label, label_style);
  }
  if (!values.label.empty()) {
    TextStyle axis_style;
    axis_style.size = Theme::axis_label_size;
    axis_style.fill = Theme::ink;
    axis_style.anchor = Anchor::Middle;
    axis_style.valign = VAlign::Middle;
    axis_style.rotate = -90;
    double lx = x + kColorbarBar + 4 + kTickGap + widest_tick_label(values, Theme::tick_label_size) + 8 +
                Theme::axis_label_size / 2;
    doc.text({lx, y + h / 2}, fit_text(values.label, Theme::axis_label_size, h), axis_style);
  }
  doc.end_group();
}

void draw_title(SvgDocument& doc, const std::string& title, double center_x, double y, double max_width,
                double size) {
  if (title.empty()) return;
  double natural = 1.08 * text_width(title, size);  // bold is about 8 % wider
  if (natural > max_width) size = std::max(9.0, size * max_width / natural);
  TextStyle style;
  style.size = size;
  style.bold = true;
  style.anchor = Anchor::Middle;
  style.fill = Theme::ink;
  style.role = "title";
  doc.text({center_x, y}, fit_text(title, size, max_width / 1.08), style);
}

}  // namespace benign::reports
