// The writers of the paper's figures (reports/paper_figures): well-formed SVG (the test's XML
// checker, and xmllint when installed), CSVs with the stated columns and one row per datum, the
// same bytes for the same input.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include "reports/paper_figures.hpp"
#include "tests/reports/xml_check.hpp"

using namespace benign::reports;
using benign::test::check_xml;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> v;
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l)) v.push_back(l);
  return v;
}

// Number of fields of a CSV line (quotes respected).
long fields(const std::string& line) {
  long n = 1;
  bool q = false;
  for (char c : line) {
    if (c == '"') q = !q;
    else if (c == ',' && !q) ++n;
  }
  return n;
}

void check_csv(const std::string& csv, const std::string& header, long rows) {
  const auto L = lines_of(csv);
  REQUIRE(!L.empty());
  CHECK(L.front() == header);
  CHECK(long(L.size()) - 1 == rows);
  for (const auto& l : L) CHECK(fields(l) == fields(header));
}

// xmllint's verdict when it is installed (true otherwise: the XML checker above still ran).
bool xmllint_accepts(const std::string& svg) {
  if (std::system("command -v xmllint > /dev/null 2>&1") != 0) return true;
  const fs::path p = fs::temp_directory_path() / ("benign_paper_fig_" + std::to_string(::getpid()) + ".svg");
  std::ofstream(p) << svg;
  const int rc = std::system(("xmllint --noout " + p.string() + " > /dev/null 2>&1").c_str());
  fs::remove(p);
  return rc == 0;
}

void check_svg(const std::string& svg) {
  const auto x = check_xml(svg);
  INFO(x.error);
  CHECK(x.ok);
  CHECK(xmllint_accepts(svg));
}

SelectionFigure selection_data() {
  SelectionFigure f;
  for (int k = 0; k < 2; ++k) {
    SelectionPanel p;
    p.regime = k ? "benign" : "harmful, \"odd\" <name>";
    p.s = k ? 0.06 : 1;
    for (int i = 0; i < 5; ++i) {
      p.train.push_back({i, i % 2 ? -1 : 1, i == 0, "relevant", 20.0 - i, 0.5 * i, true});
      p.test.push_back({i, i % 2 ? -1 : 1, false, "weak_opp", 0.1 * i, 4.0, i % 2 == 1});
    }
    p.train_acc = {5, 5, 0.57, 1};
    p.test_acc = {2, 5, 0.12, 0.77};
    f.panels.push_back(p);
  }
  f.caption = {"A caption & a second sentence <with> markup characters that is long enough to be wrapped over more than one line of the caption block."};
  return f;
}

}  // namespace

TEST_CASE("figure 1 writer: valid SVG, CSVs with the stated columns", "[figures][reports]") {
  const auto f = selection_data();
  const std::string svg = selection_figure_svg(f);
  check_svg(svg);
  CHECK(svg == selection_figure_svg(f));
  CHECK(svg.find("class=\"caption\"") != std::string::npos);
  check_csv(selection_figure_csv(f), "regime,s,set,sample,label,noisy,selected_type,proj_mu_pos,proj_mu_neg,correct", 2 * 2 * 5);
  check_csv(selection_accuracy_csv(f), "regime,s,train_acc,train_lo,train_hi,n_train,test_acc,test_lo,test_hi,n_test", 2);
  CHECK(lines_of(selection_accuracy_csv(f))[2] == "benign,0.06,1,0.57,1,5,0.4,0.12,0.77,5");
}

TEST_CASE("figure 3 writer: valid SVG, CSV with the stated columns", "[figures][reports]") {
  DynamicsFigure f;
  f.type_names = {"relevant", "weak_same", "weak_opp", "irrelevant"};
  for (int k = 0; k < 3; ++k) {
    DynamicsRun r;
    r.setting = "setting " + std::to_string(k) + " (d = 2000, ||mu|| = 20)";
    for (int s = 0; s <= 10; ++s) {
      r.step.push_back(10.0 * s);
      r.train_loss.push_back(0.7 - 0.01 * s);
      r.test_loss.push_back(0.7 - 0.005 * s);
      r.train_acc.push_back(0.8 + 0.02 * s);
      r.train_acc_noisy.push_back(0.1 * s);
      r.test_acc.push_back(s == 5 ? std::nan("") : 1.0);  // a gap is skipped, not drawn
      r.sel_clean.push_back({1, 0, 0, 0});
      r.sel_noisy.push_back({0, 0, 0.1 * s, 1 - 0.1 * s});
      r.sel_test.push_back({1, 0, 0, 0});
      r.attn_clean.push_back({0.5 + 0.04 * s, 0.3, 0.2 - 0.02 * s});
      r.attn_noisy.push_back({0.2, 0.3, 0.5});
    }
    r.clean_sample = 0;
    r.noisy_sample = 3;
    r.token_type = {0, 2, 3};
    f.runs.push_back(r);
  }
  f.caption = {"caption"};
  const std::string svg = dynamics_figure_svg(f);
  check_svg(svg);
  std::string header = "setting,step,train_loss,test_loss,train_acc,train_acc_noisy,test_acc";
  for (const char* set : {"clean", "noisy", "test"})
    for (const auto& t : f.type_names) header += std::string(",sel_") + set + "_" + t;
  CHECK(svg.find("noisy sample 3") != std::string::npos);
  const std::string attn = ",attn_clean_tok0,attn_clean_tok1,attn_clean_tok2,attn_noisy_tok0,attn_noisy_tok1,attn_noisy_tok2";
  check_csv(dynamics_figure_csv(f), header + attn, 3 * 11);
  f.runs.back().attn_noisy.clear();  // one run without them: no attention columns at all
  check_csv(dynamics_figure_csv(f), header, 3 * 11);
  check_svg(dynamics_figure_svg(DynamicsFigure{}));  // no runs: still a document
}

TEST_CASE("figure 5 writer: valid SVG with the boundaries, CSVs of the finished cells", "[figures][reports]") {
  PhaseGrid g;
  g.d = {250, 1200, 2150};
  g.mu = {5, 24};
  const double nan = std::nan("");
  g.train_loss = {0.45, 0.46, nan, 0.44, 0.43, 0.42};  // one unfinished cell
  g.test_loss = {0.6, 0.62, nan, 0.41, 0.42, 0.43};
  g.train_acc = {1, 1, nan, 0.8, 0.8, 0.8};
  g.test_acc = {0.9, 0.85, nan, 1, 1, 1};
  g.predicted = {"harmful", "harmful", "", "not_overfitting", "not_overfitting", "benign"};
  Series b;
  b.name = "harmful_boundary";
  b.x = {250, 2150};
  b.y = {4, 7};
  g.boundaries = {b};
  g.step_label = "step 1000";
  g.caption = {"caption"};
  const std::string svg = phase_grid_svg(g);
  check_svg(svg);
  CHECK(svg.find("harmful_boundary") != std::string::npos);
  check_csv(phase_grid_csv(g), "d,mu,train_loss,test_loss,train_acc,test_acc,predicted", 5);
  check_csv(phase_boundaries_csv(g), "boundary,d,mu", 2);
  CHECK(lines_of(phase_grid_csv(g))[1] == "250,5,0.45,0.6,1,0.9,harmful");
}
