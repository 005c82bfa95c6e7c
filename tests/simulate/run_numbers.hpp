// Every number a training run records, flattened in a fixed order, and how many of their bits two
// runs differ in (the determinism and the several-head bit-identity tests).
#pragma once
#include <vector>

#include "sim_check.hpp"
#include "simulate/trajectory.hpp"

namespace benign::test {

// Every number of one checkpoint, in a fixed order, appended to v.
inline void flatten_into(const Checkpoint& cp, std::vector<double>& v) {
  for (double x : {cp.step, cp.time, cp.train_loss, cp.train_acc, cp.train_acc_clean, cp.train_acc_noisy, cp.test_loss,
                   cp.test_acc, cp.lambda_mean, cp.lambda_min, cp.gamma_mean, cp.gamma_min, cp.p_norm, cp.q_pos, cp.q_neg,
                   cp.log10_min_complement, cp.max_gap})
    v.push_back(x);
  for (const auto* a : {&cp.attn_clean, &cp.attn_noisy, &cp.sel_clean, &cp.sel_noisy, &cp.sel_test})
    for (double x : *a) v.push_back(x);
  for (double x : cp.tracked) v.push_back(x);
  for (auto t : cp.selected_type) v.push_back(double(t));
  for (const HeadCheckpoint& h : cp.heads) {
    for (const auto* a : {&h.attn_clean, &h.attn_noisy, &h.sel_clean, &h.sel_noisy, &h.sel_test})
      for (double x : *a) v.push_back(x);
    for (double x : {h.p_norm, h.q_pos, h.q_neg}) v.push_back(x);
  }
}

// Number of entries whose bits differ between two checkpoints (−1: their sizes differ).
inline long bit_differences(const Checkpoint& a, const Checkpoint& b) {
  std::vector<double> x, y;
  flatten_into(a, x);
  flatten_into(b, y);
  if (x.size() != y.size()) return -1;
  long diff = 0;
  for (std::size_t k = 0; k < x.size(); ++k) diff += !same_bits(x[k], y[k]);
  return diff;
}

// Every number a run records, in a fixed order (checkpoints, final selections, diagnostics).
inline std::vector<double> flatten(const RunResult& r) {
  std::vector<double> v;
  for (const Checkpoint& cp : r.checkpoints) flatten_into(cp, v);
  for (const auto* fs : {&r.final_train, &r.final_test})
    for (const FinalSample& s : *fs)
      for (double x : {double(s.selected_token), double(s.selected_type), s.proj_pos, s.proj_neg, s.f, double(s.y), double(s.y_clean)})
        v.push_back(x);
  v.push_back(r.diagnostics.log10_min_complement);
  v.push_back(r.diagnostics.max_gap);
  v.push_back(double(r.diagnostics.resolved));
  v.push_back(double(r.steps_done));
  for (long i : r.tracked_samples) v.push_back(double(i));
  return v;
}

// Number of entries whose bits differ (and the sizes must match).
inline long bit_differences(const RunResult& a, const RunResult& b) {
  const auto x = flatten(a), y = flatten(b);
  if (x.size() != y.size()) return -1;
  long diff = 0;
  for (std::size_t k = 0; k < x.size(); ++k) diff += !same_bits(x[k], y[k]);
  return diff;
}

}  // namespace benign::test
