// The SVG layer: number formatting, escaping, the document builder, ticks and ranges, colour maps,
// segment clipping, and the well-formedness checker itself (with negative controls).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "reports/colormap.hpp"
#include "reports/plot.hpp"
#include "reports/svg.hpp"
#include "reports/ticks.hpp"
#include "tests/reports/xml_check.hpp"

using namespace benign::reports;
using benign::test::check_xml;

namespace {

// Labels of the labelled (major) ticks.
std::vector<std::string> major_labels(const std::vector<Tick>& ticks) {
  std::vector<std::string> out;
  for (const Tick& t : ticks)
    if (t.major) out.push_back(t.label);
  return out;
}

// Number of non-overlapping occurrences of `needle` in `hay`.
std::size_t count(const std::string& hay, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = hay.find(needle); at != std::string::npos; at = hay.find(needle, at + needle.size())) ++n;
  return n;
}

}  // namespace

TEST_CASE("well-formedness checker accepts good XML and rejects malformed XML", "[reports][xml]") {
  CHECK(check_xml("<?xml version=\"1.0\"?>\n<svg a=\"1\" b='x &amp; y'><g><rect/></g><!-- ok --></svg>\n").ok);
  CHECK(check_xml("<t>&#38; &#x26; &lt;</t>").ok);
  // Negative controls: each must be rejected.
  const char* bad[] = {
      "<svg><g></svg>",                 // unbalanced
      "<svg><g></h></svg>",             // mismatched end tag
      "<svg>a & b</svg>",               // raw ampersand
      "<svg a=\"<\"/>",                 // '<' in attribute
      "<svg a=\"1\" a=\"2\"/>",         // duplicate attribute
      "<svg a=1/>",                     // unquoted attribute
      "<svg a=\"1/>",                   // unterminated attribute
      "<svg/><svg/>",                   // two roots
      "text<svg/>",                     // text outside the root
      "<svg>",                          // unclosed
      "",                               // no root
      "<svg><!-- a -- b --></svg>",     // '--' in comment
      "<svg>\xff</svg>",                // invalid UTF-8
      "<svg a=\"&bogus;\"/>",           // unknown entity
  };
  for (const char* doc : bad) {
    INFO(doc);
    CHECK_FALSE(check_xml(doc).ok);
  }
}

TEST_CASE("numbers are formatted deterministically with fixed decimals", "[reports][svg]") {
  CHECK(format_fixed(1.0) == "1");
  CHECK(format_fixed(1.005, 2) == "1");       // 1.005 is 1.00499999... in binary
  CHECK(format_fixed(2.5, 2) == "2.5");
  CHECK(format_fixed(-0.001, 2) == "0");      // no "-0"
  CHECK(format_fixed(123456.789, 1) == "123456.8");
  CHECK(format_fixed(1e-7, 2) == "0");
  CHECK(format_fixed(0.125, 2) == "0.12");    // round-half-even of the exact binary value
  CHECK(format_fixed(std::nan(""), 2) == "NaN");
}

TEST_CASE("XML escaping covers the five special characters", "[reports][svg]") {
  CHECK(xml_escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&apos;");
  CHECK(xml_escape("μ₊₁ ‖μ‖") == "μ₊₁ ‖μ‖");  // UTF-8 passes through
  SvgDocument doc(100, 50);
  doc.text({10, 10}, "<tag> & \"quotes\" 'apos'", TextStyle{});
  Style style;
  style.role = "a\"b<c";
  doc.rect(0, 0, 10, 10, style);
  std::string svg = doc.str();
  auto result = check_xml(svg);
  INFO(result.error);
  CHECK(result.ok);
  CHECK(svg.find("&lt;tag&gt; &amp; &quot;quotes&quot; &apos;apos&apos;") != std::string::npos);
}

TEST_CASE("document builder skips non-finite shapes and balances groups", "[reports][svg]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  SvgDocument doc(200, 100);
  doc.begin_group(doc.clip_rect(0, 0, 100, 100), "g");
  doc.circle({nan, 1}, 2, Style{});
  doc.rect(inf, 0, 1, 1, Style{});
  doc.line({0, 0}, {1, nan}, Style{});
  doc.polyline({{0, 0}, {1, inf}}, Style{});
  doc.circle({5, 5}, 2, Style{});
  doc.end_group();
  std::string svg = doc.str();
  CHECK(count(svg, "<circle") == 1);
  CHECK(count(svg, "<line") == 0);
  CHECK(count(svg, "<polyline") == 0);
  CHECK(svg.find("NaN") == std::string::npos);
  CHECK(svg.find("inf") == std::string::npos);
  CHECK(check_xml(svg).ok);
  CHECK_THROWS_AS(doc.end_group(), std::logic_error);
  SvgDocument open_group(10, 10);
  open_group.begin_group();
  CHECK_THROWS_AS(open_group.str(), std::logic_error);
}

TEST_CASE("arranged documents stay well formed with unique ids", "[reports][svg]") {
  auto make = [](const std::string& label) {
    SvgDocument doc(120, 80);
    doc.begin_group(doc.clip_rect(0, 0, 120, 80));
    doc.text({5, 20}, label, TextStyle{});
    doc.end_group();
    return doc.str();
  };
  std::string svg = arrange_svgs({make("a"), make("b"), make("c")}, 2);
  CHECK(check_xml(svg).ok);
  CHECK(svg.find("width=\"240\" height=\"160\"") != std::string::npos);
  std::set<std::string> ids;
  for (std::size_t at = svg.find(" id=\""); at != std::string::npos; at = svg.find(" id=\"", at + 1))
    ids.insert(svg.substr(at, svg.find('"', at + 5) - at));
  CHECK(ids.size() == 3);
  CHECK(count(svg, "url(#p0-clip1)") == 1);
  CHECK(count(svg, "url(#p2-clip1)") == 1);
  CHECK_THROWS(arrange_svgs({"not svg"}, 1));
}

TEST_CASE("nice numbers and linear ticks", "[reports][ticks]") {
  CHECK(nice_number(0.9, false) == Approx(1));
  CHECK(nice_number(4750, false) == Approx(5000));
  CHECK(nice_number(0.23, true) == Approx(0.25));
  CHECK(nice_number(7.9, true) == Approx(10));

  CHECK(major_labels(linear_ticks(0, 1)) == std::vector<std::string>{"0", "0.2", "0.4", "0.6", "0.8", "1"});
  CHECK(major_labels(linear_ticks(250, 5000)) == std::vector<std::string>{"1000", "2000", "3000", "4000", "5000"});
  auto symmetric = linear_ticks(-1, 1);
  CHECK(std::any_of(symmetric.begin(), symmetric.end(), [](const Tick& t) { return t.value == 0 && t.label == "0"; }));
  CHECK(symmetric.front().label == "−1");  // typographic minus
  // A narrow range still gets at least three ticks.
  CHECK(linear_ticks(187.5, 312.5).size() >= 3);
  // Large and small magnitudes use m×10ⁿ.
  CHECK(major_labels(linear_ticks(0, 4e6)).back() == "4×10⁶");
  CHECK(linear_tick_label(2e-5, 1e-5) == "2×10⁻⁵");
  // Every tick lies inside the range; labels are unique.
  for (auto [lo, hi] : std::vector<std::pair<double, double>>{{0.1, 0.7}, {-3.3, 17.1}, {0.95, 1.05}, {1e-9, 3e-9}}) {
    auto ticks = linear_ticks(lo, hi);
    std::set<std::string> labels;
    for (const Tick& t : ticks) {
      CHECK(t.value >= lo - 1e-12 * std::fabs(hi));
      CHECK(t.value <= hi + 1e-12 * std::fabs(hi));
      labels.insert(t.label);
    }
    CHECK(labels.size() == ticks.size());
    CHECK(ticks.size() >= 3);
    CHECK(ticks.size() <= 12);
  }
}

TEST_CASE("log ticks: decades, thinned decades over 1..1e12, 1-2-5 on narrow ranges", "[reports][ticks]") {
  CHECK(power_of_ten_label(0) == "1");
  CHECK(power_of_ten_label(1) == "10");
  CHECK(power_of_ten_label(12) == "10¹²");
  CHECK(power_of_ten_label(-3) == "10⁻³");

  auto time = log10_ticks(1, 1e12);
  CHECK(major_labels(time) == std::vector<std::string>{"1", "10³", "10⁶", "10⁹", "10¹²"});
  CHECK(time.size() == 13);  // every decade ticked, unlabelled ones minor

  auto three = log10_ticks(1, 1000);
  CHECK(major_labels(three) == std::vector<std::string>{"1", "10", "10²", "10³"});
  CHECK(three.size() == 4 + 3 * 8);  // 2..9 minor ticks in each decade

  CHECK(major_labels(log10_ticks(0.5, 30)) == std::vector<std::string>{"0.5", "1", "2", "5", "10", "20"});
  // Too few 1-2-5 values inside: plain linear ticks.
  CHECK(major_labels(log10_ticks(0.15, 0.9)) == std::vector<std::string>{"0.2", "0.4", "0.6", "0.8"});
  CHECK(major_labels(log10_ticks(2, 8)) == std::vector<std::string>{"2", "4", "6", "8"});
  CHECK(log10_ticks(0, 10).empty());
  CHECK(log10_ticks(-1, 10).empty());
}

TEST_CASE("axis ranges are never degenerate", "[reports][ticks]") {
  Range flat = axis_range(Scale::Linear, 5, 5, true);
  CHECK(flat.lo < 5);
  CHECK(flat.hi > 5);
  Range zero = axis_range(Scale::Linear, 0, 0, false);
  CHECK(zero.lo == -1);
  CHECK(zero.hi == 1);
  Range log_flat = axis_range(Scale::Log10, 3, 3, false);
  CHECK(log_flat.lo > 0);
  CHECK(log_flat.lo < 3);
  CHECK(log_flat.hi > 3);
  Range none = axis_range(Scale::Linear, std::nan(""), 1, true);
  CHECK(none.lo == 0);
  CHECK(none.hi == 1);
  Range log_none = axis_range(Scale::Log10, -1, 10, true);
  CHECK(log_none.lo == 1);
  CHECK(log_none.hi == 10);
  Range nice = axis_range(Scale::Linear, 0.03, 0.97, true);
  CHECK(nice.lo == Approx(0).margin(1e-12));
  CHECK(nice.hi == Approx(1));
  Range decades = axis_range(Scale::Log10, 3, 4e11, true);
  CHECK(decades.lo == Approx(1));
  CHECK(decades.hi == Approx(1e12));
}

TEST_CASE("colour maps interpolate their anchor tables", "[reports][colormap]") {
  CHECK(colormap_color("viridis", 0).hex() == "#440154");
  CHECK(colormap_color("viridis", 1).hex() == "#fde725");
  CHECK(colormap_color("viridis", 0.5).hex() == "#21908c");
  CHECK(colormap_color("viridis", -3).hex() == "#440154");  // clamped
  CHECK(colormap_color("viridis", std::nan("")).hex() == "#440154");
  CHECK(colormap_color("magma", 1).hex() == "#fcfdbf");
  CHECK_THROWS_AS(colormap_color("jet", 0.5), std::invalid_argument);
  CHECK(colormap_samples("greys", 3) == std::vector<std::string>{"#f7f7f7", "#969696", "#252525"});
  CHECK(contrasting_text_color("#440154") == "#ffffff");
  CHECK(contrasting_text_color("#fde725") == "#000000");
  CHECK(palette_color(0) == palette_color(10));
}

TEST_CASE("segments are clipped to the rectangle", "[reports][plot]") {
  Point a{-10, 5}, b{20, 5};
  REQUIRE(clip_segment(a, b, 0, 0, 10, 10));
  CHECK(a.x == 0);
  CHECK(b.x == 10);
  Point c{-10, -10}, d{-5, 20};
  CHECK_FALSE(clip_segment(c, d, 0, 0, 10, 10));
  Point e{1.1, 2.3}, f{3.7, 4.9};  // inside: untouched, bit for bit
  REQUIRE(clip_segment(e, f, 0, 0, 10, 10));
  CHECK(e.x == 1.1);
  CHECK(f.y == 4.9);
}
