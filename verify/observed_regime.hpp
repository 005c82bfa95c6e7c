// The observed regime of a trajectory (issue 4): benign, harmful, not overfitting, delayed
// generalization or undecided, decided from accuracies and the token each sample selects,
// with documented thresholds that are config keys (eps_benign, eps_harmful, noisy_fit_max, delay_ratio).
#pragma once
#include <array>
#include <string>

#include "core/config.hpp"
#include "simulate/trajectory.hpp"

namespace benign {

// Names used in reports and JSON.
inline const char* kHarmful = "harmful";
inline const char* kBenign = "benign";
inline const char* kNotOverfitting = "not_overfitting";
inline const char* kDelayed = "delayed_generalization";
inline const char* kUndecided = "undecided";
inline const char* kNotClassified = "not_classified";  // observe = final: the end state only, no trajectory to classify
inline const char* kFailed = "failed";  // a NaN or inf appeared: the run has no result (finite_check.hpp)

// Linear fit y = a + slope·x with its coefficient of determination.
struct LinearFit {
  double intercept = 0, slope = 0, r2 = 0, slope_se = 0;
  long points = 0;
};
LinearFit fit_line(const std::vector<double>& x, const std::vector<double>& y);

struct Observation {
  std::string regime = kUndecided;
  std::string reason;                    // one sentence: why this label
  double tau_fit = -1, tau_gen = -1;     // steps (GD) or time/lr (flow) from which all labels are fitted /
                                         // test accuracy stays ≥ 1 − eps_benign; −1: never
  double tau_sel = -1;                   // from which the fraction of test samples selecting a relevant token
                                         // stays ≥ 1 − eps_benign (selection-based generalization); −1: never
  long k_fit = -1, k_gen = -1, k_sel = -1;  // checkpoint indices of τ_fit, τ_gen, τ_sel (−1: never)
  double ratio = -1;                     // τ_gen / τ_fit
  double train_acc = 0, train_acc_clean = 0, train_acc_noisy = 0, test_acc = 0, train_loss = 0, test_loss = 0;
  std::array<double, 4> sel_clean{}, sel_noisy{}, sel_test{};  // final fraction of samples selecting each token type
  std::string mechanism;                 // how noisy samples are fitted (which token type they select)
  bool settled = true;
  std::string still_changing;            // what was still moving at the horizon
  LinearFit growth;                      // g(Λ(τ)) against τ late in training (theory.md §3)
};

// First checkpoint index from which pred holds through the last checkpoint; −1 if it fails at the last.
template <class P> long holds_from(const std::vector<Checkpoint>& cps, P pred) {
  long k = long(cps.size());
  while (k > 0 && pred(cps[k - 1])) --k;
  return k == long(cps.size()) ? -1 : k;
}

// Classify a run. `T_tokens` is needed for the growth function g. A run with observe = final has
// one checkpoint (its end): its final numbers are filled in, the regime is kNotClassified (τ's −1).
Observation classify(const RunResult& r, const Config& thresholds);

}  // namespace benign
