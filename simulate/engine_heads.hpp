// The engines of the several-head model (issue 15): one single-head engine per head, each with its
// own W_h, p_h (W0_h, p0_h from the seed streams of Config::head_index = h), stepped on its own
// gradient g^h = ∂L/∂z^h (simulate/attention_heads.hpp). Reduced: the data's Grams G, C (and the
// read-outs a_±) are shared by all heads; each head keeps K0_h, k0_h, c0_h, H0_h, h0_h, b_±, e_± and
// its own reduced state, so a step costs O(H (nT)²). Full: H plain d-dimensional engines (the check).
#pragma once
#include <memory>
#include <vector>

#include "core/errors.hpp"
#include "simulate/engine_full.ipp"
#include "simulate/engine_reduced.ipp"
#include "simulate/problem.ipp"

namespace benign {

// The configs of heads 0..H−1: c with head_index = h.
inline std::vector<Config> head_configs(const Config& c) {
  std::vector<Config> out(std::size_t(c.heads), c);
  for (long h = 0; h < c.heads; ++h) out[std::size_t(h)].head_index = h;
  return out;
}

template <class T> class HeadEngines {
 public:
  // heads[h] gives head h's W0_h, p0_h; full: FullEngine per head, else ReducedEngine per head.
  HeadEngines(const std::vector<Config>& heads, const Dataset& D, TrainMode mode, bool full) {
    if (heads.size() > 1 && (D.has_W0 || D.has_p0))
      throw ConfigError("config key 'heads' = " + std::to_string(heads.size()) +
                        " needs W(0), p(0) drawn from the seed per head, but the data supplies W0/p0 for one head; set heads = 1");
    for (std::size_t h = 0; h < heads.size(); ++h) {
      if (full) {
        eng_.push_back(std::make_unique<FullEngine<T>>(heads[h], D, mode));
        continue;
      }
      grams_.push_back(std::make_unique<Grams<T>>(make_grams<T>(heads[h], D)));
      if (h > 0) {  // the data's Grams live in head 0's set
        Grams<T>& g = *grams_.back();
        g.G = Mat<T>(); g.C = Mat<T>(); g.a_pos = Vec<T>(); g.a_neg = Vec<T>();
      }
      eng_.push_back(std::make_unique<ReducedEngine<T>>(*grams_.front(), *grams_.back(), mode));
    }
  }
  long size() const { return long(eng_.size()); }
  Engine<T>& operator[](long h) { return *eng_[std::size_t(h)]; }
  const Engine<T>& operator[](long h) const { return *eng_[std::size_t(h)]; }
  // Reduced only: head h's Grams (head 0's hold the shared G, C).
  const Grams<T>& grams(long h) const { return *grams_[std::size_t(h)]; }
  bool reduced() const { return !grams_.empty(); }
  // Reduced only: head h's engine (the gradient flow steps its state).
  ReducedEngine<T>& reduced(long h) { return static_cast<ReducedEngine<T>&>(*eng_[std::size_t(h)]); }
  std::vector<const Vec<T>*> z() const {
    std::vector<const Vec<T>*> out;
    for (const auto& e : eng_) out.push_back(&e->z());
    return out;
  }
  // One gradient-descent step of every head, g[h] = ∂L/∂z^h at the current parameters.
  void step(const T& lr, const std::vector<Vec<T>>& g) {
    for (std::size_t h = 0; h < eng_.size(); ++h) eng_[h]->step(lr, g[h]);
  }

 private:
  std::vector<std::unique_ptr<Grams<T>>> grams_;
  std::vector<std::unique_ptr<Engine<T>>> eng_;
};

}  // namespace benign
