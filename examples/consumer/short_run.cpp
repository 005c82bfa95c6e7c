// A short simulation through the library API (simulate/run.hpp); prints the final test accuracy.
#include <cmath>
#include <cstdio>

#include "core/config.hpp"
#include "simulate/dataset.hpp"
#include "simulate/run.hpp"

int main() {
  benign::Config c;  // the defaults of `benign run`, fewer steps and test samples
  benign::set_key(c, "d", "200");
  benign::set_key(c, "n_test", "200");
  benign::set_key(c, "steps", "200");
  benign::validate(c);
  const benign::Dataset D = benign::make_dataset(c);
  const benign::RunResult r = benign::run_simulation(c, D);
  const double acc = r.last().test_acc;
  if (!std::isfinite(acc)) return 1;
  std::printf("final test accuracy after %ld steps: %.4f\n", r.steps_done, acc);
  return 0;
}
