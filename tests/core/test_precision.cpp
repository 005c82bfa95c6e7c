// core/precision: the process-wide mpfr digits and how many threads may share them; the dd type.
#include <catch2/catch.hpp>

#include <boost/math/special_functions/expm1.hpp>
#include <boost/math/special_functions/log1p.hpp>

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

namespace {
// Exact value of a dd in 100 digits (hi + lo is exact there).
bin100 wide(const dd& x) { return bin100(x.hi()) + bin100(x.lo()); }
// |x − ref| in units of dd's ε = 2^-104 relative to |ref|.
double eps_units(const dd& x, const bin100& ref) {
  return static_cast<double>(abs(wide(x) - ref) / (abs(ref) * bin100(std::ldexp(1.0, -104))));
}
}  // namespace

TEST_CASE("dd: parsed by name, exact from integers and strings, printed with every digit", "[precision][dd]") {
  CHECK(parse_precision("dd") == Precision::Dd);
  CHECK(precision_name(Precision::Dd) == "dd");
  CHECK(std::string(scalar_name<dd>()) == "dd");
  CHECK(with_precision(Precision::Dd, [](auto x) { return std::string(scalar_name<decltype(x)>()); }) == "dd");
  CHECK(static_cast<double>(std::numeric_limits<dd>::epsilon()) == std::ldexp(1.0, -104));
  // A 63-bit integer does not fit a double; in dd it is exact.
  const long big = (1L << 62) + 12345;
  CHECK(wide(dd(big)) == bin100(big));
  CHECK(static_cast<long>(dd(big)) == big);
  // Decimal text: the nearest dd, within 2^-106 relative (half an ulp of the 106-bit value), inside
  // dd's normal range (above 2^-969 ≈ 2e-292 the low part is a normal double).
  for (const char* s : {"0.1", "3.14159265358979323846264338327950288", "-2.5e-280", "1e300", "7"}) {
    CAPTURE(s);
    const double r = eps_units(from_string<dd>(s), bin100(s));
    CHECK(r <= 0.25);  // 2^-106 = ε/4
  }
  // Round trip of to_text (34 significant digits) for values made by arithmetic.
  for (const dd& x : {dd(1) / dd(3), dd(2) / dd(7) * dd("1e-200"), -sqrt(dd(2)), exp(dd(50))}) {
    const dd back = from_string<dd>(to_text(x));
    CAPTURE(to_text(x));
    CHECK(eps_units(back, wide(x)) <= 0.25);
    CHECK(to_text(x).size() >= 34);
  }
}

TEST_CASE("dd: + and - are IEEE-style (no loss under cancellation), exp, log, expm1, log1p within a few eps", "[precision][dd]") {
  // a − b with a ≈ b: libqd's default "sloppy" addition bounds the error by ε(|a| + |b|) only; the
  // IEEE-style addition dd uses keeps it below 2 ε |a − b| (checked here at a cancellation of 2^-50).
  const dd a = dd(1) + dd(std::ldexp(1.0, -50)) / dd(3), b = dd(1) - dd(std::ldexp(1.0, -51)) / dd(7);
  CHECK(eps_units(a - b, wide(a) - wide(b)) <= 2);
  // Elementary functions against 100 digits; tolerance 8 ε (1 + |x|) (exp's condition is |x|); results
  // inside dd's normal range (e^-600 ≈ 3e-261; below 2e-292 dd keeps only double's digits).
  for (const char* s : {"-600", "-30.5", "-1", "-1e-10", "1e-12", "0.375", "1", "20", "700"}) {
    CAPTURE(s);
    const dd x(s);
    const bin100 X(s);
    const double tol = 8 * (1 + std::abs(static_cast<double>(x)));
    CHECK(eps_units(exp(x), exp(X)) <= tol);
    CHECK(eps_units(expm1(x), bin100(boost::math::expm1(X))) <= tol);
    if (X > -1) CHECK(eps_units(log1p(x), bin100(boost::math::log1p(X))) <= 8);
    if (X > 0 && X != 1) CHECK(eps_units(log(x), log(X)) <= 8);
  }
  // frexp / ldexp: the mantissa in [1/2, 1), also when hi is a power of two and lo negative.
  int e = 0;
  const dd m = frexp(dd(1.0, -std::ldexp(1.0, -60)), &e);
  CHECK(e == 0);
  CHECK(m >= dd(0.5));
  CHECK(m < dd(1));
  CHECK(ldexp(m, e) == dd(1.0, -std::ldexp(1.0, -60)));
}
