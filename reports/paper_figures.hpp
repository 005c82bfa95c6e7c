// The paper's synthetic figures as documents (issue 11): Figure 1 (the selected token of every
// sequence projected on μ₊₁ and μ₋₁, one panel per regime), Figure 3 (dynamics of the paper's
// three settings) and Figure 5 (train and test loss over the (d, ‖μ‖) grid with the regime map's
// boundaries). Plain data in, SVG and CSV text out; the same input gives the same bytes.
#pragma once
#include <array>
#include <string>
#include <vector>

#include "reports/figures.hpp"

namespace benign::reports {

// --- Figure 1 -------------------------------------------------------------------------------
// One sequence: its selected token (largest attention) projected on μ₊₁/‖μ‖ and μ₋₁/‖μ‖.
struct SelectedToken {
  long sample = 0;
  int label = 0;              // the label the prediction is judged against (train: observed, test: clean)
  bool noisy = false;         // training label flipped
  std::string type;           // token type of the selected token
  double proj_pos = 0, proj_neg = 0;
  bool correct = false;       // sign(νᵀ x_sel) = label
};

// A frequency k/n with its 95% interval.
struct Frequency {
  long k = 0, n = 0;
  double lo = 0, hi = 1;
  double value() const { return n ? double(k) / double(n) : 0.0; }
};

struct SelectionPanel {
  std::string regime;         // e.g. "harmful"
  double s = 0;               // weight of the memorized noise in p
  std::vector<SelectedToken> train, test;
  Frequency train_acc, test_acc;
};

struct SelectionFigure {
  std::vector<SelectionPanel> panels;   // left to right
  std::vector<std::string> caption;     // paragraphs printed under the figure
};

// Train row above, test row below, one column per panel; the diagonal proj_pos = proj_neg is the
// decision line of sign(νᵀ x_sel). Panel titles carry the accuracies.
std::string selection_figure_svg(const SelectionFigure& f);
// Columns: regime,s,set,sample,label,noisy,selected_type,proj_mu_pos,proj_mu_neg,correct
std::string selection_figure_csv(const SelectionFigure& f);
// Columns: regime,s,train_acc,train_lo,train_hi,n_train,test_acc,test_lo,test_hi,n_test
std::string selection_accuracy_csv(const SelectionFigure& f);

// --- Figure 3 -------------------------------------------------------------------------------
// One run's checkpoints (plain copies of the engine's trajectory).
struct DynamicsRun {
  std::string setting;                  // e.g. "benign (d = 2000, ||mu|| = 20)"
  std::vector<double> step, train_loss, test_loss, train_acc, train_acc_noisy, test_acc;
  std::vector<std::array<double, 4>> sel_clean, sel_noisy, sel_test;  // fraction selecting each token type
  // The paper's Figure 3 proper: softmax probability of every token of one clean and one noisy
  // training sample, per checkpoint (empty: not recorded). token_type[t] indexes type_names.
  long clean_sample = -1, noisy_sample = -1;
  std::vector<int> token_type;
  std::vector<std::vector<double>> attn_clean, attn_noisy;
};

struct DynamicsFigure {
  std::array<std::string, 4> type_names{};  // token type names, in the order of sel_*
  std::vector<DynamicsRun> runs;            // one column each
  std::vector<std::string> caption;
};

// Rows: accuracies, losses, selection fractions (clean training samples solid, noisy dashed), and
// when recorded the attention of every token of the clean and of the noisy sample.
std::string dynamics_figure_svg(const DynamicsFigure& f);
// Columns: setting,step,train_loss,test_loss,train_acc,train_acc_noisy,test_acc,
// sel_clean_<type>…, sel_noisy_<type>…, sel_test_<type>… (types in type_names order), then, when
// every run records them for T tokens, attn_clean_tok<t>…, attn_noisy_tok<t>… (t = 0 … T−1).
std::string dynamics_figure_csv(const DynamicsFigure& f);

// --- Figure 5 -------------------------------------------------------------------------------
// A grid over d (x) and ‖μ‖ (y); cell (i, j) is entry j·d.size() + i; unfinished cells are NaN / "".
struct PhaseGrid {
  std::vector<double> d, mu;
  std::vector<double> train_loss, test_loss, train_acc, test_acc;
  std::vector<std::string> predicted;    // the regime map's prediction (the cells' end state carries no observed regime)
  std::vector<Series> boundaries;       // ‖μ‖*(d) of each boundary (x = d, y = ‖μ‖)
  std::string step_label;               // e.g. "step 1000"
  std::vector<std::string> caption;
};

// Train loss and test loss side by side, the boundaries drawn over both.
std::string phase_grid_svg(const PhaseGrid& g);
// Columns: d,mu,train_loss,test_loss,train_acc,test_acc,predicted (finished cells only).
std::string phase_grid_csv(const PhaseGrid& g);
// Columns: boundary,d,mu
std::string phase_boundaries_csv(const PhaseGrid& g);

// A caption block `width` pixels wide: the paragraphs wrapped to fit, as an SVG document.
std::string caption_svg(const std::vector<std::string>& paragraphs, double width);

}  // namespace benign::reports
