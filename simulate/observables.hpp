// Observables of a state (theory.md §3–4): losses, accuracies, attention per token type,
// the selected token type per sample, attention gaps Λ and Γ, and the resolution of 1 − s.
#pragma once
#include <cmath>
#include <limits>

#include "simulate/attention_model.hpp"
#include "simulate/problem.hpp"
#include "simulate/trajectory.hpp"

namespace benign {

template <class T> double to_double(const T& x) { return static_cast<double>(x); }

template <class T> double log10_of(const T& x) {
  using std::log10;
  if (!(x > T(0))) return -std::numeric_limits<double>::infinity();
  return to_double(T(log10(x)));
}

// Attention gap (theory.md §3): the largest logit among the `target` tokens minus the largest
// logit among the others (Λ for clean samples with target relevant, Γ for noisy ones with W_{-y*}).
template <class T> T target_gap(const T* z, const TokenType* types, long len, TokenType target) {
  bool have_t = false, have_o = false;
  T best_t = T(0), best_o = T(0);
  for (long t = 0; t < len; ++t) {
    if (types[t] == target) { if (!have_t || z[t] > best_t) best_t = z[t]; have_t = true; }
    else { if (!have_o || z[t] > best_o) best_o = z[t]; have_o = true; }
  }
  if (!have_t || !have_o) return T(0);
  return best_t - best_o;
}

// Selection of sample i (Figure 1 of the paper: the token with the largest attention), added to
// the per-type counts: ties for the largest logit are split equally over the tied tokens, so
// uniform attention (e.g. p(0) = 0) counts 1/T for each token and selects no type in particular.
// Returns the first top token.
template <class T>
long add_selection(const T* z, const TokenType* types, long len, std::array<double, kTokenTypes>& counts) {
  long top = 0, ties = 1;
  for (long t = 1; t < len; ++t) {
    if (z[t] > z[top]) { top = t; ties = 1; }
    else if (z[t] == z[top]) ++ties;
  }
  for (long t = 0; t < len; ++t)
    if (z[t] == z[top]) counts[int(types[t])] += 1.0 / double(ties);
  return top;
}

// Running sums of the training-side observables over samples (one head or several).
template <class T> struct TrainTally {
  T loss = T(0), min_comp = T(1), max_gap = T(0);
  long correct = 0, clean = 0, clean_ok = 0, noisy = 0, noisy_ok = 0;
  std::array<double, kTokenTypes> attn_c{}, attn_n{}, sel_c{}, sel_n{};
  double lam_sum = 0, lam_min = std::numeric_limits<double>::infinity();
  double gam_sum = 0, gam_min = std::numeric_limits<double>::infinity();
  // The sample's prediction f (label y): loss and accuracy; returns whether it is fitted.
  bool add_fit(const T& f, int y, bool is_noisy) {
    const T m = T(y) * f;
    loss += logistic_loss(m);
    const bool ok = m > T(0);
    correct += ok;
    if (is_noisy) { ++noisy; noisy_ok += ok; } else { ++clean; clean_ok += ok; }
    return ok;
  }
  // Γ (noisy sample) or Λ (clean sample) of the logits, or log-attentions, lz of its tokens.
  void add_gap(const T* lz, const TokenType* types, long len, bool is_noisy) {
    if (is_noisy) {
      const double g = to_double(target_gap(lz, types, len, TokenType::WeakOpp));
      gam_sum += g; gam_min = std::min(gam_min, g);
    } else {
      const double l = to_double(target_gap(lz, types, len, TokenType::Relevant));
      lam_sum += l; lam_min = std::min(lam_min, l);
    }
  }
  // Means over the n training samples into cp.
  void finish(Checkpoint& cp, long n) const {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    cp.train_loss = to_double(T(loss / T(n)));
    cp.train_acc = double(correct) / double(n);
    cp.train_acc_clean = clean ? double(clean_ok) / double(clean) : nan;
    cp.train_acc_noisy = noisy ? double(noisy_ok) / double(noisy) : nan;
    for (int k = 0; k < kTokenTypes; ++k) {
      cp.attn_clean[k] = clean ? attn_c[k] / double(clean) : nan;
      cp.attn_noisy[k] = noisy ? attn_n[k] / double(noisy) : nan;
      cp.sel_clean[k] = clean ? sel_c[k] / double(clean) : nan;
      cp.sel_noisy[k] = noisy ? sel_n[k] / double(noisy) : nan;
    }
    cp.lambda_mean = clean ? lam_sum / double(clean) : nan;
    cp.lambda_min = clean ? lam_min : nan;
    cp.gamma_mean = noisy ? gam_sum / double(noisy) : nan;
    cp.gamma_min = noisy ? gam_min : nan;
    cp.log10_min_complement = log10_of(min_comp);
    cp.max_gap = to_double(max_gap);
  }
};

// Fill the training-side observables of cp from logits z; returns the final-sample records if asked.
template <class T>
void observe_train(const Problem<T>& P, const Vec<T>& z, const std::vector<long>& tracked, Checkpoint& cp,
                   std::vector<FinalSample>* finals) {
  const long n = P.n, L = P.T_tokens;
  SampleForward<T> fw;
  TrainTally<T> tl;
  cp.selected_type.assign(n, 0);
  if (finals) finals->assign(n, FinalSample{});
  cp.tracked.clear();
  for (long i = 0; i < n; ++i) {
    const T* zi = z.data() + i * L;
    fw.run(zi, P.gamma.data() + i * L, L, false);
    const bool is_noisy = P.y[i] != P.y_clean[i];
    tl.add_fit(fw.f, P.y[i], is_noisy);
    const TokenType* types = P.type_train.data() + i * L;
    const long top = add_selection(zi, types, L, is_noisy ? tl.sel_n : tl.sel_c);
    long second = -1;
    for (long t = 0; t < L; ++t) if (t != top && (second < 0 || zi[t] > zi[second])) second = t;
    if (fw.comp[top] < tl.min_comp) tl.min_comp = fw.comp[top];
    if (second >= 0 && zi[top] - zi[second] > tl.max_gap) tl.max_gap = zi[top] - zi[second];
    const int sel = int(types[top]);
    cp.selected_type[i] = std::int8_t(sel);
    auto& attn = is_noisy ? tl.attn_n : tl.attn_c;
    for (long t = 0; t < L; ++t) attn[int(types[t])] += to_double(fw.s[t]);
    tl.add_gap(zi, types, L, is_noisy);
    if (finals) {
      FinalSample& fs = (*finals)[i];
      fs.selected_token = int(top); fs.selected_type = sel;
      fs.proj_pos = P.proj_pos[i * L + top]; fs.proj_neg = P.proj_neg[i * L + top];
      fs.f = to_double(fw.f); fs.y = P.y[i]; fs.y_clean = P.y_clean[i];
    }
  }
  for (long i : tracked) {
    const T* zi = z.data() + i * L;
    fw.run(zi, P.gamma.data() + i * L, L, false);
    for (long t = 0; t < L; ++t) cp.tracked.push_back(to_double(fw.s[t]));
  }
  tl.finish(cp, n);
}

// Test loss and accuracy (clean labels) from test logits; optionally the final selections.
template <class T>
void observe_test(const Problem<T>& P, const Vec<T>& zt, Checkpoint& cp, std::vector<FinalSample>* finals) {
  const long n = P.n_test, L = P.T_tokens;
  SampleForward<T> fw;
  T loss = T(0);
  long correct = 0;
  std::array<double, kTokenTypes> sel{};
  if (finals) finals->assign(n, FinalSample{});
  for (long i = 0; i < n; ++i) {
    const T* zi = zt.data() + i * L;
    fw.run(zi, P.gamma_test.data() + i * L, L, false);
    const T m = T(P.y_test[i]) * fw.f;
    loss += logistic_loss(m);
    correct += m > T(0);
    const long top = add_selection(zi, P.type_test.data() + i * L, L, sel);
    const int st = int(P.type_test[i * L + top]);
    if (finals) {
      FinalSample& fs = (*finals)[i];
      fs.selected_token = int(top); fs.selected_type = st;
      fs.proj_pos = P.proj_pos_test[i * L + top]; fs.proj_neg = P.proj_neg_test[i * L + top];
      fs.f = to_double(fw.f); fs.y = P.y_test[i]; fs.y_clean = P.y_test[i];
    }
  }
  cp.test_loss = to_double(T(loss / T(n)));
  cp.test_acc = double(correct) / double(n);
  for (int k = 0; k < kTokenTypes; ++k) cp.sel_test[k] = sel[k] / double(n);
}

}  // namespace benign
