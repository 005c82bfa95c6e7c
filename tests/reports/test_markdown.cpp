// The Markdown writer, significant-digit formatting, and atomic file writes.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "reports/markdown.hpp"

using namespace benign::reports;
namespace fs = std::filesystem;

namespace {

// Contents of a file.
std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Names of the entries of a directory, sorted.
std::vector<std::string> listing(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// A fresh scratch directory unique to this test process.
fs::path scratch_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("benign_test_markdown_" + std::to_string(::getpid())) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("numbers with significant digits", "[reports][markdown]") {
  CHECK(format_significant(0.99612, 3) == "0.996");
  CHECK(format_significant(0.5, 3) == "0.500");
  CHECK(format_significant(1000, 3) == "1000");
  CHECK(format_significant(123456.7, 3) == "123457");
  CHECK(format_significant(1234567, 3) == "1.23e6");
  CHECK(format_significant(0.00123456, 2) == "0.0012");
  CHECK(format_significant(0.000123456, 3) == "1.23e-4");
  CHECK(format_significant(-2.5e-12, 2) == "-2.5e-12");
  CHECK(format_significant(9.996, 3) == "10.0");      // rounding moves to the next decade
  CHECK(format_significant(999999.7, 3) == "1.00e6");
  CHECK(format_significant(0, 3) == "0");
  CHECK(format_significant(-0.0, 3) == "0");
  CHECK(format_significant(std::nan(""), 3) == "NaN");
  CHECK(format_significant(-INFINITY, 3) == "-inf");
  CHECK(format_significant(0.44721359549995793, 4) == "0.4472");
}

TEST_CASE("table rendering: alignment, padding, escaping", "[reports][markdown]") {
  MarkdownTable table;
  table.header = {"label", "d", "‖μ‖", "regime"};
  table.align = {Align::Left, Align::Right, Align::Right, Align::Center};
  table.rows = {{"benign", "2000", "20", "benign"}, {"a|b", "5000", "5"}, {"two\nlines", "1000", "100", "x"}};
  std::string expected =
      "| label        |    d | ‖μ‖ | regime |\n"
      "| ------------ | ---: | --: | :----: |\n"
      "| benign       | 2000 |  20 | benign |\n"
      "| a\\|b         | 5000 |   5 |        |\n"
      "| two<br>lines | 1000 | 100 |   x    |\n";
  CHECK(render_table(table) == expected);
  CHECK(escape_table_cell("a \\| b | c") == "a \\| b \\| c");  // already escaped bars are kept
  table.rows.push_back({"1", "2", "3", "4", "5"});
  CHECK_THROWS_AS(render_table(table), std::invalid_argument);
  CHECK_THROWS_AS(render_table(MarkdownTable{}), std::invalid_argument);
}

TEST_CASE("document blocks", "[reports][markdown]") {
  Markdown md;
  md.heading(1, "Report")
      .paragraph("Predicted **benign**.")
      .bullets({"one", "two\ncontinued"})
      .numbered({"first", "second"})
      .image("Figure 5: test accuracy [sweep]", "figures/test accuracy (d, mu).svg")
      .code_block("benign verify\n")
      .code_block("has ``` inside", "text")
      .heading(9, "clamped");
  std::string expected =
      "# Report\n"
      "\n"
      "Predicted **benign**.\n"
      "\n"
      "- one\n"
      "- two\n"
      "  continued\n"
      "\n"
      "1. first\n"
      "2. second\n"
      "\n"
      "![Figure 5: test accuracy \\[sweep\\]](figures/test%20accuracy%20%28d,%20mu%29.svg)\n"
      "\n"
      "```\n"
      "benign verify\n"
      "```\n"
      "\n"
      "````text\n"
      "has ``` inside\n"
      "````\n"
      "\n"
      "###### clamped\n";
  CHECK(md.str() == expected);
  CHECK(Markdown().str().empty());
  CHECK(escape_markdown("a*b_c|d") == "a\\*b\\_c\\|d");
  CHECK(escape_markdown("-x") == "\\-x");
  CHECK(escape_markdown("12. item") == "12\\. item");
}

TEST_CASE("write_atomic writes, replaces, creates directories, leaves no temporary file", "[reports][markdown]") {
  fs::path dir = scratch_dir("atomic");
  fs::path file = dir / "a" / "b" / "report.md";
  write_atomic(file, "first\n");
  CHECK(slurp(file) == "first\n");
  write_atomic(file, "second, longer text\n");
  CHECK(slurp(file) == "second, longer text\n");
  CHECK(listing(file.parent_path()) == std::vector<std::string>{"report.md"});
  write_atomic(dir / "empty.md", "");
  CHECK(fs::file_size(dir / "empty.md") == 0);

  // A target that is a directory cannot be replaced: an error, and no temporary file left.
  fs::create_directories(dir / "occupied.md");
  CHECK_THROWS_AS(write_atomic(dir / "occupied.md", "x"), std::runtime_error);
  CHECK(listing(dir) == std::vector<std::string>{"a", "empty.md", "occupied.md"});

  // A directory cannot be created below a file.
  CHECK_THROWS_AS(ensure_directory(dir / "empty.md" / "sub"), std::runtime_error);
  CHECK_THROWS_AS(write_atomic(dir / "empty.md" / "x.md", "x"), std::runtime_error);
  ensure_directory(dir / "x" / "y");
  CHECK(fs::is_directory(dir / "x" / "y"));
  fs::remove_all(dir.parent_path());
}

TEST_CASE("write_atomic keeps the old file when it cannot write", "[reports][markdown]") {
  if (::geteuid() == 0) {
    WARN("running as root: a read-only directory is still writable, check skipped");
    return;
  }
  fs::path dir = scratch_dir("readonly");
  write_atomic(dir / "keep.md", "old\n");
  fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
  CHECK_THROWS_AS(write_atomic(dir / "keep.md", "new\n"), std::runtime_error);
  fs::permissions(dir, fs::perms::owner_all);
  CHECK(slurp(dir / "keep.md") == "old\n");
  CHECK(listing(dir) == std::vector<std::string>{"keep.md"});
  fs::remove_all(dir.parent_path());
}
