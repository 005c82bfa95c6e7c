// A minimal PNG reader for the tests: decodes 8-bit RGB/RGBA non-interlaced images (what
// rsvg-convert writes) and measures how much of the image is drawn (not white or transparent).
// zlib is loaded at run time with dlopen, so the test program needs no extra link library.
#pragma once
#include <dlfcn.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace benign::test {

struct PngStats {
  unsigned width = 0, height = 0;
  double ink_fraction = 0;   // share of pixels that are neither white nor transparent
};

namespace png_detail {

// Big-endian 32-bit integer at s[at].
inline unsigned be32(const std::string& s, std::size_t at) {
  unsigned v = 0;
  for (int k = 0; k < 4; ++k) v = (v << 8) | static_cast<unsigned char>(s[at + k]);
  return v;
}

// Paeth predictor of the PNG specification.
inline int paeth(int a, int b, int c) {
  int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

}  // namespace png_detail

// Decode the PNG and measure it; nullopt if zlib cannot be loaded or the format is unsupported.
inline std::optional<PngStats> png_stats(const std::string& png) {
  using namespace png_detail;
  using Uncompress = int (*)(unsigned char*, unsigned long*, const unsigned char*, unsigned long);
  static void* zlib = dlopen("libz.so.1", RTLD_NOW);
  if (!zlib) return std::nullopt;
  auto uncompress = reinterpret_cast<Uncompress>(dlsym(zlib, "uncompress"));
  if (!uncompress || png.size() < 33 || png.compare(1, 3, "PNG") != 0) return std::nullopt;

  PngStats stats;
  stats.width = be32(png, 16);
  stats.height = be32(png, 20);
  int depth = static_cast<unsigned char>(png[24]), color = static_cast<unsigned char>(png[25]);
  int interlace = static_cast<unsigned char>(png[28]);
  if (depth != 8 || (color != 2 && color != 6) || interlace != 0) return std::nullopt;
  std::size_t channels = color == 6 ? 4 : 3;

  std::string idat;
  for (std::size_t at = 8; at + 8 <= png.size();) {
    std::size_t length = be32(png, at);
    std::string type = png.substr(at + 4, 4);
    if (type == "IDAT") idat += png.substr(at + 8, length);
    at += 12 + length;
  }
  std::size_t stride = stats.width * channels;
  std::vector<unsigned char> raw(stats.height * (stride + 1));
  unsigned long raw_size = raw.size();
  if (uncompress(raw.data(), &raw_size, reinterpret_cast<const unsigned char*>(idat.data()), idat.size()) != 0 ||
      raw_size != raw.size())
    return std::nullopt;

  std::vector<unsigned char> previous(stride, 0), row(stride);
  long ink = 0;
  for (unsigned y = 0; y < stats.height; ++y) {
    const unsigned char* in = &raw[y * (stride + 1)];
    int filter = in[0];
    for (std::size_t i = 0; i < stride; ++i) {
      int a = i >= channels ? row[i - channels] : 0, b = previous[i], c = i >= channels ? previous[i - channels] : 0;
      int predictor = filter == 1 ? a : filter == 2 ? b : filter == 3 ? (a + b) / 2 : filter == 4 ? paeth(a, b, c) : 0;
      row[i] = static_cast<unsigned char>(in[1 + i] + predictor);
    }
    for (std::size_t x = 0; x < stats.width; ++x) {
      const unsigned char* p = &row[x * channels];
      bool transparent = channels == 4 && p[3] < 16;
      bool white = p[0] > 245 && p[1] > 245 && p[2] > 245;
      if (!transparent && !white) ++ink;
    }
    previous = row;
  }
  stats.ink_fraction = static_cast<double>(ink) / (static_cast<double>(stats.width) * stats.height);
  return stats;
}

}  // namespace benign::test
