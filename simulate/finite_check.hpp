// Non-finite numbers in a run (issue 13): a NaN or inf is never reported as a result. The trainers
// check the quantities of every step (loss, ∂L/∂z, logits) and of every checkpoint; at the first
// non-finite one the run stops and its diagnostics say where it appeared and what would avoid it.
#pragma once
#include <cmath>
#include <limits>
#include <string>

#include "simulate/dataset.hpp"
#include "simulate/linalg.hpp"
#include "simulate/observables.hpp"
#include "simulate/precision_diagnostics.hpp"
#include "simulate/problem.hpp"
#include "simulate/trajectory.hpp"

namespace benign {

// Every entry of v is finite (works for the multiprecision types through ADL).
template <class T> bool all_finite(const Vec<T>& v) {
  using std::isfinite;
  for (long i = 0; i < v.size(); ++i)
    if (!isfinite(v[i])) return false;
  return true;
}
template <class T> bool all_finite(const Mat<T>& m) {
  using std::isfinite;
  for (long i = 0; i < m.rows(); ++i)
    for (long j = 0; j < m.cols(); ++j)
      if (!isfinite(m(i, j))) return false;
  return true;
}

// The set-up in T: the scores γ = Xν (theory.md §1) and, for the reduced engine, the Gram
// matrices of theory.md §5. Returns the first non-finite one, or "".
template <class T> std::string non_finite_setup(const Problem<T>& P, const Grams<T>* g) {
  if (!all_finite(P.gamma) || !all_finite(P.gamma_test)) return "token scores gamma = nu.x (set-up)";
  if (g && !(all_finite(g->G) && all_finite(g->K0) && all_finite(g->C) && all_finite(g->H0) && all_finite(g->k0) &&
             all_finite(g->h0)))
    return "Gram matrices (set-up)";
  return "";
}

// One gradient step's quantities: the training loss, the logits z and ∂L/∂z. "" when all finite.
template <class T> std::string non_finite_step(const T& loss, const Vec<T>& z, const Vec<T>& g) {
  using std::isfinite;
  if (!all_finite(z)) return "training logits z = X W p";
  if (!isfinite(loss)) return "training loss";
  if (!all_finite(g)) return "gradient dL/dz";
  return "";
}

// The first reported quantity of a checkpoint that is not finite, or "" (NaN is legitimate only
// for the clean/noisy split of a set without noisy or clean samples, which the checks skip).
inline std::string non_finite_in(const Checkpoint& cp) {
  if (!std::isfinite(cp.train_loss)) return "training loss";
  if (!std::isfinite(cp.test_loss)) return "test loss";
  if (!std::isfinite(cp.p_norm)) return "||p||";
  if (!std::isfinite(cp.q_pos) || !std::isfinite(cp.q_neg)) return "q along mu";
  return "";
}

// log10 of the largest finite number of T.
template <class T> double log10_max_of() {
  static const double v = log10_of(std::numeric_limits<T>::max());
  return v;
}

// Fill dg's non-finite fields and message: `quantity` first non-finite at gradient step `step`
// (time lr × step). The likely cause is estimated from the data's scale: the first update moves a
// logit by about lr · |γ| · |x|² · d (γ = ν·x), which must fit in the range of T.
template <class T>
void record_non_finite(Diagnostics& dg, const Config& c, const Dataset& D, const std::string& quantity, double step,
                       double time) {
  dg.non_finite = true;
  dg.resolved = false;
  dg.non_finite_quantity = quantity;
  dg.non_finite_step = step;
  dg.lost_at_time = time;
  double xmax = 0, numax = 0;
  bool data_finite = true;
  for (const MatD* X : {&D.X, &D.X_test})
    for (long i = 0; i < X->size(); ++i) {
      const double v = std::abs(X->data()[i]);
      if (!std::isfinite(v)) data_finite = false; else xmax = std::max(xmax, v);
    }
  for (long i = 0; i < D.nu.size(); ++i) {
    const double v = std::abs(D.nu[i]);
    if (!std::isfinite(v)) data_finite = false; else numax = std::max(numax, v);
  }
  auto lg = [&](double v) { return v > 0 ? std::log10(v) : -std::numeric_limits<double>::infinity(); };
  // log10 magnitudes, computed from logs so that they do not overflow themselves.
  const double gram = 2 * lg(xmax) + lg(double(D.d));                 // |x|² d: an entry of X Xᵀ
  const double score = lg(xmax) + lg(numax) + lg(double(D.d));        // |γ| = |ν·x|
  const double update = lg(c.lr.value) + score + gram + lg(double(D.n * D.T));  // first move of a logit
  // W and p move together: the second step multiplies the first move by about as much again.
  const double need = std::max({gram, score, 2 * update});
  const double range = log10_max_of<T>();
  std::string m = "non-finite " + quantity + " at step " + sci_text(step, 10) + " (time " + sci_text(time, 4) +
                  ") in precision " + scalar_name<T>() + "; the run stopped there and reports no result. Likely cause: ";
  dg.suggested_precision.clear();
  if (!data_finite) {
    m += "the data hold NaN or inf values; fix the input arrays.";
  } else if (need > range - 1) {
    m += "overflow: the data's scale (largest |x| " + sci_text(xmax) + ", largest |nu| " + sci_text(numax) + ", d " +
         std::to_string(D.d) + ") makes the scores gamma = nu.x reach about " + pow10_text(score) +
         ", the Gram entries |x|^2 d about " + pow10_text(gram) + " and the first update of a logit about " +
         pow10_text(update) + " (the second about " + pow10_text(2 * update) + "), beyond the largest number " + pow10_text(range) + " of " + scalar_name<T>() + ".";
    struct Cand { const char* name; double top; };
    const Cand cands[] = {{"long-double", log10_max_of<long double>()}, {"float128", log10_max_of<float128>()},
                          {"bin50", log10_max_of<bin50>()}};
    const Cand* pick = nullptr;
    for (const Cand& cd : cands)
      if (cd.top > range && cd.top > 2 * need + 10) { pick = &cd; break; }
    if (pick) {
      dg.suggested_precision = pick->name;
      m += " Rerun with --precision " + dg.suggested_precision + " (largest number " + pow10_text(pick->top) +
           "), or rescale the data so that ||mu|| and sigma sqrt(d) are of order 1 to 1e3 (for the generated data, ||mu|| ";
    } else {
      m += " Rescale the data so that ||mu|| and sigma sqrt(d) are of order 1 to 1e3 (for the generated data, ||mu|| ";
    }
    m += "also sets |nu| = 1/(sqrt(2) ||mu||)).";
  } else {
    const double step_scale = lg(c.lr.value) + gram;
    m += "gradient descent diverged or the state left the range of " + std::string(scalar_name<T>()) +
         " (lr x largest Gram entry about " + pow10_text(step_scale) + "); try a smaller --lr, fewer --steps, "
         "or a precision with a wider range (float128, bin50).";
  }
  dg.message = m;
}

}  // namespace benign
