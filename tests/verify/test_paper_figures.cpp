// `benign figures` (issue 11): Figure 1 reproduces the authors' notebook, the --quick run works
// end to end through the program (and resumes Figure 5 from its journal), bad input is refused
// before any work.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../cli_run.hpp"
#include "../reports/xml_check.hpp"
#include "../test_support.hpp"
#include "core/text_file.hpp"
#include "verify/paper_figures.hpp"

using benign::test::run_cli;
using benign::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) { return benign::read_text_file(p.string(), "test output"); }

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

const benign::reports::SelectionPanel& panel(const benign::reports::SelectionFigure& f, const std::string& regime) {
  for (const auto& p : f.panels)
    if (p.regime == regime) return p;
  FAIL("no panel " << regime);
  return f.panels.front();
}

// Two-proportion z statistic (pooled variance) of k1/n1 against k2/n2.
double two_proportion_z(long k1, long n1, long k2, long n2) {
  const double p1 = double(k1) / double(n1), p2 = double(k2) / double(n2);
  const double p = double(k1 + k2) / double(n1 + n2);
  return (p1 - p2) / std::sqrt(p * (1 - p) * (1.0 / double(n1) + 1.0 / double(n2)));
}

}  // namespace

// The notebook (plot.ipynb, "Figure 1") prints train/test 1.0/0.63 (harmful, s = 1), 1.0/1.0
// (benign, s = 0.06), 0.8/1.0 (not overfitting, s = 0.001) for 100 training and 100 test sequences.
// Five of the six numbers are near-certain outcomes, not frequencies that vary: benign's noisy
// samples select their W_{-y*} token by a logit margin ≈ 280 against a spread ≈ 90 (3σ per
// sample, so about 2% of seeds miss one of them), not overfitting's noisy samples keep the relevant
// token by ≈ 310 (everything else by more): on the default seed an exact match is expected and
// asserted. The harmful test accuracy is a frequency over a random p: the notebook's saved versions
// show 0.58, 0.62 and 0.63 (183/300, unseeded draws). It is compared with a two-proportion z test
// at |z| ≤ 3.29 (two-sided false-alarm rate 0.1% for independent samples; draws of p make the
// samples clustered, so the rate is approximate), pooling 2 seeds (200 test sequences).
// Negative control with power: test sequences that reuse the training noise (what the authors'
// seeded CustomDataset gives for equal sizes and seeds) give 0.80 exactly, |z| ≈ 4.5: rejected.
TEST_CASE("figure 1: the hand-built W = I, p reproduce the notebook's train and test accuracies", "[figures][fig1]") {
  const auto& settings = benign::figure1_settings();
  REQUIRE(settings.size() == 3);
  long k_test = 0, n_test = 0, k_control = 0, n_control = 0;
  for (std::uint64_t seed : {42u, 43u}) {
    const auto c = benign::figure1_config(seed);
    CHECK(c.d == 10000);
    CHECK(c.n == 100);
    CHECK(c.n_test == 100);
    const auto F = benign::figure1(c, settings);
    REQUIRE(F.panels.size() == 3);
    const auto& h = panel(F, "harmful");
    CHECK(h.train.size() == 100);
    CHECK(h.test.size() == 100);
    k_test += h.test_acc.k;
    n_test += h.test_acc.n;
    if (seed == 42) {
      CHECK(h.train_acc.value() == 1.0);
      CHECK(panel(F, "benign").train_acc.value() == 1.0);
      CHECK(panel(F, "benign").test_acc.value() == 1.0);
      CHECK(panel(F, "not overfitting").train_acc.k == 80);
      CHECK(panel(F, "not overfitting").test_acc.value() == 1.0);
      // Mechanism behind the numbers: harmful and benign noisy samples select their W_{-y*} token,
      // not overfitting's select the relevant one.
      for (const auto& t : h.train)
        if (t.noisy) CHECK(t.type == "weak_opp");
      for (const auto& t : panel(F, "not overfitting").train)
        if (t.noisy) CHECK(t.type == "relevant");
    }
    const auto G = benign::figure1(c, {settings.front()}, /*test_reuses_training_noise=*/true);
    k_control += G.panels.front().test_acc.k;
    n_control += G.panels.front().test_acc.n;
  }
  const long k_notebook = 58 + 62 + 63, n_notebook = 300;
  const double z = two_proportion_z(k_test, n_test, k_notebook, n_notebook);
  INFO("harmful test accuracy " << k_test << "/" << n_test << " against the notebook's " << k_notebook << "/" << n_notebook);
  CHECK(std::abs(z) <= 3.29);
  const double z_control = two_proportion_z(k_control, n_control, k_notebook, n_notebook);
  INFO("control (test reuses training noise) " << k_control << "/" << n_control << ", z = " << z_control);
  CHECK(k_control == 160);  // 80 clean sequences right, 20 noisy ones wrong, per seed
  CHECK(std::abs(z_control) > 3.29);
}

TEST_CASE("figures --quick: every figure end to end through the program, Figure 5 resumes from its journal", "[figures][cli][quick]") {
  BENIGN_SKIP_UNLESS_PROGRAM_BUILT();
  TempDir tmp("benign_figures");
  const std::string out = tmp.file("out");
  auto r = run_cli("figures --quick --quiet --out " + out);
  INFO(r.out);
  REQUIRE(r.code == 0);
  for (const char* svg : {"figure1.svg", "figure3.svg", "figure5.svg"}) {
    INFO(svg);
    REQUIRE(fs::exists(fs::path(out) / svg));
    const auto x = benign::test::check_xml(slurp(fs::path(out) / svg));
    CHECK(x.ok);
    CHECK(x.elements > 50);
  }
  CHECK(first_line(slurp(fs::path(out) / "figure1.csv")) ==
        "regime,s,set,sample,label,noisy,selected_type,proj_mu_pos,proj_mu_neg,correct");
  CHECK(first_line(slurp(fs::path(out) / "figure1_accuracy.csv")) ==
        "regime,s,train_acc,train_lo,train_hi,n_train,test_acc,test_lo,test_hi,n_test");
  CHECK(first_line(slurp(fs::path(out) / "figure3.csv")).rfind("setting,step,train_loss,test_loss,train_acc,train_acc_noisy,test_acc,sel_clean_relevant", 0) == 0);
  const std::string fig5 = slurp(fs::path(out) / "figure5.csv");
  CHECK(first_line(fig5) == "d,mu,train_loss,test_loss,train_acc,test_acc,predicted");
  long rows = 0;
  for (char ch : fig5) rows += ch == '\n';
  CHECK(rows == 1 + 36);  // header and the 6 × 6 cells
  CHECK(first_line(slurp(fs::path(out) / "figure5_boundaries.csv")) == "boundary,d,mu");
  CHECK(slurp(fs::path(out) / "figures.md").find("![Figure 5](figure5.svg)") != std::string::npos);
  // Rerun Figure 5 alone: every cell comes from the journal, the same CSV bytes.
  auto again = run_cli("figures --quick --quiet --only 5 --out " + out);
  INFO(again.out);
  CHECK(again.code == 0);
  CHECK(again.out.find("36/36 cells (36 resumed)") != std::string::npos);
  CHECK(slurp(fs::path(out) / "figure5.csv") == fig5);
}

TEST_CASE("figures: an unknown figure name or an unwritable --out is refused before any work (exit 2)", "[figures][cli]") {
  BENIGN_SKIP_UNLESS_PROGRAM_BUILT();
  TempDir tmp("benign_figures_bad");
  const std::string out = tmp.file("out");
  auto r = run_cli("figures --only 1,2 --out " + out);
  CHECK(r.code == 2);
  CHECK(r.out.find("unknown figure '2'") != std::string::npos);
  CHECK(r.out.find("allowed: 1, 3, 5") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
  // --out is a file.
  std::ofstream(tmp.file("a_file")) << "x";
  r = run_cli("figures --only 1 --out " + tmp.file("a_file"));
  CHECK(r.code == 2);
  CHECK(r.out.find("--out") != std::string::npos);
  // --out under a directory that cannot be written.
  fs::create_directories(tmp.file("ro"));
  fs::permissions(tmp.file("ro"), fs::perms::owner_read | fs::perms::owner_exec);
  if (::access(tmp.file("ro").c_str(), W_OK) != 0) {  // root may write anyway
    r = run_cli("figures --only 1 --out " + tmp.file("ro") + "/out");
    CHECK(r.code == 2);
    CHECK_FALSE(fs::exists(tmp.file("ro") + "/out"));
  }
  fs::permissions(tmp.file("ro"), fs::perms::owner_all);
  // --out below a regular file.
  r = run_cli("figures --only 1 --out " + tmp.file("a_file") + "/out");
  CHECK(r.code == 2);
  CHECK(r.out.find("--out") != std::string::npos);
  r = run_cli("figures --only '' --out " + out);
  CHECK(r.code == 2);
}
