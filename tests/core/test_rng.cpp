// The portable random number generator (core/rng.hpp). Two independent guards:
//  1. a reference transcription of splitmix64 and xoshiro256** (Blackman & Vigna), written here
//     from the published algorithms and checked against their published test vectors, must
//     reproduce Rng's raw outputs and derived variates bit for bit;
//  2. known answers of Rng(42), computed once from the implementation, catch any change of the
//     generator, the seeding or the variate algorithms (a changed sequence changes every data set).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/rng.hpp"

namespace {

// ---- reference algorithms, transcribed from prng.di.unimi.it (not from core/rng.hpp) ----
std::uint64_t ref_splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

struct RefXoshiro256ss {
  std::uint64_t s[4];
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s[1] * 5, 7) * 9;
    const std::uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
  }
  // The project's documented seeding: splitmix64 started at seed ^ (0xD1B54A32D192ED03 · (stream + 1))
  // fills the four state words.
  static RefXoshiro256ss seeded(std::uint64_t seed, std::uint64_t stream) {
    RefXoshiro256ss r;
    std::uint64_t x = seed ^ (0xD1B54A32D192ED03ULL * (stream + 1));
    for (auto& w : r.s) w = ref_splitmix64(x);
    return r;
  }
  // Derived variates, from their textbook definitions.
  double uniform() { return std::ldexp(double(next() >> 11), -53); }
  double uniform_pm1() { return std::ldexp(double(next() >> 11) + 0.5, -52) - 1.0; }
  // Marsaglia's polar method: returns both normals of an accepted pair.
  void normal_pair(double& a, double& b) {
    for (;;) {
      const double u = uniform_pm1(), v = uniform_pm1(), q = u * u + v * v;
      if (q < 1.0 && q > 0.0) {
        const double f = std::sqrt(-2.0 * std::log(q) / q);
        a = u * f;
        b = v * f;
        return;
      }
    }
  }
  // Lemire's nearly divisionless unbiased integer in [0, k).
  std::uint64_t below(std::uint64_t k) {
    const std::uint64_t threshold = (~k + 1) % k;  // 2^64 mod k
    for (;;) {
      const unsigned __int128 m = (unsigned __int128)next() * k;
      if (std::uint64_t(m) >= threshold) return std::uint64_t(m >> 64);
    }
  }
};

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

}  // namespace

TEST_CASE("rng: the reference transcription reproduces the published test vectors", "[rng]") {
  // splitmix64 from state 0 (Vigna's splitmix64.c; also java.util.SplittableRandom).
  std::uint64_t x = 0;
  const std::uint64_t sm[] = {0xE220A8397B1DCDAFULL, 0x6E789E6AA1B965F4ULL, 0x06C45D188009454FULL, 0xF88BB8A8724C81ECULL};
  for (std::uint64_t e : sm) CHECK(ref_splitmix64(x) == e);
  // The project's splitmix64 too.
  std::uint64_t y = 0;
  for (std::uint64_t e : sm) CHECK(benign::splitmix64(y) == e);
  // xoshiro256** from state {1, 2, 3, 4}: outputs of the reference C implementation (as published
  // in the test suite of rand_xoshiro, "produced with the reference implementation").
  RefXoshiro256ss r{{1, 2, 3, 4}};
  const std::uint64_t xs[] = {11520ULL, 0ULL, 1509978240ULL, 1215971899390074240ULL, 1216172134540287360ULL,
                              607988272756665600ULL, 16172922978634559625ULL, 8476171486693032832ULL,
                              10595114339597558777ULL, 2904607092377533576ULL};
  for (std::uint64_t e : xs) CHECK(r.next() == e);
}

TEST_CASE("rng: Rng equals the reference xoshiro256** with the documented seeding", "[rng]") {
  for (std::uint64_t seed : {0ULL, 1ULL, 42ULL, 0xFFFFFFFFFFFFFFFFULL}) {
    for (std::uint64_t stream : {0ULL, 1ULL, 2ULL, 3ULL, 4ULL, 5ULL, 4ULL + 16ULL * 1000ULL}) {
      INFO("seed " << seed << " stream " << stream);
      benign::Rng rng(seed, stream);
      RefXoshiro256ss ref = RefXoshiro256ss::seeded(seed, stream);
      bool all = true;
      for (int k = 0; k < 1000; ++k) all = all && rng.next() == ref.next();
      CHECK(all);
    }
  }
  // Derived variates, against the reference definitions.
  benign::Rng rng(7, 2);
  RefXoshiro256ss ref = RefXoshiro256ss::seeded(7, 2);
  for (int k = 0; k < 200; ++k) CHECK(same_bits(rng.uniform(), ref.uniform()));
  for (int k = 0; k < 200; ++k) CHECK(same_bits(rng.uniform_pm1(), ref.uniform_pm1()));
  for (std::uint64_t kmax : {1ULL, 2ULL, 3ULL, 10ULL, 1000003ULL, 0x8000000000000001ULL})
    for (int k = 0; k < 50; ++k) CHECK(rng.below(kmax) == ref.below(kmax));
  for (int k = 0; k < 200; ++k) {
    double a, b;
    ref.normal_pair(a, b);
    CHECK(same_bits(rng.normal(), a));
    CHECK(same_bits(rng.normal(), b));
  }
}

TEST_CASE("rng: known answers of Rng(42) (a changed generator changes every data set)", "[rng]") {
  // Computed once from core/rng.hpp (and equal to the reference above).
  benign::Rng a(42);
  CHECK(a.next() == 0x0030425E2A3DC334ULL);
  CHECK(a.next() == 0x057E19F0156C8A6BULL);
  CHECK(a.next() == 0x8C5C18F37D24DFD8ULL);
  CHECK(a.next() == 0x08788A1A2C75E2C4ULL);
  benign::Rng b(42);
  CHECK(same_bits(b.uniform(), 0x1.8212f151eep-11));
  CHECK(same_bits(b.uniform(), 0x1.5f867c055b22p-6));
  CHECK(same_bits(b.uniform(), 0x1.18b831e6fa49bp-1));
  benign::Rng c(42, benign::kStreamTrainNoise);
  CHECK(same_bits(c.normal(), -0x1.2a5f3234054a8p-2));
  CHECK(same_bits(c.normal(), -0x1.b915053d59ea8p-2));
  CHECK(same_bits(c.normal(), -0x1.96c5691a39cddp-1));
  CHECK(same_bits(c.normal(), 0x1.78487cebb3e0dp-3));
  benign::Rng d(42, benign::kStreamTrainLabels);
  CHECK(d.below(10) == 9);
  CHECK(d.below(10) == 7);
  CHECK(d.below(10) == 1);
  CHECK(d.below(10) == 9);
  benign::Rng e(0);
  CHECK(e.next() == 0x3A4BB92775CC364DULL);
  CHECK(e.next() == 0x692FFFE3C26D7315ULL);
}

TEST_CASE("rng: streams differ — variates have the right moments", "[rng]") {
  // Distinct streams of one seed, and distinct seeds of one stream, share no early output.
  std::vector<std::uint64_t> firsts;
  for (std::uint64_t stream = 0; stream < 6; ++stream) firsts.push_back(benign::Rng(42, stream).next());
  for (std::uint64_t seed = 40; seed < 45; ++seed) firsts.push_back(benign::Rng(seed, 7).next());
  for (std::size_t i = 0; i < firsts.size(); ++i)
    for (std::size_t j = i + 1; j < firsts.size(); ++j) CHECK(firsts[i] != firsts[j]);

  // Moments over m = 200000 draws, tolerance 5 standard errors (fixed seed: deterministic).
  const int m = 200000;
  benign::Rng rng(123, 9);
  double su = 0, sz = 0, sz2 = 0, sz4 = 0;
  for (int k = 0; k < m; ++k) su += rng.uniform();
  for (int k = 0; k < m; ++k) {
    const double z = rng.normal();
    sz += z; sz2 += z * z; sz4 += z * z * z * z;
  }
  CHECK(std::abs(su / m - 0.5) < 5 * std::sqrt(1.0 / 12 / m));    // U(0,1): variance 1/12
  CHECK(std::abs(sz / m) < 5 * std::sqrt(1.0 / m));                 // N(0,1): mean 0
  CHECK(std::abs(sz2 / m - 1) < 5 * std::sqrt(2.0 / m));            // E z² = 1, Var z² = 2
  CHECK(std::abs(sz4 / m - 3) < 5 * std::sqrt(96.0 / m));           // E z⁴ = 3, Var z⁴ = 105 − 9
  long hits = 0;
  for (int k = 0; k < m; ++k) hits += rng.below(3) == 0;
  CHECK(std::abs(double(hits) / m - 1.0 / 3) < 5 * std::sqrt(2.0 / 9 / m));
}
