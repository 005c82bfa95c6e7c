#include "reports/colormap.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>

namespace benign::reports {

namespace {

// Anchor colours of each map, evenly spaced from t = 0 to t = 1.
const std::map<std::string, std::vector<Rgb>>& anchor_tables() {
  static const std::map<std::string, std::vector<Rgb>> tables = {
      // viridis(9) and magma(9) as published by matplotlib / viridisLite.
      {"viridis",
       {{0x44, 0x01, 0x54}, {0x47, 0x2D, 0x7B}, {0x3B, 0x52, 0x8B}, {0x2C, 0x72, 0x8E}, {0x21, 0x90, 0x8C},
        {0x27, 0xAD, 0x81}, {0x5D, 0xC8, 0x63}, {0xAA, 0xDC, 0x32}, {0xFD, 0xE7, 0x25}}},
      {"magma",
       {{0x00, 0x00, 0x04}, {0x1D, 0x11, 0x47}, {0x51, 0x12, 0x7C}, {0x82, 0x26, 0x81}, {0xB6, 0x36, 0x79},
        {0xE6, 0x51, 0x64}, {0xFB, 0x88, 0x61}, {0xFE, 0xC2, 0x87}, {0xFC, 0xFD, 0xBF}}},
      // Light to dark grey.
      {"greys", {{0xF7, 0xF7, 0xF7}, {0x96, 0x96, 0x96}, {0x25, 0x25, 0x25}}},
      // ColorBrewer RdBu(9): red (low) through white to blue (high); for signed quantities.
      {"rdbu",
       {{0xB2, 0x18, 0x2B}, {0xD6, 0x60, 0x4D}, {0xF4, 0xA5, 0x82}, {0xFD, 0xDB, 0xC7}, {0xF7, 0xF7, 0xF7},
        {0xD1, 0xE5, 0xF0}, {0x92, 0xC5, 0xDE}, {0x43, 0x93, 0xC3}, {0x21, 0x66, 0xAC}}},
  };
  return tables;
}

// Channel value interpolated between a and b, rounded to the nearest integer.
std::uint8_t mix(std::uint8_t a, std::uint8_t b, double f) {
  return static_cast<std::uint8_t>(std::lround(a + (static_cast<double>(b) - a) * f));
}

}  // namespace

std::string Rgb::hex() const {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", r, g, b);
  return buf;
}

const std::vector<std::string>& colormap_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& [name, anchors] : anchor_tables()) out.push_back(name);
    return out;
  }();
  return names;
}

Rgb colormap_color(const std::string& name, double t) {
  auto it = anchor_tables().find(name);
  if (it == anchor_tables().end()) {
    std::string known;
    for (const std::string& n : colormap_names()) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown colormap '" + name + "' (known: " + known + ")");
  }
  const std::vector<Rgb>& anchors = it->second;
  if (std::isnan(t)) t = 0;
  t = std::clamp(t, 0.0, 1.0);
  double position = t * static_cast<double>(anchors.size() - 1);
  std::size_t i = std::min(static_cast<std::size_t>(position), anchors.size() - 2);
  double f = position - static_cast<double>(i);
  const Rgb& a = anchors[i];
  const Rgb& b = anchors[i + 1];
  return {mix(a.r, b.r, f), mix(a.g, b.g, f), mix(a.b, b.b, f)};
}

std::vector<std::string> colormap_samples(const std::string& name, int count) {
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i)
    out.push_back(colormap_color(name, count == 1 ? 0.0 : static_cast<double>(i) / (count - 1)).hex());
  return out;
}

std::string palette_color(std::size_t i) {
  static const char* tab10[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
  return tab10[i % 10];
}

std::string contrasting_text_color(const std::string& background_hex) {
  unsigned r = 0, g = 0, b = 0;
  if (background_hex.size() != 7 || std::sscanf(background_hex.c_str(), "#%2x%2x%2x", &r, &g, &b) != 3)
    return "#000000";
  double luminance = 0.299 * r + 0.587 * g + 0.114 * b;
  return luminance > 140 ? "#000000" : "#ffffff";
}

}  // namespace benign::reports
