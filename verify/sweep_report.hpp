// A sweep's documents: sweep.csv (sorted), heat maps of train loss, test loss, test accuracy and
// observed regime with the regime map's boundaries drawn over them (the paper's Figure 5), sweep.md.
#pragma once
#include <string>
#include <vector>

#include "bounds/regime_map.hpp"
#include "core/config.hpp"
#include "reports/figures.hpp"
#include "verify/sweep.hpp"

namespace benign {

struct FigureFile {
  std::string file;     // name inside the output directory
  std::string caption;
};

// Heat maps of the cells into dir (SVG); boundaries of `map` with the constants of `constants`
// are overlaid when one axis is ‖μ‖ and the other a key the boundaries depend on. `tag` prefixes
// the file names. Needs two axes; returns nothing for one axis.
std::vector<FigureFile> sweep_heat_maps(const std::vector<Axis>& axes, const std::vector<SweepCell>& cells,
                                        const RegimeMap& map, const std::vector<std::pair<std::string, Config>>& constants,
                                        const std::string& dir, const std::string& tag);

// Boundary ‖μ‖*(x) = SNR*·σ·√d of each boundary of `map` along the range of `xaxis` (61 log-spaced
// points; the other axis is ‖μ‖), one black curve per boundary and constant set (dashed after the
// first set). mu_on_y: x is the curve's x and ‖μ‖ its y.
std::vector<reports::Series> regime_boundary_curves(const Axis& xaxis, const RegimeMap& map, const Config& base,
                                                    const std::vector<std::pair<std::string, Config>>& constants,
                                                    bool mu_on_y);

// The colours of the observed regimes, shared by every figure.
std::string regime_color(const std::string& regime);

// The files a sweep writes into its --out directory (checked before any work).
std::vector<std::string> sweep_output_files(const std::vector<Axis>& axes);

// sweep.csv, the heat maps and sweep.md into dir. `map_path` empty: the paper's map.
void write_sweep_outputs(const Config& base, const std::vector<Axis>& axes, const std::vector<SweepCell>& cells,
                         const std::string& dir, const std::string& map_path);

}  // namespace benign
