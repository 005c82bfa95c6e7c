// The paper's synthetic figures on one command (issue 11, `benign figures`): what each needs is
// computed here (Figure 1: evaluation of a hand-built W, p; Figure 3: three training runs;
// Figure 5: a sweep over (d, ‖μ‖) through run_sweep, journalled) and handed to reports/paper_figures.
#pragma once
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "reports/paper_figures.hpp"
#include "verify/sweep.hpp"

namespace benign {

// --- Figure 1 (the authors' notebook plot.ipynb, "Figure 1") ---
// One panel: p = μ₊₁ + μ₋₁ + s (Σ_{clean i} ε₁⁽ⁱ⁾ + Σ_{noisy j} ε₃⁽ʲ⁾) with W = I.
struct Figure1Setting {
  std::string regime;
  double s = 0;
};
// harmful s = 1, benign s = 0.06, not overfitting s = 0.001 (the notebook's order of the paper's panels).
const std::vector<Figure1Setting>& figure1_settings();
// The notebook's data: d = 10 000, ‖μ‖ = 20, n = 100 (η = 0.2: 20 flipped, 10 per class), 100 clean
// test samples, T = 8 (one relevant, one W_{y*}, one W_{−y*}, five irrelevant), ρ = 0.2, σ = 1.
Config figure1_config(std::uint64_t seed);
// Evaluate each setting on the data of c (explicit source): for every sequence the token with the
// largest logit x_t·p (W = I), its projections on μ±₁/‖μ‖ and whether sign(νᵀ x_sel) equals the
// label (train: observed, test: clean), with 95% Wilson intervals. `test_reuses_training_noise`:
// the test sequences are the training sequences with clean labels (what the authors' seeded
// CustomDataset gives for equal sizes and seeds) — the negative control of the tests.
reports::SelectionFigure figure1(const Config& c, const std::vector<Figure1Setting>& settings,
                                 bool test_reuses_training_noise = false);

// --- Figure 3: the paper's three settings trained with the engines ---
// The configs of the runs (benign, harmful, not overfitting; theory.md §4). quick: the sampled
// source with a Gaussian W0 of Kaiming-uniform's variance (w_var = 1/3) and 200 test samples.
std::vector<std::pair<std::string, Config>> figure3_configs(std::uint64_t seed, bool quick);

// --- Figure 5: train and test loss over (d, ‖μ‖) at step 1000 ---
// The axes: the paper's 39 × 39 grid d = 250…5000 step 125, ‖μ‖ = 5…100 step 2.5; quick: 6 × 6
// (d step 950, ‖μ‖ step 19).
std::vector<Axis> figure5_axes(bool quick);
// The base config of every cell (the defaults: the paper's n, T, ρ, η, lr, 1000 steps; quick as in
// figure3_configs); observe = final: each cell evaluates the train and test set once, at step 1000.
Config figure5_base(std::uint64_t seed, bool quick);

struct PaperFiguresOptions {
  std::string out;
  std::vector<std::string> figures{"1", "3", "5"};
  bool quick = false;
  std::uint64_t seed = 42;
  int threads = 0;
  bool progress = true;
  const std::atomic<bool>* stop = nullptr;
};

// Names accepted for `figures`: "1", "3", "5".
const std::vector<std::string>& paper_figure_names();
// Throws ConfigError naming the figure and the allowed names.
void check_figure_names(const std::vector<std::string>& figures);
// The files the command writes into `out` (checked before any work).
std::vector<std::string> paper_figure_files(const PaperFiguresOptions& opt);
// The journal of Figure 5's sweep inside `out` (resumable: rerun the same command).
std::string figure5_journal(const PaperFiguresOptions& opt);

struct PaperFiguresResult {
  bool complete = true;              // false: interrupted (Figure 5's finished cells are in the journal)
  long fig5_cells = 0, fig5_resumed = 0;
  std::vector<std::string> written;  // file names inside out
  std::vector<std::string> summary;  // one line per figure for stdout
};

// Compute and write the requested figures (SVG + CSV each) and figures.md into opt.out.
PaperFiguresResult write_paper_figures(const PaperFiguresOptions& opt);

}  // namespace benign
