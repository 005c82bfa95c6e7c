// Was every 1 − s a run met representable in its precision, and if not, which precision would be
// (issue 5). 1 − s of a sample's top token is a sum of e^{−gap} terms (softmax.hpp): below the
// smallest normal number of the type it loses digits (subnormal), at 0 the sample's gradient is gone
// and the trajectory stalls: a plateau of the precision, not of the model.
#pragma once
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "simulate/observables.hpp"
#include "simulate/problem.hpp"
#include "simulate/trajectory.hpp"

namespace benign {

// log10 of the smallest normal number of T (the floor under which 1 − s loses digits).
template <class T> double log10_normal_floor() {
  static const double v = log10_of(std::numeric_limits<T>::min());
  return v;
}

inline std::string sci_text(double x, int digits = 3) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, x);
  return buf;
}

// 10^x as text at any exponent ("3.4e-4932"), x a log10.
inline std::string pow10_text(double x) {
  if (!std::isfinite(x)) return x < 0 ? "0" : "inf";
  double e = std::floor(x);
  double mant = std::pow(10.0, x - e);
  if (mant >= 9.995) { mant /= 10; e += 1; }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2fe%+.0f", mant, e);
  return buf;
}

// Fewer significant digits of the Grams than this left for the dynamics: the run says its precision is
// not enough (issue 9): the losses and accuracies a run reports are then uncertain beyond their 4th digit.
constexpr double kMinGramDigits = 4.0;

// Digits the Gram set-up spends on the part common to all tokens (issue 9): the diagonal of G is
// ≈ σ²d + ‖μ‖², the differences the dynamics see ≈ σ²√d or ‖μ‖² (the off-diagonal scale), so
// log10(max_i G_ii / max_{i≠j} |G_ij|) of the set-up's digits carry no information (≈ ½ log10 d at large d).
template <class T> void gram_digits(const Grams<T>& g, Diagnostics& dg) {
  double diag = 0, off = 0;
  for (long i = 0; i < g.G.rows(); ++i)
    for (long j = 0; j < g.G.cols(); ++j) {
      const double v = std::fabs(to_double(g.G(i, j)));
      if (i == j) diag = std::max(diag, v); else off = std::max(off, v);
    }
  dg.gram_digits_lost = (off > 0 && diag > off) ? std::log10(diag / off) : 0.0;
  // The Grams are rounded to the set-up precision, then to T: the narrower of the two counts.
  const double digits_T = -log10_of(std::numeric_limits<T>::epsilon());
  dg.gram_digits = g.precision == "double" ? std::min(digits_T, -std::log10(std::numeric_limits<double>::epsilon())) : digits_T;
}

// Appends to dg.message (and clears dg.resolved) when the Grams keep fewer than kMinGramDigits digits.
inline void gram_verdict(Diagnostics& dg, const std::string& precision, const std::string& setup_precision) {
  const double left = dg.gram_digits - dg.gram_digits_lost;
  if (dg.gram_digits == 0 || left >= kMinGramDigits) return;
  dg.resolved = false;
  std::string m = "the Gram set-up in " + setup_precision + " keeps " + sci_text(left, 3) + " significant digits for the dynamics (" +
                  sci_text(dg.gram_digits, 3) + " minus " + sci_text(dg.gram_digits_lost, 3) +
                  " spent on the part common to all tokens, about 1/2 log10 d), fewer than " + sci_text(kMinGramDigits, 2) + ".";
  if (setup_precision == "double" && precision != "double" && precision != "float") m += " Rerun with --setup native.";
  else if (precision == "double" || precision == "float") {
    // Digits, not range, are short: dd (31 digits, the fastest type wider than double) keeps them.
    m += " double loses these digits; dd or wider keeps them: rerun with --precision dd --setup native (or float128).";
    if (dg.suggested_precision.empty()) dg.suggested_precision = "dd";
  } else { m += " Rerun with --precision float128 --setup native."; if (dg.suggested_precision.empty()) dg.suggested_precision = "float128"; }
  dg.message = dg.message.empty() ? m : dg.message + " Also: " + m;
}

// Fill dg.resolved, dg.message and dg.suggested_precision from dg.log10_min_complement, dg.max_gap
// and dg.lost_at_time (which the caller has set).
template <class T> void precision_verdict(Diagnostics& dg) {
  const double floor10 = log10_normal_floor<T>();
  dg.resolved = dg.log10_min_complement > floor10;
  dg.message.clear();
  dg.suggested_precision.clear();
  if (dg.resolved) return;
  const double log10e = 1.0 / std::log(10.0);
  const bool underflow = std::isinf(dg.log10_min_complement);
  // What the exact dynamics needed: the 1 − s met, or when it underflowed to 0 at least e^{−gap}.
  const double need = underflow ? -dg.max_gap * log10e : dg.log10_min_complement;
  // Headroom: twice the exponent. Once the precision lost a sample's gradient its gap stalled, while
  // the exact gap keeps growing (like log t), so the exponent met underestimates what is needed.
  const double target = 2.0 * std::min(need, floor10);
  // Candidates with at least T's digits (a dd run is not sent back to double for double's slightly
  // lower normal floor); dd is none of them: it has double's exponent range (its floor is higher still).
  struct Cand { const char* name; double floor; int digits; };
  const Cand cands[] = {{"double", log10_normal_floor<double>(), std::numeric_limits<double>::digits},
                        {"long-double", log10_normal_floor<long double>(), std::numeric_limits<long double>::digits},
                        {"float128", log10_normal_floor<float128>(), std::numeric_limits<float128>::digits},
                        {"bin50", log10_normal_floor<bin50>(), std::numeric_limits<bin50>::digits}};
  const Cand* pick = nullptr;
  for (const Cand& cd : cands)
    if (cd.digits >= std::numeric_limits<T>::digits && cd.floor < floor10 && cd.floor < target) { pick = &cd; break; }
  if (!pick) pick = &cands[3];
  if (pick->floor >= floor10) pick = nullptr;  // already at the widest exponent range we offer
  std::string m = std::string("precision ") + scalar_name<T>() + " lost the gradient: the smallest 1 - s met was ";
  m += underflow ? std::string("0 (underflow: a sample's gradient vanished)")
                 : pow10_text(dg.log10_min_complement) + " (subnormal: digits lost)";
  m += ", below the smallest normal number " + pow10_text(floor10) + " of " + scalar_name<T>();
  if (dg.lost_at_time >= 0) m += ", first at time " + sci_text(dg.lost_at_time, 4);
  m += "; largest logit gap met " + sci_text(dg.max_gap, 6) + " (" + scalar_name<T>() + " resolves gaps up to about " +
       sci_text(-floor10 / log10e, 4) + "). After that the trajectory is a plateau of the precision, not of the model.";
  if (pick) {
    dg.suggested_precision = pick->name;
    m += std::string(" Rerun with --precision ") + pick->name + " (smallest normal " + pow10_text(pick->floor);
    if (std::string(pick->name) == "long-double") m += "; float128 has the same range and more digits";
    m += "): the run met 1 - s of " + pow10_text(need) + (underflow ? " or less" : "") +
         " before its plateau, and the exact dynamics goes lower.";
    if (floor10 >= log10_normal_floor<double>())
      m += " (dd does not help here: more digits, but double's exponent range.)";
  } else {
    m += " No offered precision has a wider exponent range; shorten the horizon.";
  }
  dg.message = m;
}

}  // namespace benign
