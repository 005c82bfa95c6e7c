// Wilson score interval for a binomial proportion (Wilson 1927; Agresti & Coull 1998, eq. 2):
// frequencies over seeds are reported with it ("benign in 16/16 seeds, [0.81, 1.00]").
#pragma once

namespace benign {

struct Proportion {
  long successes = 0, trials = 0;
  double estimate = 0, lo = 0, hi = 1;  // k/n and the interval (0, 1 when trials = 0)
};

// (p̂ + z²/2n ± z √(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n), z = 1.959964 for 95%.
Proportion wilson_interval(long successes, long trials, double z = 1.959963984540054);

}  // namespace benign
