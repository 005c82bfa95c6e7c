// Figures: well-formed and deterministic SVG, NaN/inf/empty/degenerate data, heat-map cells,
// clipping of overlays, and rendering with rsvg-convert when it is installed.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <tuple>

#include "reports/figures.hpp"
#include "reports/svg.hpp"
#include "tests/reports/png_probe.hpp"
#include "tests/reports/xml_check.hpp"

using namespace benign::reports;
using benign::test::check_xml;
namespace fs = std::filesystem;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

// Start tags of the elements `<tag ... class="role" ...>`.
std::vector<std::string> elements(const std::string& svg, const std::string& tag, const std::string& role) {
  std::vector<std::string> out;
  for (std::size_t at = svg.find("<" + tag + " "); at != std::string::npos; at = svg.find("<" + tag + " ", at + 1)) {
    std::string element = svg.substr(at, svg.find('>', at) - at + 1);
    if (element.find(" class=\"" + role + "\"") != std::string::npos) out.push_back(element);
  }
  return out;
}

// Value of an attribute in a start tag.
std::string attribute(const std::string& element, const std::string& name) {
  std::size_t at = element.find(" " + name + "=\"");
  if (at == std::string::npos) return {};
  at += name.size() + 3;
  return element.substr(at, element.find('"', at) - at);
}

// The well-formedness check with the checker's message on failure.
void require_well_formed(const std::string& svg) {
  auto result = check_xml(svg);
  INFO(result.error);
  REQUIRE(result.ok);
  CHECK(svg.find("NaN") == std::string::npos);
  CHECK(svg.find("\"inf") == std::string::npos);
  CHECK(svg.find("\"-inf") == std::string::npos);
}

// Attention over log time for a clean and a noisy sample (the paper's Figure 3), synthetic.
LinePlot attention_plot() {
  LinePlot plot;
  plot.title = "Attention by token type over time";
  plot.x_label = "step τ";
  plot.y_label = "attention";
  plot.log_x = true;
  plot.y_min = 0;
  plot.y_max = 1;
  std::vector<double> tau;
  for (int k = 0; k <= 120; ++k) tau.push_back(std::pow(10.0, k / 10.0));
  auto curve = [&](double centre, double height) {
    std::vector<double> y;
    for (double t : tau) y.push_back(height / (1 + std::exp(-(std::log10(t) - centre) * 2)));
    return y;
  };
  plot.series = {{"clean: relevant", tau, curve(3, 0.98)},
                 {"noisy: weakly relevant (−y*)", tau, curve(7, 0.95)},
                 {"noisy: irrelevant", tau, curve(1, 0.3), "", true}};
  plot.reference_lines = {{434, true, "τ_fit"}, {5e6, true, "τ_gen"}};
  return plot;
}

// A 39 × 39 sweep over d and ‖μ‖ with a few missing cells and a predicted boundary.
HeatMap sweep_map() {
  HeatMap map;
  map.title = "Test accuracy";
  map.x_label = "d";
  map.y_label = "‖μ‖";
  map.value_label = "test accuracy";
  for (int i = 0; i < 39; ++i) map.x.push_back(250 + 125 * i);
  for (int j = 0; j < 39; ++j) map.y.push_back(5 + 2.5 * j);
  for (double mu : map.y)
    for (double d : map.x) map.values.push_back(1 / (1 + std::exp(-(mu - std::pow(d, 0.25) * 4) / 3)));
  map.values[5] = kNaN;
  map.values[77] = kInf;
  Series boundary{"harmful boundary", {}, {}, "", true};
  for (double d = 0; d <= 6000; d += 100) {  // extends beyond the map on both sides: must be clipped
    boundary.x.push_back(d);
    boundary.y.push_back(4 * std::pow(d, 0.25));
  }
  map.overlays = {boundary, {"not overfitting", {0, 6000}, {60, 60}, "#ffffff", true}};
  map.labels = {{1000, 90, "not overfitting"}, {4000, 10, "harmful"}};
  return map;
}

// Contents of a file.
std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A scratch directory unique to this test process.
fs::path scratch_dir() {
  fs::path dir = fs::temp_directory_path() / ("benign_test_reports_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("line plot: well formed, deterministic, log-time axis", "[reports][figures]") {
  std::string a = line_plot(attention_plot());
  std::string b = line_plot(attention_plot());
  require_well_formed(a);
  CHECK(a == b);
  CHECK(a.find(">10¹²<") != std::string::npos);
  CHECK(a.find(">τ_fit<") != std::string::npos);
  CHECK(elements(a, "polyline", "line").size() == 3);
  CHECK(a.find("stroke-dasharray") != std::string::npos);  // the dashed series
  LinePlot other = attention_plot();
  other.series[0].y[50] += 1e-3;
  CHECK(line_plot(other) != a);
}

TEST_CASE("negative control: a corrupted figure is rejected", "[reports][figures]") {
  std::string svg = line_plot(attention_plot());
  std::string unbalanced = svg;
  unbalanced.erase(unbalanced.find("</g>"), 4);
  CHECK_FALSE(check_xml(unbalanced).ok);
  std::string raw_ampersand = svg;
  raw_ampersand.replace(raw_ampersand.find(">step τ<"), 5, ">a&b ");  // an unescaped '&' in the axis label
  CHECK_FALSE(check_xml(raw_ampersand).ok);
}

TEST_CASE("line plot: NaN, inf and non-positive values on log axes break the line", "[reports][figures]") {
  LinePlot plot;
  plot.series = {{"gappy", {1, 2, 3, 4, 5, 6}, {1, 2, kNaN, 4, 5, kInf}}};
  std::string svg = line_plot(plot);
  require_well_formed(svg);
  CHECK(elements(svg, "polyline", "line").size() == 2);

  plot.log_y = true;
  plot.series = {{"log", {1, 2, 3, 4, 5}, {1, 10, 0, 100, -5}}};
  svg = line_plot(plot);
  require_well_formed(svg);
  CHECK(elements(svg, "polyline", "line").size() == 1);  // only 1→2 remains connected

  plot.series[0].markers = true;
  svg = line_plot(plot);
  CHECK(elements(svg, "circle", "marker").size() == 3);
}

TEST_CASE("line plot: empty and degenerate data", "[reports][figures]") {
  LinePlot empty;
  empty.title = "nothing";
  std::string svg = line_plot(empty);
  require_well_formed(svg);
  CHECK(svg.find(">no data<") != std::string::npos);

  LinePlot all_nan;
  all_nan.log_x = true;
  all_nan.series = {{"nan", {kNaN, kNaN}, {kNaN, 1}}, {"empty", {}, {}}};
  svg = line_plot(all_nan);
  require_well_formed(svg);
  CHECK(svg.find(">no data<") != std::string::npos);

  LinePlot flat;
  flat.series = {{"constant", {0, 1, 2}, {0.5, 0.5, 0.5}}, {"one point", {3}, {0.5}}};
  svg = line_plot(flat);
  require_well_formed(svg);
  CHECK(elements(svg, "polyline", "line").size() == 1);
  CHECK(svg.find(">no data<") == std::string::npos);

  LinePlot mismatched;  // x and y of different lengths: the common prefix is drawn
  mismatched.series = {{"short y", {1, 2, 3, 4}, {1, 2}}};
  require_well_formed(line_plot(mismatched));
}

TEST_CASE("text in figures is escaped", "[reports][figures]") {
  LinePlot plot = attention_plot();
  plot.title = "a < b & c > \"d\"";
  plot.series[0].name = "<script>alert('x')</script>";
  plot.x_label = "x & y";
  std::string svg = line_plot(plot);
  require_well_formed(svg);
  CHECK(svg.find("<script>") == std::string::npos);
  CHECK(svg.find("&lt;script&gt;") != std::string::npos);
}

TEST_CASE("scatter plot: panels, categories, legend", "[reports][figures]") {
  ScatterPlot plot;
  plot.title = "Selected token projected on μ₊₁ and μ₋₁";
  plot.x_label = "⟨x, μ₊₁⟩ / ‖μ‖";
  plot.y_label = "⟨x, μ₋₁⟩ / ‖μ‖";
  plot.categories = {{"relevant", ""}, {"weak, same class", ""}, {"weak, opposite class", ""}, {"irrelevant", ""}};
  ScatterPanel train{"train", {}, {}, {}}, test{"test", {}, {}, {}};
  const char* types[] = {"relevant", "weak, same class", "weak, opposite class", "irrelevant"};
  for (int i = 0; i < 40; ++i) {
    train.x.push_back(std::cos(i) * (i % 3));
    train.y.push_back(std::sin(i) * (i % 5));
    train.category.push_back(types[i % 4]);
    test.x.push_back(std::cos(2 * i) * (i % 4));
    test.y.push_back(std::sin(3 * i) * (i % 2));
    test.category.push_back(i == 7 ? "unlisted" : types[(i * 7) % 4]);
  }
  train.x[3] = kNaN;  // skipped
  plot.panels = {train, test};
  plot.lines = {{"x = y", {-10, 10}, {-10, 10}, "", true}};
  std::string svg = scatter_plot(plot);
  require_well_formed(svg);
  CHECK(svg == scatter_plot(plot));
  CHECK(elements(svg, "text", "panel-title").size() == 2);
  // Markers of all shapes carry class="marker"; the NaN point is skipped.
  std::size_t markers = 0;
  for (const char* tag : {"circle", "rect", "polygon", "path"}) markers += elements(svg, tag, "marker").size();
  CHECK(markers == 79);
  CHECK(svg.find(">unlisted<") != std::string::npos);  // an undeclared category joins the legend
  CHECK(elements(svg, "polyline", "overlay").size() == 2);

  ScatterPlot empty;
  require_well_formed(scatter_plot(empty));
}

TEST_CASE("heat map: one cell per finite value, overlays clipped", "[reports][figures]") {
  HeatMap map = sweep_map();
  std::string svg = heat_map(map);
  require_well_formed(svg);
  CHECK(svg == heat_map(sweep_map()));
  long finite = std::count_if(map.values.begin(), map.values.end(), [](double v) { return std::isfinite(v); });
  CHECK(static_cast<long>(elements(svg, "rect", "cell").size()) == finite);
  CHECK(finite == 39 * 39 - 2);
  CHECK(svg.find("class=\"colorbar\"") != std::string::npos);
  CHECK(elements(svg, "text", "annotation").size() == 2);

  // Every overlay vertex lies inside the plot frame.
  auto frames = elements(svg, "rect", "frame");
  REQUIRE(frames.size() == 1);
  double x0 = std::stod(attribute(frames[0], "x")), y0 = std::stod(attribute(frames[0], "y"));
  double x1 = x0 + std::stod(attribute(frames[0], "width")), y1 = y0 + std::stod(attribute(frames[0], "height"));
  auto overlays = elements(svg, "polyline", "overlay");
  REQUIRE(overlays.size() >= 2);
  for (const std::string& line : overlays) {
    std::istringstream points(attribute(line, "points"));
    std::string pair;
    while (points >> pair) {
      double x = std::stod(pair.substr(0, pair.find(','))), y = std::stod(pair.substr(pair.find(',') + 1));
      CHECK(x >= x0 - 0.01);
      CHECK(x <= x1 + 0.01);
      CHECK(y >= y0 - 0.01);
      CHECK(y <= y1 + 0.01);
    }
  }
}

TEST_CASE("heat map: categorical values, unsorted centres, log axes", "[reports][figures]") {
  HeatMap map;
  map.title = "Observed regime";
  map.x = {4000, 1000, 2000};  // unsorted is fine
  map.y = {10, 100};
  map.log_x = map.log_y = true;
  map.categories = {"benign", "harmful", "", "not_overfitting", "benign", "undecided"};
  map.category_colors = {{"harmful", "#d62728"}, {"benign", "#2ca02c"}, {"not_overfitting", "#1f77b4"}};
  std::string svg = heat_map(map);
  require_well_formed(svg);
  auto cells = elements(svg, "rect", "cell");
  CHECK(cells.size() == 5);
  CHECK(svg.find(">undecided<") != std::string::npos);
  CHECK(svg.find("class=\"colorbar\"") == std::string::npos);
  // Only the "harmful" cell is red: the automatic colour of "undecided" avoids declared colours.
  CHECK(std::count_if(cells.begin(), cells.end(), [](const std::string& c) { return c.find("#d62728") != std::string::npos; }) == 1);
}

TEST_CASE("heat map: degenerate and invalid input", "[reports][figures]") {
  HeatMap flat;
  flat.x = {1, 2, 3};
  flat.y = {7};  // a single row
  flat.values = {0.5, 0.5, 0.5};
  std::string svg = heat_map(flat);
  require_well_formed(svg);
  CHECK(elements(svg, "rect", "cell").size() == 3);

  HeatMap empty;
  svg = heat_map(empty);
  require_well_formed(svg);
  CHECK(svg.find(">no data<") != std::string::npos);

  HeatMap all_nan = flat;
  all_nan.values = {kNaN, kNaN, kNaN};
  svg = heat_map(all_nan);
  require_well_formed(svg);
  CHECK(elements(svg, "rect", "cell").empty());

  HeatMap wrong_size = flat;
  wrong_size.values.pop_back();
  CHECK_THROWS_AS(heat_map(wrong_size), std::invalid_argument);
  HeatMap repeated = flat;
  repeated.x = {1, 2, 1};
  CHECK_THROWS_AS(heat_map(repeated), std::invalid_argument);
  HeatMap log_zero = flat;
  log_zero.log_x = true;
  log_zero.x = {0, 1, 2};
  CHECK_THROWS_AS(heat_map(log_zero), std::invalid_argument);
  HeatMap bad_map = flat;
  bad_map.colormap = "rainbow";
  CHECK_THROWS_AS(heat_map(bad_map), std::invalid_argument);
}

TEST_CASE("write_svg replaces the file atomically", "[reports][figures]") {
  fs::path dir = scratch_dir() / "figures" / "nested";
  std::string svg = heat_map(sweep_map());
  write_svg((dir / "map.svg").string(), svg);
  write_svg((dir / "map.svg").string(), svg);  // overwrite
  CHECK(slurp(dir / "map.svg") == svg);
  long files = std::distance(fs::directory_iterator(dir), fs::directory_iterator());
  CHECK(files == 1);
  fs::remove_all(scratch_dir());
}

TEST_CASE("figures render with rsvg-convert", "[reports][figures][render]") {
  if (std::system("command -v rsvg-convert > /dev/null 2>&1") != 0) {
    WARN("rsvg-convert not installed (Debian package librsvg2-bin): rendering not checked");
    return;
  }
  fs::path dir = scratch_dir();
  // Renders svg to PNG; returns the PNG bytes (empty on failure).
  auto render = [&](const std::string& name, const std::string& svg) {
    fs::path in = dir / (name + ".svg"), out = dir / (name + ".png");
    std::ofstream(in, std::ios::binary) << svg;
    std::string command = "rsvg-convert -o '" + out.string() + "' '" + in.string() + "' 2> '" + (dir / "err").string() + "'";
    int status = std::system(command.c_str());
    INFO("rsvg-convert: " << slurp(dir / "err"));
    CHECK(status == 0);
    return status == 0 ? slurp(out) : std::string();
  };
  // Negative controls: malformed SVG fails to render; an empty canvas renders but has no ink.
  {
    std::string broken = line_plot(attention_plot());
    broken.erase(broken.find("</g>"), 4);
    std::ofstream(dir / "broken.svg") << broken;
    std::string command = "rsvg-convert -o '" + (dir / "broken.png").string() + "' '" + (dir / "broken.svg").string() +
                          "' 2> /dev/null";
    CHECK(std::system(command.c_str()) != 0);
  }

  auto blank = benign::test::png_stats(render("blank", SvgDocument(720, 480).str()));
  if (!blank) {
    WARN("libz.so.1 not loadable: PNG pixels not inspected");
  } else {
    CHECK(blank->width == 720);
    CHECK(blank->height == 480);
    CHECK(blank->ink_fraction == 0);
  }

  HeatMap categorical;
  categorical.x = {1, 2};
  categorical.y = {1, 2};
  categorical.categories = {"a", "b", "b", "a"};
  ScatterPlot scatter;
  scatter.panels = {{"train", {0, 1, 2}, {1, 0, 2}, {"a", "b", "a"}}};
  // Figures and the minimum share of their pixels that must be drawn.
  std::vector<std::tuple<std::string, std::string, double>> figures = {
      {"line", line_plot(attention_plot()), 0.02},
      {"heat", heat_map(sweep_map()), 0.3},
      {"categorical", heat_map(categorical), 0.3},
      {"scatter", scatter_plot(scatter), 0.005},
      {"arranged", arrange_svgs({line_plot(attention_plot()), heat_map(sweep_map())}, 2), 0.1},
  };
  for (const auto& [name, svg, min_ink] : figures) {
    INFO(name);
    std::string png = render(name, svg);
    REQUIRE(!png.empty());
    auto stats = benign::test::png_stats(png);
    if (!stats) continue;
    CHECK(stats->width > 100);
    CHECK(stats->height > 100);
    CHECK(stats->ink_fraction >= min_ink);
    CHECK(stats->ink_fraction < 0.95);
  }
  fs::remove_all(dir);
}
