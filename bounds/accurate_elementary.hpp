// exp, expm1 and log with an error below about 1 eps in every precision. glibc, libquadmath and MPFR are
// accurate already; cpp_bin_float (bin50, bin100) reduces the argument with ln 2 at the working
// precision (an error of about |z|·eps relative in exp) and loses a few eps in log, so for those
// types both are evaluated in twice the digits and rounded once.
#pragma once
#include <boost/multiprecision/cpp_bin_float.hpp>
#include <cmath>
#include <type_traits>

namespace benign::bounds_detail {

template <class S> struct wider_bin_float { using type = void; };
template <unsigned D, boost::multiprecision::expression_template_option E>
struct wider_bin_float<boost::multiprecision::number<boost::multiprecision::cpp_bin_float<D>, E>> {
  using type = boost::multiprecision::number<boost::multiprecision::cpp_bin_float<2 * D>, E>;
};

template <class S> S exp_accurate(const S& z) {
  using std::exp;
  using W = typename wider_bin_float<S>::type;
  if constexpr (std::is_void_v<W>) return exp(z);
  else return S(exp(W(z)));
}

template <class S> S expm1_accurate(const S& z) {
  using std::expm1;
  using W = typename wider_bin_float<S>::type;
  if constexpr (std::is_void_v<W>) return expm1(z);
  else return S(expm1(W(z)));
}

template <class S> S log_accurate(const S& z) {
  using std::log;
  using W = typename wider_bin_float<S>::type;
  if constexpr (std::is_void_v<W>) return log(z);
  else return S(log(W(z)));
}

}  // namespace benign::bounds_detail
