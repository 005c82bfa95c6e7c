// Portable random numbers: xoshiro256** seeded by splitmix64, uniform and normal variates
// built only from integer arithmetic, IEEE sqrt and log. The sequence does not depend on the
// standard library in use, so a seed means the same data everywhere.
#pragma once
#include <cmath>
#include <cstdint>

namespace benign {

// splitmix64 (Steele, Lea, Flood 2014): seeds and stream derivation.
inline std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// xoshiro256** (Blackman & Vigna 2018).
class Rng {
 public:
  // `stream` separates independent sequences drawn from one seed (train data, test data, W(0), ...).
  explicit Rng(std::uint64_t seed, std::uint64_t stream = 0) {
    std::uint64_t x = seed ^ (0xD1B54A32D192ED03ULL * (stream + 1));
    for (auto& w : s_) w = splitmix64(x);
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0]; s_[3] ^= s_[1]; s_[1] ^= s_[2]; s_[0] ^= s_[3];
    s_[2] ^= t; s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform on [0, 1) with 53 random bits.
  double uniform() { return double(next() >> 11) * 0x1.0p-53; }
  // Uniform on (-1, 1) with 53 random bits, symmetric.
  double uniform_pm1() { return (double(next() >> 11) + 0.5) * 0x1.0p-52 - 1.0; }
  // Uniform integer in [0, k), unbiased (Lemire's rejection).
  std::uint64_t below(std::uint64_t k) {
    if (k == 0) return 0;
    std::uint64_t threshold = (0 - k) % k;
    for (;;) {
      std::uint64_t r = next();
      unsigned __int128 m = (unsigned __int128)r * k;
      if (std::uint64_t(m) >= threshold) return std::uint64_t(m >> 64);
    }
  }
  // Standard normal by Marsaglia's polar method (pairs cached).
  double normal() {
    if (has_spare_) { has_spare_ = false; return spare_; }
    double u, v, s;
    do {
      u = uniform_pm1();
      v = uniform_pm1();
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double f = std::sqrt(-2.0 * std::log(s) / s);
    spare_ = v * f;
    has_spare_ = true;
    return u * f;
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
  double spare_ = 0;
  bool has_spare_ = false;
};

// Named streams, so adding a new random quantity never shifts an existing one.
enum RngStream : std::uint64_t { kStreamTrainLabels = 1, kStreamTrainNoise = 2, kStreamTest = 3, kStreamW0 = 4, kStreamP0 = 5,
                              kStreamSampledTrain = 6, kStreamSampledW0 = 7, kStreamSampledTest = 8 };

}  // namespace benign
