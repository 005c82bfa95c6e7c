// simulate/observables: which token type a sample selects, with ties for the largest logit split
// over the tied tokens (uniform attention at p(0) = 0 must not read as "selects the relevant token").
#include <catch2/catch.hpp>

#include <array>
#include <vector>

#include "core/precision.hpp"
#include "simulate/observables.hpp"

using namespace benign;

TEMPLATE_TEST_CASE("add_selection: strict maximum, ties split, uniform logits select no type", "[observables]", double, bin50) {
  using T = TestType;
  const std::vector<TokenType> types{TokenType::Relevant, TokenType::WeakSame, TokenType::WeakOpp, TokenType::Irrelevant,
                                     TokenType::Irrelevant, TokenType::Irrelevant, TokenType::Irrelevant, TokenType::Irrelevant};
  std::array<double, kTokenTypes> counts{};
  // Strict maximum on the weak opposite-class token.
  std::vector<T> z{T(0), T(1), T(3), T(-2), T(0), T(0), T(0), T(0)};
  CHECK(add_selection(z.data(), types.data(), 8, counts) == 2);
  CHECK(counts == std::array<double, kTokenTypes>{0, 0, 1, 0});
  // Uniform logits (p = 0): each token counts 1/8, so the relevant type gets 1/8, not 1.
  counts = {};
  std::vector<T> u(8, T(0));
  add_selection(u.data(), types.data(), 8, counts);
  CHECK(counts[0] == 0.125);
  CHECK(counts[3] == 0.625);
  CHECK(counts[0] + counts[1] + counts[2] + counts[3] == 1.0);
  // A tie between the relevant token and one irrelevant token: half each.
  counts = {};
  std::vector<T> t2{T(5), T(1), T(1), T(5), T(0), T(0), T(0), T(0)};
  add_selection(t2.data(), types.data(), 8, counts);
  CHECK(counts == std::array<double, kTokenTypes>{0.5, 0, 0, 0.5});
  // Negative control: the first-index rule this replaces would have given the relevant type 1.
  CHECK(counts[0] != 1.0);
}
