// Colours: continuous colour maps interpolated from small anchor tables (viridis, magma, greys,
// rdbu) and a categorical palette for series and categories.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace benign::reports {

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
  std::string hex() const;  // "#rrggbb"
};

// Names accepted by colormap_color.
const std::vector<std::string>& colormap_names();
// Colour of the named map at t ∈ [0, 1] (clamped; NaN → 0); throws std::invalid_argument for an
// unknown name. Linear interpolation in sRGB between the map's anchors.
Rgb colormap_color(const std::string& name, double t);
// `count` evenly spaced colours of the map from t = 0 to t = 1, as "#rrggbb".
std::vector<std::string> colormap_samples(const std::string& name, int count);
// Colour i of the categorical palette (matplotlib's tab10, repeating).
std::string palette_color(std::size_t i);
// Black or white, whichever reads better on the given "#rrggbb" background.
std::string contrasting_text_color(const std::string& background_hex);

}  // namespace benign::reports
