// Softmax over one sample's T logits with exact complements: 1 - s_t is the sum of the other
// probabilities, never a subtraction, so it stays correct at any gap the type can represent.
#pragma once
#include <cmath>

namespace benign {

// s = S(z) (theory.md §2); comp[t] = Σ_{u≠t} s_u = 1 − s_t.
template <class T> void softmax(const T* z, long len, T* s, T* comp) {
  using std::exp;
  T zmax = z[0];
  for (long t = 1; t < len; ++t) if (z[t] > zmax) zmax = z[t];
  T sum = T(0);
  for (long t = 0; t < len; ++t) { s[t] = exp(z[t] - zmax); sum += s[t]; }
  for (long t = 0; t < len; ++t) s[t] /= sum;
  if (comp) {
    for (long t = 0; t < len; ++t) {
      T c = T(0);
      for (long u = 0; u < len; ++u) if (u != t) c += s[u];
      comp[t] = c;
    }
  }
}

}  // namespace benign
