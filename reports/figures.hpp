// Figures from plain data: line plots, scatter plots with categories and panels, heat maps with
// overlays. Each function returns a complete SVG document; the same input gives the same bytes.
// Points that cannot be shown (NaN, inf, ≤ 0 on a log axis) are skipped; lines break there.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace benign::reports {

// A named line through (x[i], y[i]). Empty color: the next palette colour.
struct Series {
  std::string name;            // legend label; empty: not in the legend
  std::vector<double> x, y;
  std::string color;           // "#rrggbb" or any SVG colour; empty: automatic
  bool dashed = false;
  bool markers = false;        // also draw a marker at each point
  bool line = true;            // false: markers only (legend shows the marker)
  double width = 2;            // stroke width in pixels
};

// A vertical (at x = value) or horizontal (at y = value) reference line with a small label.
struct ReferenceLine {
  double value = 0;
  bool vertical = true;
  std::string label;
  std::string color = "#555555";
};

// A text label at data coordinates (drawn only if inside the plot area).
struct Annotation {
  double x = 0, y = 0;
  std::string text;
};

// A category's legend label and colour; the order of a list of these is the legend order.
struct CategoryStyle {
  std::string name;
  std::string color;           // empty: automatic
};

struct LinePlot {
  std::string title, x_label, y_label;
  std::vector<Series> series;
  bool log_x = false, log_y = false;
  std::optional<double> x_min, x_max, y_min, y_max;   // fixed axis ends; otherwise nice ends around the data
  std::vector<ReferenceLine> reference_lines;
  double width = 720, height = 440;
};

// One panel of a scatter plot: points with one category each (e.g. the token type selected).
struct ScatterPanel {
  std::string title;
  std::vector<double> x, y;
  std::vector<std::string> category;   // same length as x; empty vector: all "" (one unnamed category)
};

struct ScatterPlot {
  std::string title, x_label, y_label;
  std::vector<ScatterPanel> panels;        // drawn side by side with one shared legend
  std::vector<CategoryStyle> categories;   // legend order and colours; categories not listed follow in first-seen order
  std::vector<Series> lines;               // drawn in every panel, clipped (e.g. a diagonal); do not set the range
  bool log_x = false, log_y = false;
  bool shared_axes = true;                 // one x and one y range for all panels
  double marker_radius = 3.5;
  double opacity = 0.75;
  double panel_width = 360, height = 400;
};

// A grid of cells: value at (x[i], y[j]) is values[j * x.size() + i]. Cell centres must be
// distinct; they need not be evenly spaced or sorted. Either values (continuous) or categories
// (categorical) is filled.
struct HeatMap {
  std::string title, x_label, y_label;
  std::vector<double> x, y;                  // cell centres
  std::vector<double> values;                // continuous; NaN / inf (or ≤ 0 with log_values): no cell
  std::string value_label;                   // colour bar label
  std::string colormap = "viridis";          // viridis | magma | greys | rdbu
  bool log_values = false;
  std::optional<double> value_min, value_max;
  std::vector<std::string> categories;       // categorical instead; "" : no cell
  std::vector<CategoryStyle> category_colors;  // legend order and colours; unlisted categories follow
  std::vector<Series> overlays;              // e.g. predicted regime boundaries; clipped to the map
  std::vector<Annotation> labels;
  bool log_x = false, log_y = false;
  double width = 720, height = 480;
};

// Lines (e.g. attention over log time by token type; test accuracy over log τ).
std::string line_plot(const LinePlot& plot);
// Categorised points in one or more panels (e.g. the selected token projected on μ₊₁ and μ₋₁).
std::string scatter_plot(const ScatterPlot& plot);
// Heat map with colour bar or categorical legend and overlay lines (e.g. a sweep's regimes).
// Throws std::invalid_argument if the data size does not match x.size() × y.size(), if cell
// centres repeat, or if centres are ≤ 0 on a log axis.
std::string heat_map(const HeatMap& map);
// Write an SVG document to a file atomically (temporary file + rename), creating directories.
void write_svg(const std::string& path, const std::string& svg);

}  // namespace benign::reports
