// What a run records: checkpoints along the trajectory, the final token selection of every
// sample, and numerical diagnostics. Plain doubles: reports and verify/ read these.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "simulate/dataset.hpp"

namespace benign {

// One head's observables in a several-head run (issue 15): which token type its attention selects
// (largest s^h_t, ties split) on clean / noisy training and on test samples, its mean attention per
// type, ‖p_h‖ and q_h = W_h p_h along μ_{±1}/‖μ‖.
struct HeadCheckpoint {
  std::array<double, kTokenTypes> attn_clean{}, attn_noisy{};
  std::array<double, kTokenTypes> sel_clean{}, sel_noisy{}, sel_test{};
  double p_norm = 0, q_pos = 0, q_neg = 0;
};

struct Checkpoint {
  double step = 0;   // updates done (gd); for the flow, time / lr
  double time = 0;   // lr × step (gd) or flow time
  double train_loss = 0, train_acc = 0, train_acc_clean = 0, train_acc_noisy = 0;
  double test_loss = 0, test_acc = 0;
  std::array<double, kTokenTypes> attn_clean{}, attn_noisy{};  // mean attention on each token type
  std::array<double, kTokenTypes> sel_clean{}, sel_noisy{}, sel_test{};  // fraction selecting each type
  double lambda_mean = 0, lambda_min = 0;  // Λ: clean sample, relevant token vs best other (logit gap)
  double gamma_mean = 0, gamma_min = 0;    // Γ: noisy sample, W_{-y*} token vs best other (NaN: no noisy)
  double p_norm = 0, q_pos = 0, q_neg = 0; // ‖p‖, q·μ_{+1}/‖μ‖, q·μ_{−1}/‖μ‖
  double log10_min_complement = 0;         // log10 of the smallest 1 − s_max over training samples
  double max_gap = 0;                      // largest gap (top logit − second) over training samples
  std::vector<double> tracked;             // per-token attention of the tracked samples
  std::vector<std::int8_t> selected_type;  // token type of the largest attention, per training sample
  // heads > 1 only (issue 15): per head; the fields above then describe the model as a whole, with
  // the mean attention s̄ = (1/H) Σ_h s^h (simulate/observables_heads.hpp).
  std::vector<HeadCheckpoint> heads;
};

// Per sample at the end of the run: the token with the largest attention and its projections.
struct FinalSample {
  int selected_token = 0;
  int selected_type = 0;
  double proj_pos = 0, proj_neg = 0;  // x_sel·μ_{±1}/‖μ‖
  double f = 0;                        // prediction
  int y = 0, y_clean = 0;
};

struct Diagnostics {
  double log10_min_complement = 0;  // over all checkpoints (gd) or every accepted step (flow)
  double max_gap = 0;
  bool resolved = true;             // the precision represented every 1 − s it met (no underflow)
  std::string message;              // what went wrong and which precision would not lose it
  std::string suggested_precision;  // when !resolved: a --precision that would resolve it
  double lost_at_time = -1;         // when !resolved: first time (lr × step) 1 − s fell below the floor
  // A NaN or inf appeared (simulate/finite_check.hpp): the run stopped at its first appearance, the
  // checkpoints before it are kept, and no result is reported (resolved = false, exit code 3).
  bool non_finite = false;
  std::string non_finite_quantity;  // e.g. "training loss", "Gram matrices (set-up)"
  double non_finite_step = -1;      // gradient step (gd) or time / lr (flow); 0 with the set-up
  // Gram digits (issue 9): entries ≈ σ²d, what drives the dynamics ≈ σ²√d; digits of the set-up spent on the common part.
  double gram_digits = 0;           // decimal digits of the set-up precision
  double gram_digits_lost = 0;      // log10(max G_ii / max_{i≠j} |G_ij|)
};

struct RunResult {
  Config config;
  std::string precision, engine, integrator, setup_precision, data_source;
  // Scalar of the test observables at the checkpoints before the last when narrower than precision
  // ("dd" for bin50, bin100, mpfr: simulate/trainer.ipp); "" when they are in precision.
  std::string test_precision;
  double setup_s = 0, train_s = 0, elapsed_s = 0;
  long steps_done = 0;
  bool interrupted = false;
  std::vector<long> tracked_samples;  // indices of tracked training samples (clean first)
  std::vector<Checkpoint> checkpoints;
  std::vector<FinalSample> final_train, final_test;
  Diagnostics diagnostics;
  std::string notes;  // e.g. integrator statistics
  const Checkpoint& last() const { return checkpoints.back(); }
};

// trajectory.csv (header row), selection.csv, final_selection.csv and summary.json into dir,
// each written to a temporary file and renamed (no half-written output).
void write_run_outputs(const RunResult& r, const std::string& dir);
std::string trajectory_csv_header(const RunResult& r);
std::string summary_json(const RunResult& r);

}  // namespace benign
