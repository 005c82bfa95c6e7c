// core/precision: the process-wide mpfr digits and how many threads may share them.
#include <catch2/catch.hpp>

#include "core/precision.hpp"

using namespace benign;

TEST_CASE("threads_for_precisions: one thread when jobs need different mpfr digits", "[precision]") {
  // No mpfr job: the requested thread count, digits untouched.
  set_mpfr_digits(40);
  CHECK(threads_for_precisions({{"double", 50}, {"bin50", 50}}, 2) == 2);
  CHECK(mpfr::default_precision() == 40);
  // One common mpfr precision: set before the threads start, thread count kept.
  CHECK(threads_for_precisions({{"mpfr", 77}, {"double", 50}, {"mpfr", 77}}, 2) == 2);
  CHECK(mpfr::default_precision() == 77);
  // Two different mpfr precisions cannot share the process-wide value: run one job at a time.
  CHECK(threads_for_precisions({{"mpfr", 30}, {"mpfr", 60}}, 2) == 1);
  // The digits really change what is computed (a variable made after the change has them).
  set_mpfr_digits(30);
  const mpfr third30 = mpfr(1) / 3;
  set_mpfr_digits(60);
  const mpfr third60 = mpfr(1) / 3;
  CHECK(third30.precision() == 30);
  CHECK(third60.precision() == 60);
  CHECK(third30 != third60);
}
