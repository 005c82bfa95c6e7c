// W(0) and p(0) (theory.md §2): Kaiming-uniform U(−1/√d, 1/√d) (paper's code), identity (first
// version) or Gaussian N(0, w_var/d); p(0) = 0 (paper) or Gaussian N(0, 1/d); per head with Config::head_index.
#include <cmath>

#include "core/rng.hpp"
#include "simulate/problem.hpp"

namespace benign {

void w0_row(const Config& c, long r, double* row) {
  const long d = c.d;
  if (c.w_init == "identity") {
    for (long j = 0; j < d; ++j) row[j] = (j == r) ? 1.0 : 0.0;
    return;
  }
  // Each row has its own stream: any row can be regenerated alone. Head h's rows (issue 15) take the
  // streams after head 0's d rows, so head 0 (and heads = 1) keeps the single-head bits.
  Rng rng(c.seed, kStreamW0 + 16 * (std::uint64_t(c.head_index) * std::uint64_t(d) + std::uint64_t(r) + 1));
  const double scale = 1.0 / std::sqrt(double(d));
  if (c.w_init == "kaiming") for (long j = 0; j < d; ++j) row[j] = scale * rng.uniform_pm1();
  else {
    const double g = std::sqrt(c.w_var.value / double(d));  // N(0, w_var / d)
    for (long j = 0; j < d; ++j) row[j] = g * rng.normal();
  }
}

std::vector<double> p0_vector(const Config& c) {
  std::vector<double> p(c.d, 0.0);
  if (c.p_init == "gaussian") {
    // Head h's p0_h: the h·d draws of heads 0..h−1 from the same stream come first (issue 15).
    Rng rng(c.seed, kStreamP0);
    for (long k = 0; k < c.head_index * c.d; ++k) rng.normal();
    const double scale = 1.0 / std::sqrt(double(c.d));
    for (auto& v : p) v = scale * rng.normal();
  }
  return p;
}

bool w0_is_identity(const Config& c, const Dataset& D) { return !D.has_W0 && c.w_init == "identity"; }

}  // namespace benign
