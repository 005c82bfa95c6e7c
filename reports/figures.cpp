#include "reports/figures.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <stdexcept>

#include "reports/atomic_file.hpp"
#include "reports/colormap.hpp"
#include "reports/plot.hpp"
#include "reports/svg.hpp"

namespace benign::reports {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// True if v can be placed on an axis of this kind.
bool showable(double v, bool log) { return std::isfinite(v) && (!log || v > 0); }

Scale scale_of(bool log) { return log ? Scale::Log10 : Scale::Linear; }

// Smallest and largest showable value seen.
struct Extent {
  double lo = kInf, hi = -kInf;
  void add(double v) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool empty() const { return lo > hi; }
};

// Axis range around the data, with optional fixed ends; always lo < hi.
Range fitted_range(Scale scale, const Extent& extent, std::optional<double> fixed_lo, std::optional<double> fixed_hi,
                   double pad) {
  Range r = axis_range(scale, extent.lo, extent.hi, true, pad);
  bool log = scale == Scale::Log10;
  if (fixed_lo && showable(*fixed_lo, log)) r.lo = *fixed_lo;
  if (fixed_hi && showable(*fixed_hi, log)) r.hi = *fixed_hi;
  if (!(r.lo < r.hi)) r = axis_range(scale, r.lo, r.lo, false, 0);
  return r;
}

// Vertical offset of the plot area below the figure title.
double top_margin(const std::string& title, double extra = 0) { return (title.empty() ? 14 : 40) + extra; }

// A category list: the declared ones first, then unseen names in first-seen order; colours filled in.
class CategoryIndex {
 public:
  explicit CategoryIndex(const std::vector<CategoryStyle>& declared) {
    for (const CategoryStyle& c : declared) reserved_.push_back(c.color);
    for (const CategoryStyle& c : declared) add(c.name, c.color);
  }
  // Index of the category, adding it if new.
  std::size_t index(const std::string& name) { return add(name, ""); }
  const std::vector<CategoryStyle>& list() const { return list_; }

 private:
  std::size_t add(const std::string& name, const std::string& color) {
    auto it = where_.find(name);
    if (it != where_.end()) return it->second;
    where_[name] = list_.size();
    list_.push_back({name, color.empty() ? unused_palette_color() : color});
    return list_.size() - 1;
  }
  // The first palette colour (from position list_.size()) that no category uses or reserves.
  std::string unused_palette_color() const {
    for (std::size_t k = 0; k < 10; ++k) {
      std::string candidate = palette_color(list_.size() + k);
      bool used = std::find(reserved_.begin(), reserved_.end(), candidate) != reserved_.end() ||
                  std::any_of(list_.begin(), list_.end(), [&](const CategoryStyle& c) { return c.color == candidate; });
      if (!used) return candidate;
    }
    return palette_color(list_.size());
  }
  std::vector<std::string> reserved_;
  std::vector<CategoryStyle> list_;
  std::map<std::string, std::size_t> where_;
};

// Lower and upper cell edges (data units) for each cell centre, in the input order.
std::vector<std::pair<double, double>> cell_edges(const std::vector<double>& centres, bool log, const char* axis) {
  std::size_t n = centres.size();
  std::vector<double> t(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (!showable(centres[i], log))
      throw std::invalid_argument(std::string("heat_map: ") + axis + " centre " + std::to_string(i) + " (" +
                                  format_fixed(centres[i], 6) + ") cannot be placed on a " +
                                  (log ? "log" : "linear") + " axis");
    t[i] = log ? std::log10(centres[i]) : centres[i];
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return t[a] < t[b]; });
  for (std::size_t k = 1; k < n; ++k)
    if (t[order[k]] == t[order[k - 1]])
      throw std::invalid_argument(std::string("heat_map: repeated ") + axis + " centre " +
                                  format_fixed(centres[order[k]], 6));
  std::vector<std::pair<double, double>> edges(n);
  for (std::size_t k = 0; k < n; ++k) {
    double c = t[order[k]];
    double lo, hi;
    if (n == 1) {
      double half = log ? 0.5 : (c == 0 ? 0.5 : std::fabs(c) * 0.05);
      lo = c - half;
      hi = c + half;
    } else {
      lo = k > 0 ? (t[order[k - 1]] + c) / 2 : c - (t[order[1]] - c) / 2;
      hi = k + 1 < n ? (c + t[order[k + 1]]) / 2 : c + (c - t[order[k - 1]]) / 2;
    }
    edges[order[k]] = log ? std::make_pair(std::pow(10.0, lo), std::pow(10.0, hi)) : std::make_pair(lo, hi);
  }
  return edges;
}

// Dash pattern of each series: empty when solid, else the next pattern among the dashed ones.
std::vector<std::string> dash_patterns(const std::vector<Series>& series) {
  std::vector<std::string> out;
  std::size_t dashed = 0;
  for (const Series& s : series) out.push_back(s.dashed ? dash_pattern(dashed++) : "");
  return out;
}

// An overlay line: a contrasting underlay (casing), then the coloured, optionally dashed line.
void draw_overlay(SvgDocument& doc, const PlotFrame& frame, const Series& s, const std::string& color,
                  const std::string& dash) {
  draw_data_line(doc, frame, s.x, s.y, Style{"none", casing_color(color), s.width + 2.5, "", 0.85, "overlay-casing"});
  draw_data_line(doc, frame, s.x, s.y, Style{"none", color, s.width, dash, 1, "overlay"});
}

// Legend entries of the named overlay lines.
void add_overlay_entries(std::vector<LegendEntry>& entries, const std::vector<Series>& overlays,
                         const std::vector<std::string>& colors, const std::vector<std::string>& dashes) {
  for (std::size_t k = 0; k < overlays.size(); ++k)
    if (!overlays[k].name.empty())
      entries.push_back({LegendEntry::Kind::Line, overlays[k].name, colors[k], dashes[k], Marker::Circle,
                         casing_color(colors[k])});
}

// Colour of each overlay line (its own, or the default).
std::vector<std::string> overlay_colors(const std::vector<Series>& overlays, const std::string& default_color) {
  std::vector<std::string> out;
  for (const Series& s : overlays) out.push_back(s.color.empty() ? default_color : s.color);
  return out;
}

// A label of a vertical reference line, placed above the plot frame.
struct TopLabel {
  double x = 0, width = 0;
  std::string text, color;
  int row = 0;
};

// Stack labels above the frame in rows so that no two in a row overlap; returns the rows used.
int stack_labels(std::vector<TopLabel>& labels, double figure_width) {
  std::sort(labels.begin(), labels.end(), [](const TopLabel& a, const TopLabel& b) { return a.x < b.x; });
  const int max_rows = 3;
  std::vector<double> row_end(max_rows, -kInf);
  int rows = 0;
  for (TopLabel& l : labels) {
    l.x = std::clamp(l.x, l.width / 2 + 2, figure_width - l.width / 2 - 2);
    int row = 0;
    while (row + 1 < max_rows && row_end[row] + 6 > l.x - l.width / 2) ++row;
    l.row = row;
    row_end[row] = l.x + l.width / 2;
    rows = std::max(rows, row + 1);
  }
  return rows;
}

// Text labels at data coordinates, drawn over the data with a white halo.
void draw_annotations(SvgDocument& doc, const PlotFrame& frame, const std::vector<Annotation>& labels) {
  TextStyle style;
  style.size = 12;
  style.bold = true;
  style.anchor = Anchor::Middle;
  style.valign = VAlign::Middle;
  style.fill = Theme::ink;
  style.halo = true;
  style.role = "annotation";
  for (const Annotation& a : labels)
    if (frame.contains(a.x, a.y)) doc.text({frame.px(a.x), frame.py(a.y)}, a.text, style);
}

}  // namespace

std::string line_plot(const LinePlot& plot) {
  Extent ex, ey;
  for (const Series& s : plot.series)
    for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i)
      if (showable(s.x[i], plot.log_x) && showable(s.y[i], plot.log_y)) {
        ex.add(s.x[i]);
        ey.add(s.y[i]);
      }
  bool no_data = ex.empty();
  for (const ReferenceLine& r : plot.reference_lines)
    if (showable(r.value, r.vertical ? plot.log_x : plot.log_y)) (r.vertical ? ex : ey).add(r.value);

  AxisSpec ax = make_axis(scale_of(plot.log_x), fitted_range(scale_of(plot.log_x), ex, plot.x_min, plot.x_max, 0),
                          plot.x_label);
  AxisSpec ay = make_axis(scale_of(plot.log_y), fitted_range(scale_of(plot.log_y), ey, plot.y_min, plot.y_max, 0),
                          plot.y_label);

  std::vector<LegendEntry> entries;
  std::vector<std::string> colors;
  std::vector<std::string> dashes = dash_patterns(plot.series);
  for (std::size_t k = 0; k < plot.series.size(); ++k) {
    const Series& s = plot.series[k];
    colors.push_back(s.color.empty() ? palette_color(k) : s.color);
    if (!s.name.empty())
      entries.push_back({s.line ? LegendEntry::Kind::Line : LegendEntry::Kind::Marker, s.name, colors.back(), dashes[k], marker_for(k), ""});
  }
  Size legend = legend_size(entries);
  double left = y_axis_margin(ay);
  double right_pad = entries.empty() ? 24 : legend.width + 28;
  double frame_width = plot.width - left - right_pad;

  // Labels of vertical reference lines go above the frame, stacked where they would overlap.
  const double label_size = 10.5;
  PlotFrame x_only(left, 0, frame_width, 1, ax, ay);
  std::vector<TopLabel> top_labels;
  for (const ReferenceLine& r : plot.reference_lines)
    if (r.vertical && !r.label.empty() && x_only.contains(r.value, ay.range.lo))
      top_labels.push_back({x_only.px(r.value), text_width(r.label, label_size), r.label, r.color, 0});
  int label_rows = stack_labels(top_labels, plot.width);
  double top = top_margin(plot.title, label_rows * 13.0);
  PlotFrame frame(left, top, frame_width, plot.height - top - x_axis_margin(ax), ax, ay);

  SvgDocument doc(plot.width, plot.height);
  frame.draw_grid(doc);
  TextStyle ref_label;
  ref_label.size = label_size;
  ref_label.role = "reference-label";
  for (const ReferenceLine& r : plot.reference_lines) {
    Style style{"none", r.color, 1.2, "5 3", 1, "reference"};
    if (r.vertical && frame.contains(r.value, ay.range.lo)) {
      draw_data_line(doc, frame, {r.value, r.value}, {ay.range.lo, ay.range.hi}, style);
    } else if (!r.vertical && frame.contains(ax.range.lo, r.value)) {
      draw_data_line(doc, frame, {ax.range.lo, ax.range.hi}, {r.value, r.value}, style);
      // Horizontal lines are labelled inside the frame at the left end, over a white halo.
      ref_label.anchor = Anchor::Start;
      ref_label.halo = true;
      ref_label.fill = r.color;
      doc.text({frame.left() + 4, frame.py(r.value) - 4}, r.label, ref_label);
    }
  }
  ref_label.anchor = Anchor::Middle;
  ref_label.halo = false;
  for (const TopLabel& l : top_labels) {
    ref_label.fill = l.color;
    doc.text({l.x, frame.top() - 4 - 13.0 * l.row}, l.text, ref_label);
  }
  doc.begin_group("", "series");
  for (std::size_t k = 0; k < plot.series.size(); ++k) {
    const Series& s = plot.series[k];
    if (s.line) draw_data_line(doc, frame, s.x, s.y, Style{"none", colors[k], s.width, dashes[k], 1, "line"});
    if (s.markers || !s.line)
      for (std::size_t i = 0; i < std::min(s.x.size(), s.y.size()); ++i)
        if (frame.contains(s.x[i], s.y[i]))
          draw_marker(doc, {frame.px(s.x[i]), frame.py(s.y[i])}, marker_for(k), 3, colors[k]);
  }
  doc.end_group();
  frame.draw_axes(doc);
  if (no_data) frame.draw_no_data(doc);
  draw_title(doc, plot.title, plot.width / 2, 26, plot.width - 20);
  draw_legend(doc, entries, frame.right() + 16, frame.top());
  return doc.str();
}

std::string scatter_plot(const ScatterPlot& plot) {
  std::vector<ScatterPanel> panels = plot.panels;
  if (panels.empty()) panels.emplace_back();
  std::size_t n_panels = panels.size();

  // Categories, the number of shown points in each, and the data extents.
  CategoryIndex categories(plot.categories);
  std::vector<std::vector<std::size_t>> point_category(n_panels);
  std::vector<Extent> ex(n_panels), ey(n_panels);
  Extent all_x, all_y;
  for (std::size_t p = 0; p < n_panels; ++p) {
    const ScatterPanel& panel = panels[p];
    std::size_t n = std::min(panel.x.size(), panel.y.size());
    for (std::size_t i = 0; i < n; ++i) {
      point_category[p].push_back(categories.index(i < panel.category.size() ? panel.category[i] : ""));
      if (showable(panel.x[i], plot.log_x) && showable(panel.y[i], plot.log_y)) {
        ex[p].add(panel.x[i]);
        ey[p].add(panel.y[i]);
        all_x.add(panel.x[i]);
        all_y.add(panel.y[i]);
      }
    }
  }
  const std::vector<CategoryStyle>& cats = categories.list();
  std::vector<long> counts(cats.size(), 0);
  for (const auto& pc : point_category)
    for (std::size_t c : pc) ++counts[c];
  // Most frequent categories are drawn first so that rare ones stay visible on top.
  std::vector<std::size_t> draw_order(cats.size());
  std::iota(draw_order.begin(), draw_order.end(), 0);
  std::stable_sort(draw_order.begin(), draw_order.end(), [&](std::size_t a, std::size_t b) { return counts[a] > counts[b]; });

  std::vector<LegendEntry> entries;
  for (std::size_t c = 0; c < cats.size(); ++c)
    if (!cats[c].name.empty()) entries.push_back({LegendEntry::Kind::Marker, cats[c].name, cats[c].color, "", marker_for(c), ""});
  std::vector<std::string> line_colors = overlay_colors(plot.lines, "#555555");
  std::vector<std::string> line_dashes = dash_patterns(plot.lines);
  add_overlay_entries(entries, plot.lines, line_colors, line_dashes);
  Size legend = legend_size(entries);

  bool panel_titles = std::any_of(panels.begin(), panels.end(), [](const ScatterPanel& p) { return !p.title.empty(); });
  double top = top_margin(plot.title, panel_titles ? 20 : 0);
  double width = plot.panel_width * static_cast<double>(n_panels) + (entries.empty() ? 10 : legend.width + 24);
  SvgDocument doc(width, plot.height);

  double panel_right = 0;
  for (std::size_t p = 0; p < n_panels; ++p) {
    const Extent& px = plot.shared_axes ? all_x : ex[p];
    const Extent& py = plot.shared_axes ? all_y : ey[p];
    Scale sx = scale_of(plot.log_x), sy = scale_of(plot.log_y);
    AxisSpec ax = make_axis(sx, fitted_range(sx, px, {}, {}, 0.04), plot.x_label);
    AxisSpec ay = make_axis(sy, fitted_range(sy, py, {}, {}, 0.04), plot.y_label);
    bool y_label = p == 0 || !plot.shared_axes;
    double origin = plot.panel_width * static_cast<double>(p);
    double left = origin + y_axis_margin(ay, y_label);
    PlotFrame frame(left, top, origin + plot.panel_width - 14 - left, plot.height - top - x_axis_margin(ax), ax, ay);
    panel_right = frame.right();

    frame.draw_grid(doc);
    for (std::size_t k = 0; k < plot.lines.size(); ++k) draw_overlay(doc, frame, plot.lines[k], line_colors[k], line_dashes[k]);
    doc.begin_group("", "points");
    const ScatterPanel& panel = panels[p];
    for (std::size_t c : draw_order)
      for (std::size_t i = 0; i < point_category[p].size(); ++i)
        if (point_category[p][i] == c && frame.contains(panel.x[i], panel.y[i]))
          draw_marker(doc, {frame.px(panel.x[i]), frame.py(panel.y[i])}, marker_for(c), plot.marker_radius,
                      cats[c].color, plot.opacity);
    doc.end_group();
    frame.draw_axes(doc, true, true, true, y_label);
    if (px.empty()) frame.draw_no_data(doc);
    if (!panel.title.empty()) {
      TextStyle style;
      style.size = Theme::panel_title_size;
      style.anchor = Anchor::Middle;
      style.fill = Theme::ink;
      style.role = "panel-title";
      doc.text({frame.left() + frame.width() / 2, frame.top() - 8},
               fit_text(panel.title, Theme::panel_title_size, frame.width()), style);
    }
    if (p + 1 == n_panels) draw_legend(doc, entries, panel_right + 16, frame.top());
  }
  draw_title(doc, plot.title, width / 2, 26, width - 20);
  return doc.str();
}

std::string heat_map(const HeatMap& map) {
  std::size_t nx = map.x.size(), ny = map.y.size();
  bool categorical = !map.categories.empty();
  std::size_t cells = categorical ? map.categories.size() : map.values.size();
  if (cells != nx * ny)
    throw std::invalid_argument("heat_map: " + std::string(categorical ? "categories" : "values") + " has " +
                                std::to_string(cells) + " entries, expected x.size() × y.size() = " +
                                std::to_string(nx) + " × " + std::to_string(ny));
  if (!categorical) colormap_color(map.colormap, 0);  // throws for an unknown colormap name
  auto x_edges = cell_edges(map.x, map.log_x, "x");
  auto y_edges = cell_edges(map.y, map.log_y, "y");

  Extent ex, ey;
  for (const auto& [lo, hi] : x_edges) ex.add(lo), ex.add(hi);
  for (const auto& [lo, hi] : y_edges) ey.add(lo), ey.add(hi);
  Scale sx = scale_of(map.log_x), sy = scale_of(map.log_y);
  Range rx = ex.empty() ? axis_range(sx, kInf, -kInf, false) : Range{ex.lo, ex.hi};
  Range ry = ey.empty() ? axis_range(sy, kInf, -kInf, false) : Range{ey.lo, ey.hi};
  AxisSpec ax = make_axis(sx, rx, map.x_label), ay = make_axis(sy, ry, map.y_label);

  // Colours of the cells: continuous (colour bar) or categorical (legend swatches).
  Scale value_scale = scale_of(map.log_values);
  AxisSpec colorbar;
  CategoryIndex categories(map.category_colors);
  std::vector<std::string> cell_color(cells);
  if (categorical) {
    for (std::size_t k = 0; k < cells; ++k)
      if (!map.categories[k].empty()) cell_color[k] = categories.list()[categories.index(map.categories[k])].color;
  } else {
    Extent ev;
    for (double v : map.values)
      if (showable(v, map.log_values)) ev.add(v);
    Range vr = axis_range(value_scale, ev.lo, ev.hi, false);
    if (map.value_min && showable(*map.value_min, map.log_values)) vr.lo = *map.value_min;
    if (map.value_max && showable(*map.value_max, map.log_values)) vr.hi = *map.value_max;
    if (!(vr.lo < vr.hi)) vr = axis_range(value_scale, vr.lo, vr.lo, false);
    colorbar = make_axis(value_scale, vr, map.value_label, 7);
    auto transform = [&](double v) { return map.log_values ? std::log10(v) : v; };
    for (std::size_t k = 0; k < cells; ++k) {
      double v = map.values[k];
      if (!showable(v, map.log_values)) continue;
      double t = (transform(v) - transform(vr.lo)) / (transform(vr.hi) - transform(vr.lo));
      cell_color[k] = colormap_color(map.colormap, t).hex();
    }
  }

  const char* no_data_color = "#f0f0f0";
  std::vector<LegendEntry> entries;
  if (categorical)
    for (const CategoryStyle& c : categories.list())
      entries.push_back({LegendEntry::Kind::Swatch, c.name, c.color, "", Marker::Circle, ""});
  if (std::any_of(cell_color.begin(), cell_color.end(), [](const std::string& c) { return c.empty(); }))
    entries.push_back({LegendEntry::Kind::Swatch, "no data", no_data_color, "", Marker::Circle, ""});
  std::vector<std::string> line_colors = overlay_colors(map.overlays, "#000000");
  std::vector<std::string> line_dashes = dash_patterns(map.overlays);
  add_overlay_entries(entries, map.overlays, line_colors, line_dashes);
  Size legend = legend_size(entries);
  double column = std::max(legend.width, categorical ? 0.0 : colorbar_width(colorbar));

  double top = top_margin(map.title);
  double left = y_axis_margin(ay);
  PlotFrame frame(left, top, map.width - left - column - 28, map.height - top - x_axis_margin(ax), ax, ay);
  SvgDocument doc(map.width, map.height);
  doc.rect(frame.left(), frame.top(), frame.width(), frame.height(), Style{no_data_color, "none", 0, "", 1, "no-data-background"});

  doc.begin_group("", "cells", "shape-rendering=\"crispEdges\"");
  for (std::size_t j = 0; j < ny; ++j)
    for (std::size_t i = 0; i < nx; ++i) {
      const std::string& color = cell_color[j * nx + i];
      if (color.empty()) continue;
      double x0 = frame.px(x_edges[i].first), x1 = frame.px(x_edges[i].second);
      double y0 = frame.py(y_edges[j].second), y1 = frame.py(y_edges[j].first);
      doc.rect(x0, y0, x1 - x0, y1 - y0, Style{color, "none", 0, "", 1, "cell"});
    }
  doc.end_group();
  for (std::size_t k = 0; k < map.overlays.size(); ++k) draw_overlay(doc, frame, map.overlays[k], line_colors[k], line_dashes[k]);
  draw_annotations(doc, frame, map.labels);
  frame.draw_axes(doc);
  if (nx * ny == 0) frame.draw_no_data(doc);
  draw_title(doc, map.title, map.width / 2, 26, map.width - 20);

  double column_x = frame.right() + 16;
  if (categorical) {
    draw_legend(doc, entries, column_x, frame.top());
  } else {
    double bar_height = std::max(80.0, frame.height() - (entries.empty() ? 0 : legend.height + 16));
    draw_colorbar(doc, column_x, frame.top(), bar_height, map.colormap, colorbar);
    draw_legend(doc, entries, column_x, frame.top() + bar_height + 16);
  }
  return doc.str();
}

void write_svg(const std::string& path, const std::string& svg) { write_atomic(path, svg); }

}  // namespace benign::reports
