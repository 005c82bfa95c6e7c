// Gram reuse along ‖μ‖ (issue 11): with X = E + ‖μ‖ S U (U = [e_1; e_2], S the N × 2 signal pattern
// of theory.md §1, E the noise), every Gram of theory.md §5 is a polynomial of degree ≤ 2 in ‖μ‖ whose
// matrix coefficients depend only on (d, seed, ρ, ...): built once per group, assembled per ‖μ‖ in
// O(N² + N_test N). Generated data with W0 from the seed only (no --data, no sampled source).
#pragma once
#include <chrono>
#include <type_traits>

#include "simulate/dataset.hpp"
#include "simulate/problem.hpp"

namespace benign {

// The ‖μ‖-free coefficients, accumulated in double. Subscript E = noise part, 01 = rows e_1, e_2 of W0.
struct GramCoefficients {
  Config config;              // the group's configuration (nothing below depends on its ‖μ‖)
  Dataset noise;              // labels, layout, and the noise along e_1, e_2 (X, X_test: 2 columns)
  long N = 0, Nt = 0;
  Mat<double> S, St;          // N × 2, N_test × 2: signal pattern per token (entries 1, ρ, 0)
  Mat<double> EU, EtU;        // N × 2, N_test × 2: noise coordinates along e_1, e_2
  Mat<double> G_EE, C_EE;     // E Eᵀ, E_t Eᵀ
  Mat<double> K_EE, H_EE;     // A_E A_Eᵀ, E_t W0 A_Eᵀ   (A_E = E W0)
  Mat<double> P, Pt;          // A_E W01ᵀ, E_t W0 W01ᵀ   (N × 2, N_test × 2)
  Mat<double> Q;              // W01 W01ᵀ (2 × 2)
  VecD kE, hE, w01;    // A_E p0, E_t w, w_{0,1}  (w = W0 p0)
  double c0 = 0, e_pos = 0, e_neg = 0;
  double seconds = 0;
};

// Whether coefficients can stand in for make_grams on c: generated data (source explicit), engine
// reduced, W0 and p0 from the seed, and a set-up make_grams accumulates in double (so only the order
// of the sums differs).
bool gram_reuse_applies(const Config& c);

// Coefficients for c's group (every config that differs from c at most in ‖μ‖): the noise drawn once
// (make_noise), W0 regenerated in row blocks. Peak memory: the noise (N + N_test) × d and A_E, Y.
GramCoefficients gram_coefficients(const Config& c);

// Whether c belongs to k's group (differs from k.config at most in ‖μ‖).
bool in_group(const GramCoefficients& k, const Config& c);

// The dataset of a cell c of k's group with only its signal columns (Dataset::signal_columns_only):
// labels and X, X_test along e_1, e_2 bit for bit as make_dataset(c) has them. O(N + N_test).
Dataset cell_dataset(const GramCoefficients& k, const Config& c);

// Grams at ‖μ‖ = mu in double from the coefficients (the quadratic expansion above).
Grams<double> grams_at_double(const GramCoefficients& k, double mu);

// The same in the working precision T (products were accumulated in double, as make_grams does).
template <class T> Grams<T> grams_at(const GramCoefficients& k, double mu) {
  const auto t0 = std::chrono::steady_clock::now();
  Grams<double> g = grams_at_double(k, mu);
  Grams<T> out;
  if constexpr (std::is_same_v<T, double>) {
    out = std::move(g);
  } else {
    out.G = g.G.template cast<T>(); out.K0 = g.K0.template cast<T>();
    out.C = g.C.template cast<T>(); out.H0 = g.H0.template cast<T>();
    out.k0 = g.k0.template cast<T>(); out.h0 = g.h0.template cast<T>();
    out.c0 = T(g.c0);
    out.a_pos = g.a_pos.template cast<T>(); out.a_neg = g.a_neg.template cast<T>();
    out.b_pos = g.b_pos.template cast<T>(); out.b_neg = g.b_neg.template cast<T>();
    out.e_pos = T(g.e_pos); out.e_neg = T(g.e_neg);
  }
  out.precision = "double";
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return out;
}

}  // namespace benign
