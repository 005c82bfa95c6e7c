// Observables of a several-head state (issue 15). The model as a whole: loss and accuracy of
// f = Σ_h f^h; attention, selection, Λ and Γ of the mean attention s̄_t = (1/H) Σ_h s^h_t (for
// head_nu = shared, f = νᵀXᵀs̄ exactly: s̄ is the model's attention), its logs taken as
// log s̄_t = log((1/H) Σ_h exp(z^h_t − lse(z^h))) so nothing underflows; the precision diagnostics
// (smallest 1 − s, largest logit gap) over every head's own softmax. Per head: selection of its own
// largest logit and its mean attention per token type. With one head: observe_train / observe_test.
#pragma once
#include <cmath>
#include <vector>

#include "simulate/attention_heads.hpp"
#include "simulate/head_scores.hpp"
#include "simulate/observables.hpp"

namespace benign {

namespace heads_detail {

// log s̄_t for one sample (len tokens) from every head's logits.
template <class T> void log_mean_attention(const std::vector<const Vec<T>*>& z, long off, long len, std::vector<T>& out) {
  using std::exp;
  using std::log;
  const std::size_t H = z.size();
  std::vector<T> lse(H);
  for (std::size_t h = 0; h < H; ++h) {
    const T* zi = z[h]->data() + off;
    T m = zi[0];
    for (long t = 1; t < len; ++t) if (zi[t] > m) m = zi[t];
    T sum = T(0);
    for (long t = 0; t < len; ++t) sum += exp(T(zi[t] - m));
    lse[h] = m + log(sum);
  }
  const T logH = log(T(long(H)));
  out.resize(len);
  for (long t = 0; t < len; ++t) {
    T m = z[0]->data()[off + t] - lse[0];
    for (std::size_t h = 1; h < H; ++h) m = std::max(m, T(z[h]->data()[off + t] - lse[h]));
    T sum = T(0);
    for (std::size_t h = 0; h < H; ++h) sum += exp(T(z[h]->data()[off + t] - lse[h] - m));
    out[t] = m + log(sum) - logH;
  }
}

inline void normalise(std::array<double, kTokenTypes>& a, long count) {
  for (auto& v : a) v = count ? v / double(count) : std::numeric_limits<double>::quiet_NaN();
}

}  // namespace heads_detail

// Training side of cp (and the final records if asked) from the heads' logits z[h].
template <class T>
void observe_heads_train(const Problem<T>& P, const HeadScores<T>& S, const std::vector<const Vec<T>*>& z,
                         const std::vector<long>& tracked, Checkpoint& cp, std::vector<FinalSample>* finals) {
  const std::size_t H = z.size();
  if (H == 1) { observe_train(P, *z[0], tracked, cp, finals); return; }
  using std::exp;
  const long n = P.n, L = P.T_tokens;
  std::vector<SampleForward<T>> fw(H);
  std::vector<T> ls;
  TrainTally<T> tl;
  cp.heads.assign(H, HeadCheckpoint{});
  cp.selected_type.assign(n, 0);
  if (finals) finals->assign(n, FinalSample{});
  cp.tracked.clear();
  for (long i = 0; i < n; ++i) {
    const long off = i * L;
    const T f = heads_forward(fw, z, S.train, off, L, false);
    const bool is_noisy = P.y[i] != P.y_clean[i];
    tl.add_fit(f, P.y[i], is_noisy);
    const TokenType* types = P.type_train.data() + off;
    heads_detail::log_mean_attention(z, off, L, ls);
    const long top = add_selection(ls.data(), types, L, is_noisy ? tl.sel_n : tl.sel_c);
    auto& attn = is_noisy ? tl.attn_n : tl.attn_c;
    for (long t = 0; t < L; ++t) attn[int(types[t])] += to_double(T(exp(ls[t])));
    for (std::size_t h = 0; h < H; ++h) {
      HeadCheckpoint& hc = cp.heads[h];
      const T* zh = z[h]->data() + off;
      const long top_h = add_selection(zh, types, L, is_noisy ? hc.sel_noisy : hc.sel_clean);
      for (long t = 0; t < L; ++t) (is_noisy ? hc.attn_noisy : hc.attn_clean)[int(types[t])] += to_double(fw[h].s[t]);
      if (fw[h].comp[top_h] < tl.min_comp) tl.min_comp = fw[h].comp[top_h];
      long second = -1;
      for (long t = 0; t < L; ++t) if (t != top_h && (second < 0 || zh[t] > zh[second])) second = t;
      if (second >= 0 && zh[top_h] - zh[second] > tl.max_gap) tl.max_gap = zh[top_h] - zh[second];
    }
    const int sel = int(types[top]);
    cp.selected_type[i] = std::int8_t(sel);
    tl.add_gap(ls.data(), types, L, is_noisy);
    if (finals) {
      FinalSample& fs = (*finals)[i];
      fs.selected_token = int(top); fs.selected_type = sel;
      fs.proj_pos = P.proj_pos[off + top]; fs.proj_neg = P.proj_neg[off + top];
      fs.f = to_double(f); fs.y = P.y[i]; fs.y_clean = P.y_clean[i];
    }
  }
  for (long i : tracked) {
    heads_detail::log_mean_attention(z, i * L, L, ls);
    for (long t = 0; t < L; ++t) cp.tracked.push_back(to_double(T(exp(ls[t]))));
  }
  tl.finish(cp, n);
  for (HeadCheckpoint& hc : cp.heads) {
    for (auto* a : {&hc.attn_clean, &hc.sel_clean}) heads_detail::normalise(*a, tl.clean);
    for (auto* a : {&hc.attn_noisy, &hc.sel_noisy}) heads_detail::normalise(*a, tl.noisy);
  }
}

// Test side of cp from the heads' test logits zt[h] (call after observe_heads_train).
template <class T>
void observe_heads_test(const Problem<T>& P, const HeadScores<T>& S, const std::vector<const Vec<T>*>& zt, Checkpoint& cp,
                        std::vector<FinalSample>* finals) {
  const std::size_t H = zt.size();
  if (H == 1) { observe_test(P, *zt[0], cp, finals); return; }
  const long n = P.n_test, L = P.T_tokens;
  std::vector<SampleForward<T>> fw(H);
  std::vector<T> ls;
  T loss = T(0);
  long correct = 0;
  std::array<double, kTokenTypes> sel{};
  if (finals) finals->assign(n, FinalSample{});
  for (long i = 0; i < n; ++i) {
    const long off = i * L;
    const T f = heads_forward(fw, zt, S.test, off, L, false);
    const T m = T(P.y_test[i]) * f;
    loss += logistic_loss(m);
    correct += m > T(0);
    const TokenType* types = P.type_test.data() + off;
    heads_detail::log_mean_attention(zt, off, L, ls);
    const long top = add_selection(ls.data(), types, L, sel);
    for (std::size_t h = 0; h < H; ++h) add_selection(zt[h]->data() + off, types, L, cp.heads[h].sel_test);
    if (finals) {
      FinalSample& fs = (*finals)[i];
      fs.selected_token = int(top); fs.selected_type = int(types[top]);
      fs.proj_pos = P.proj_pos_test[off + top]; fs.proj_neg = P.proj_neg_test[off + top];
      fs.f = to_double(f); fs.y = P.y_test[i]; fs.y_clean = P.y_test[i];
    }
  }
  cp.test_loss = to_double(T(loss / T(n)));
  cp.test_acc = double(correct) / double(n);
  cp.sel_test = sel;
  heads_detail::normalise(cp.sel_test, n);
  for (HeadCheckpoint& hc : cp.heads) heads_detail::normalise(hc.sel_test, n);
}

}  // namespace benign
