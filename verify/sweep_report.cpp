#include "verify/sweep_report.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "bounds/predict.hpp"
#include "reports/atomic_file.hpp"
#include "reports/figures.hpp"
#include "verify/agreement.hpp"
#include "verify/observed_regime.hpp"

namespace benign {

std::string regime_color(const std::string& r) {
  if (r == kHarmful) return "#d62728";
  if (r == kBenign) return "#2ca02c";
  if (r == kNotOverfitting) return "#1f77b4";
  if (r == kDelayed) return "#9467bd";
  if (r == kFailed) return "#000000";
  return "#bbbbbb";
}

namespace {

std::vector<double> axis_numbers(const Axis& a) {
  std::vector<double> v;
  for (const auto& s : a.values) v.push_back(std::stod(s));
  return v;
}

}  // namespace

std::vector<reports::Series> regime_boundary_curves(const Axis& xaxis, const RegimeMap& map, const Config& base,
                                                    const std::vector<std::pair<std::string, Config>>& constants,
                                                    bool mu_on_y) {
  std::vector<reports::Series> out;
  const auto xs = axis_numbers(xaxis);
  if (xs.empty()) return out;
  const double lo = *std::min_element(xs.begin(), xs.end()), hi = *std::max_element(xs.begin(), xs.end());
  const bool integer_key = xaxis.key == "n" || xaxis.key == "d" || xaxis.key == "T";
  int style = 0;
  for (const auto& [label, k] : constants) {
    for (std::size_t j = 0; j < map.boundaries.size(); ++j) {
      reports::Series s;
      s.name = map.boundaries[j].id + " (" + label + ")";
      s.color = "#000000";
      s.dashed = style > 0;
      s.width = 2;
      for (int i = 0; i <= 60; ++i) {
        double x = lo * std::pow(hi / lo, double(i) / 60.0);
        if (integer_key) x = std::round(x);
        Config c = base;
        c.c_h = k.c_h; c.c_n = k.c_n; c.log_factor = k.log_factor; c.delta = k.delta;
        try {
          std::ostringstream os;
          os.precision(17);
          os << x;
          set_key(c, xaxis.key, os.str());
          const auto pos = locate_boundaries<double>(c, map);
          const double mu = pos[j].threshold * c.sigma.value * std::sqrt(double(c.d));
          (mu_on_y ? s.x : s.y).push_back(x);
          (mu_on_y ? s.y : s.x).push_back(mu);
        } catch (...) {
        }
      }
      out.push_back(s);
    }
    ++style;
  }
  return out;
}

std::vector<FigureFile> sweep_heat_maps(const std::vector<Axis>& axes, const std::vector<SweepCell>& cells,
                                        const RegimeMap& map, const std::vector<std::pair<std::string, Config>>& constants,
                                        const std::string& dir, const std::string& tag) {
  std::vector<FigureFile> files;
  if (axes.size() != 2 || cells.empty()) return files;
  const auto xs = axis_numbers(axes[0]), ys = axis_numbers(axes[1]);
  const std::size_t nx = xs.size(), ny = ys.size();
  // Cell index is row-major with the last axis fastest: index = i·ny + j ↔ heat map value[j·nx + i].
  auto grid_of = [&](auto getter) {
    std::vector<double> v(nx * ny, std::nan(""));
    for (const auto& c : cells) {
      const std::size_t i = std::size_t(c.index) / ny, j = std::size_t(c.index) % ny;
      v[j * nx + i] = getter(c);
    }
    return v;
  };
  const bool log_x = xs.front() > 0 && xs.back() / xs.front() >= 8;
  const bool log_y = ys.front() > 0 && ys.back() / ys.front() >= 8;
  std::vector<reports::Series> overlays;
  const Config& base = cells.front().config;
  if (axes[1].key == "mu") overlays = regime_boundary_curves(axes[0], map, base, constants, true);
  else if (axes[0].key == "mu") overlays = regime_boundary_curves(axes[1], map, base, constants, false);
  auto label = [](const std::string& key) {
    if (key == "mu") return std::string("||mu||");
    return key;
  };
  auto make = [&](const std::string& name, const std::string& title, const std::string& value_label,
                  std::vector<double> values, bool log_values, const std::string& cmap) {
    reports::HeatMap h;
    h.title = title;
    h.x_label = label(axes[0].key); h.y_label = label(axes[1].key);
    h.x = xs; h.y = ys;
    h.values = std::move(values);
    h.value_label = value_label;
    h.log_values = log_values;
    h.colormap = cmap;
    h.log_x = log_x; h.log_y = log_y;
    h.overlays = overlays;
    const std::string file = tag + name + ".svg";
    reports::write_svg(dir + "/" + file, reports::heat_map(h));
    files.push_back({file, title});
  };
  make("train_loss", "Train loss at the horizon", "train loss", grid_of([](const SweepCell& c) { return c.final.train_loss; }), false, "viridis");
  make("test_loss", "Test loss at the horizon", "test loss", grid_of([](const SweepCell& c) { return c.final.test_loss; }), false, "viridis");
  make("test_acc", "Test accuracy at the horizon", "test accuracy", grid_of([](const SweepCell& c) { return c.final.test_acc; }), false, "viridis");
  {
    reports::HeatMap h;
    h.title = "Observed regime (boundaries: " + map.name + ")";
    h.x_label = label(axes[0].key); h.y_label = label(axes[1].key);
    h.x = xs; h.y = ys;
    h.categories.assign(nx * ny, "");
    for (const auto& c : cells) {
      const std::size_t i = std::size_t(c.index) / ny, j = std::size_t(c.index) % ny;
      h.categories[j * nx + i] = c.observed.regime;
    }
    for (const char* r : {kHarmful, kBenign, kDelayed, kNotOverfitting, kUndecided, kFailed}) h.category_colors.push_back({r, regime_color(r)});
    h.log_x = log_x; h.log_y = log_y;
    h.overlays = overlays;
    const std::string file = tag + "regime.svg";
    reports::write_svg(dir + "/" + file, reports::heat_map(h));
    files.push_back({file, h.title});
  }
  return files;
}

std::vector<std::string> sweep_output_files(const std::vector<Axis>& axes) {
  std::vector<std::string> f{"cells.csv", "sweep.csv", "sweep.md"};
  if (axes.size() == 2)
    for (const char* n : {"train_loss", "test_loss", "test_acc", "regime"}) f.push_back(std::string("sweep_") + n + ".svg");
  return f;
}

void write_sweep_outputs(const Config& base, const std::vector<Axis>& axes, const std::vector<SweepCell>& cells,
                         const std::string& dir, const std::string& map_path) {
  const RegimeMap map = map_path.empty() ? paper_regime_map() : load_regime_map(map_path);
  std::ostringstream csv;
  csv << sweep_csv_header(axes) << ",predicted,agreement\n";
  std::map<std::string, long> tally;
  for (const auto& c : cells) {
    const std::string pred = predicted_regime(c.config, map);
    const std::string agr = agreement(map, pred, c.observed.regime);
    ++tally[agr];
    csv << sweep_csv_row(c) << ',' << pred << ',' << agr << "\n";
  }
  reports::write_atomic(dir + "/sweep.csv", csv.str());
  const auto figs = sweep_heat_maps(axes, cells, map, {{"constants of the config", base}}, dir, "sweep_");
  std::ostringstream md;
  md << "# Sweep\n\n";
  md << "Axes: ";
  for (std::size_t a = 0; a < axes.size(); ++a) md << (a ? " x " : "") << "`" << axes[a].key << "` (" << axes[a].values.size() << " values)";
  md << ". Cells finished: " << cells.size() << ". Regime map: `" << map.name << "` (" << map.origin << "), constants c_h = "
     << base.c_h.text << ", c_n = " << base.c_n.text << ".\n\n";
  md << "Agreement of the map's prediction with the observed regime:";
  for (const auto& [k, v] : tally) md << " " << k << " " << v << ";";
  md << "\n\nBase configuration: `" << config_to_json(base) << "`\n\n";
  for (const auto& f : figs) md << "![" << f.caption << "](" << f.file << ")\n\n";
  reports::write_atomic(dir + "/sweep.md", md.str());
}

}  // namespace benign
