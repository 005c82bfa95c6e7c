// A training problem in the working precision T: labels, token scores γ = X ν, token types,
// and the one-time Gram matrices the reduced engine needs (theory.md §5).
#pragma once
#include <string>
#include <vector>

#include "core/config.hpp"
#include "simulate/dataset.hpp"
#include "simulate/linalg.hpp"

namespace benign {

// Which parameters gradient descent moves.
struct TrainMode {
  bool W = true, p = true;
  static TrainMode parse(const std::string& s) { return {s != "p", s != "W"}; }
};

// Labels, scores and token types: what every engine and every observable needs.
template <class T> struct Problem {
  long n = 0, n_test = 0, T_tokens = 0, d = 0;
  std::vector<int> y, y_clean, y_test;
  Vec<T> gamma, gamma_test;                 // γ_t = ν^T x_t, train (n·T) and test (n_test·T)
  std::vector<TokenType> type_train, type_test;  // per token
  std::vector<double> proj_pos, proj_neg;        // x_t·μ_{±1}/‖μ‖ per train token (for Figure 1)
  std::vector<double> proj_pos_test, proj_neg_test;
  long N() const { return n * T_tokens; }
  long N_test() const { return n_test * T_tokens; }
};

// Gram matrices of the reduced engine. With A = X W0, Y = W0 W0^T X^T, w = W0 p0:
// G = X X^T, K0 = A A^T, k0 = A p0, c0 = ‖p0‖², C = X_test X^T, H0 = X_test Y, h0 = X_test w,
// and the signal read-outs of q = X^T α + Y β + w ε along μ_{±1}/‖μ‖: a = X μ/‖μ‖, b = Y^T μ/‖μ‖, e = w·μ/‖μ‖.
template <class T> struct Grams {
  Mat<T> G, K0, C, H0;
  Vec<T> k0, h0;
  T c0 = T(0);
  Vec<T> a_pos, a_neg, b_pos, b_neg;
  T e_pos = T(0), e_neg = T(0);
  std::string precision;  // scalar the products were accumulated in ("double" or T's name)
  double seconds = 0;     // wall time of the set-up
};

// W(0) and p(0) as the seed defines them (rows regenerable one at a time, so d = 20000 needs no
// d×d matrix in memory for the reduced engine). Row r of W0 is drawn from its own stream.
void w0_row(const Config& c, long r, double* row);   // fills d entries
std::vector<double> p0_vector(const Config& c);      // d entries (zero for p_init = zero)
bool w0_is_identity(const Config& c, const Dataset& D);

template <class T> Problem<T> make_problem(const Config& c, const Dataset& D);
template <class T> Grams<T> make_grams(const Config& c, const Dataset& D);

}  // namespace benign
