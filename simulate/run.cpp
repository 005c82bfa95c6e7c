#include "simulate/run.hpp"

#include <algorithm>
#include <cmath>
#include <csignal>
#include <stdexcept>
#include <unistd.h>

#include "core/precision.hpp"
#include "simulate/gram_reuse.hpp"

namespace benign {

RunResult run_simulation(const Config& c, const Dataset& D, const RunOptions& opt) {
  validate(c);
  if (opt.grams_from && !(c.engine == "reduced" && in_group(*opt.grams_from, c)))
    throw std::logic_error("run_simulation: grams_from needs engine = reduced and a config of the coefficients' group");
  if (!opt.grams_from && D.signal_columns_only())
    throw std::logic_error("run_simulation: a dataset with only its signal columns needs grams_from");
  const Precision p = c.precision_enum();
  if (p == Precision::Mpfr) set_mpfr_digits(unsigned(c.digits));
  return with_precision(p, [&](auto tag) { return run_simulation_typed<decltype(tag)>(c, D, opt); });
}

std::vector<long> checkpoint_steps(long steps, long every, long per_decade) {
  std::vector<long> m;
  if (every > 0) {
    for (long s = 0; s <= steps; s += every) m.push_back(s);
  } else {
    m.push_back(0);
    for (long k = 0;; ++k) {
      const double v = std::pow(10.0, double(k) / double(per_decade));
      if (v > double(steps)) break;
      m.push_back(long(std::llround(v)));
    }
  }
  m.push_back(steps);
  std::sort(m.begin(), m.end());
  m.erase(std::unique(m.begin(), m.end()), m.end());
  return m;
}

std::vector<long> observed_steps(const Config& c) {
  if (c.observe == "final") return {c.steps};
  return checkpoint_steps(c.steps, c.every, c.checkpoints_per_decade);
}

namespace {
std::atomic<bool> g_stop{false};
extern "C" void on_signal(int) {
  if (g_stop.exchange(true)) _exit(130);  // second signal: leave at once
}
}  // namespace

const std::atomic<bool>& install_interrupt_handler() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  return g_stop;
}

}  // namespace benign
