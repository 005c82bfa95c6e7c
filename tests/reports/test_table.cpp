// The table model and its three writers; the LaTeX output is compiled with pdflatex.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "reports/table.hpp"
#include "tests/reports/latex_compile.hpp"

using namespace benign::reports;
using benign::test::pdflatex_available;
using benign::test::pdflatex_compiles;

namespace {

// Every LaTeX special character, in a name, in a header and in a formula.
const std::string kNasty = R"(a_b 50% R&D #1 $5 {x} ~y ^z back\slash <|>)";

TableModel nasty_table() {
  TableModel t;
  t.caption = "Caption with " + kNasty;
  t.label = "tab:nasty_1";
  t.columns = {{Cell::plain("name " + kNasty), Align::Left},
               {Cell::formula("‖μ‖·SNR² d^(1/4)"), Align::Right},
               {Cell::plain("value"), Align::Right},
               {Cell::plain("formula"), Align::Left}};
  t.rows.push_back({Cell::plain(kNasty), Cell::number(1.23456e-7), Cell::interval(0.870455, 0.747674, 1.0134),
                    Cell::formula("n*SNR^2 < 1  (d > n ||mu||^2 / sigma^2, 100% & #)")});
  t.rows.push_back({Cell::plain("τ_sel ≥ δ — ν"), Cell::number(std::nan("")), Cell::number(123456789.0),
                    Cell::formula("SNR*d^(1/4) > log^(1/2)(T n/delta) _x $y {z} ~w #v %u &t \\s ^")});
  return t;
}

}  // namespace

TEST_CASE("escape_latex escapes every special character of text mode", "[table]") {
  CHECK(escape_latex(R"(_%&#${}~^\)") == R"(\_\%\&\#\$\{\}\textasciitilde{}\textasciicircum{}\textbackslash{})");
  CHECK(escape_latex("μ") == R"(\ensuremath{\mu })");
  CHECK_THROWS_AS(escape_latex("日本"), std::invalid_argument);
}

TEST_CASE("latex_math keeps identifiers upright and raises ^(...)", "[table]") {
  CHECK(latex_math("c_h") == R"(\mathrm{c\_h})");
  CHECK(latex_math("d^(1/4)") == R"(\mathrm{d}^{1/4})");
  CHECK(latex_number(1.5e-7, 2) == R"(1.5\times 10^{-7})");
  CHECK(latex_number(0.123456, 3) == "0.123");
}

TEST_CASE("the three writers lay out the same rows and columns", "[table]") {
  const TableModel t = nasty_table();
  const std::string md = render_markdown(t, {3, false});
  CHECK(benign::test::contains(md, "0.870 [0.748, 1.01]"));
  CHECK(benign::test::contains(md, "1.23e-7"));
  const std::string tex = render_latex(t, {3, false});
  CHECK(benign::test::contains(tex, "\\toprule"));
  CHECK(benign::test::contains(tex, "\\midrule"));
  CHECK(benign::test::contains(tex, "\\bottomrule"));
  CHECK(benign::test::contains(tex, "$0.870\\ [0.748,\\ 1.01]$"));
  CHECK(!benign::test::contains(tex, "\\documentclass"));  // \input-able as is
  CHECK(benign::test::contains(render_latex(t, {3, true}), "\\documentclass"));
  // CSV: every digit, the interval in two extra columns, fields with commas quoted.
  const std::string csv = render_csv(t);
  CHECK(benign::test::contains(csv, "value,value lo,value hi,formula"));
  CHECK(benign::test::contains(csv, "0.870455,0.747674,1.0134"));
  CHECK(benign::test::contains(csv, "1.23456e-07"));
  CHECK(benign::test::contains(csv, "\"n*SNR^2 < 1  (d > n ||mu||^2 / sigma^2, 100% & #)\""));
  // Three data lines + header; four rows of body in LaTeX (header + 2 rows, each ending in \\).
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 3);
  TableModel bad = t;
  bad.rows[0].pop_back();
  CHECK_THROWS_AS(render_latex(bad), std::invalid_argument);
  CHECK_THROWS_AS(table_format_from_name("html"), std::invalid_argument);
}

TEST_CASE("LaTeX tables with every special character compile with pdflatex", "[table][pdflatex]") {
  REQUIRE(pdflatex_available());  // CI installs texlive-latex-recommended (tools/setup.sh)
  const TableModel t = nasty_table();
  CHECK(pdflatex_compiles(render_latex(t, {3, true})));
  // The \input-able form inside a user's own document.
  const std::string body = render_latex(t, {4, false});
  CHECK(pdflatex_compiles("\\documentclass{article}\n\\usepackage{booktabs}\n\\usepackage{amsmath}\n\\begin{document}\n" + body +
                          "\\end{document}\n"));
}

TEST_CASE("negative control: a table whose escaping is broken fails to compile", "[table][pdflatex]") {
  REQUIRE(pdflatex_available());
  const std::string good = render_latex(nasty_table(), {3, true});
  REQUIRE(pdflatex_compiles(good));
  // Undo one escape at a time: each unescaped character breaks the document.
  for (const std::string escaped : {"\\_", "\\&", "\\#", "\\$", "\\{", "\\textasciicircum{}"}) {
    std::string broken = good;
    const std::string raw = escaped == "\\textasciicircum{}" ? "^" : escaped.substr(1);
    const std::size_t at = broken.find(escaped, broken.find("\\midrule"));
    REQUIRE(at != std::string::npos);
    broken.replace(at, escaped.size(), raw);
    INFO("unescaped " << raw);
    CHECK_FALSE(pdflatex_compiles(broken));
  }
}
