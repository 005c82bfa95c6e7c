// Numerics of the attention model (Stan-Math / Ceres habits): gradients against central finite
// differences taken in a 240-digit reference scalar, negative controls that the same checker must
// reject, softmax complements and the logistic loss at extreme gaps against 100-digit references,
// and training in bin50 at a logit gap of 1e4. Tolerances are stated in units of the working ε.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "sim_check.hpp"
#include "simulate/attention_model.hpp"
#include "simulate/engine_full.hpp"
#include "simulate/engine_reduced.hpp"
#include "simulate/logistic_loss.hpp"
#include "simulate/problem.hpp"
#include "simulate/run.hpp"
#include "simulate/softmax.hpp"

using namespace benign;
using benign::test::ref_t;

namespace {

// ---------------------------------------------------------------------------------------------
// ∂L/∂z: a batch of samples chosen to stress the formula.
struct ZCase {
  long n = 0, len = 0;
  std::vector<double> z, gamma;
  std::vector<int> y;
};

ZCase stress_case() {
  ZCase c;
  c.n = 6; c.len = 6;
  Rng rng(2024, 11);
  auto dy = [&](double s) { return std::ldexp(std::round(std::ldexp(s * rng.normal(), 12)), -12); };
  for (long i = 0; i < c.n; ++i) {
    for (long t = 0; t < c.len; ++t) c.gamma.push_back(dy(0.7));
    c.y.push_back(i % 2 ? -1 : 1);
  }
  // 0, 1: generic logits; 2: top gap ≈ 40 (1 − s ≈ 1e-17: the naive γ_t − f cancels);
  // 3: all logits tied; 4: wide spread incl. a gap of ≈ 18; 5: two tokens tied at the top, gap 40 below.
  for (long t = 0; t < c.len; ++t) c.z.push_back(dy(2.0));
  for (long t = 0; t < c.len; ++t) c.z.push_back(dy(2.0));
  for (double v : {40.0, 0.0, 0.5, -1.0, -2.0, 1.0}) c.z.push_back(v);
  for (long t = 0; t < c.len; ++t) c.z.push_back(0.25);
  for (double v : {-30.0, 5.0, 5.5, 23.5, -7.0, 0.0}) c.z.push_back(v);
  for (double v : {41.0, 41.0, 0.0, 1.0, -1.0, 0.5}) c.z.push_back(v);
  return c;
}

template <class S> std::vector<S> to_scalar(const std::vector<double>& v) {
  std::vector<S> out(v.size());
  for (std::size_t k = 0; k < v.size(); ++k) out[k] = S(v[k]);
  return out;
}

template <class S> std::vector<S> gradient_in(const ZCase& c) {
  const auto z = to_scalar<S>(c.z), ga = to_scalar<S>(c.gamma);
  std::vector<S> g(c.z.size());
  loss_and_gradient<S>(z.data(), ga.data(), c.y.data(), c.n, c.len, g.data());
  return g;
}

// The reference: central differences of L in ref_t, and the size of each component's terms.
struct ZReference {
  std::vector<ref_t> g_fd;     // (L(z + h e_k) − L(z − h e_k)) / 2h
  std::vector<ref_t> mag;      // |ℓ'(m_i)/n| · s_t Σ_{u≠t} s_u |γ_t − γ_u|  (sum of |terms|)
  std::vector<ref_t> spread;   // 1 + max_t z_t − min_t z_t of the sample (condition of exp)
};

// The reference of a batch given exactly in ref_t: the gradient by central differences (fd) or by
// the analytic formula evaluated in ref_t (for magnitudes below what differences resolve), plus the
// per-component size of the terms and the spread of the sample's logits.
ZReference reference_from(const std::vector<ref_t>& z, const std::vector<ref_t>& ga, const std::vector<int>& y, long n,
                          long len, bool fd) {
  ZReference r;
  const long N = n * len;
  r.g_fd.resize(N); r.mag.resize(N); r.spread.resize(N);
  if (fd) {
    const ref_t h = ref_t("1e-70");
    auto L = [&](const std::vector<ref_t>& zz) { return loss_and_gradient<ref_t>(zz.data(), ga.data(), y.data(), n, len, nullptr); };
    std::vector<ref_t> zp = z;
    for (long k = 0; k < N; ++k) {
      zp[k] = z[k] + h; const ref_t Lp = L(zp);
      zp[k] = z[k] - h; const ref_t Lm = L(zp);
      zp[k] = z[k];
      r.g_fd[k] = (Lp - Lm) / (2 * h);
    }
  } else {
    loss_and_gradient<ref_t>(z.data(), ga.data(), y.data(), n, len, r.g_fd.data());
  }
  SampleForward<ref_t> fw;
  for (long i = 0; i < n; ++i) {
    fw.run(z.data() + i * len, ga.data() + i * len, len, false);
    const ref_t w = abs(logistic_loss_derivative(ref_t(y[i]) * fw.f)) / ref_t(n);
    ref_t zmax = z[i * len], zmin = zmax;
    for (long t = 0; t < len; ++t) { zmax = std::max(zmax, z[i * len + t]); zmin = std::min(zmin, z[i * len + t]); }
    for (long t = 0; t < len; ++t) {
      ref_t acc = 0;
      for (long u = 0; u < len; ++u)
        if (u != t) acc += fw.s[u] * abs(ga[i * len + t] - ga[i * len + u]);
      r.mag[i * len + t] = w * fw.s[t] * acc;
      r.spread[i * len + t] = 1 + zmax - zmin;
    }
  }
  return r;
}

ZReference reference(const ZCase& c) {
  return reference_from(to_scalar<ref_t>(c.z), to_scalar<ref_t>(c.gamma), c.y, c.n, c.len, true);
}

// The checker: worst componentwise |g_k − g_FD,k| / (ε_S · spread_k · mag_k), in units of ε_S.
// A gradient passes if this is ≤ 64 (64 ε covers the O(T) rounding of the sums and of exp).
template <class S> double worst_ratio(const std::vector<S>& g, const ZReference& r) {
  const ref_t eps = test::to_ref(std::numeric_limits<S>::epsilon());
  double worst = 0;
  for (std::size_t k = 0; k < g.size(); ++k) {
    const ref_t err = abs(test::to_ref(g[k]) - r.g_fd[k]);
    if (r.mag[k] == 0) { if (err != 0) return std::numeric_limits<double>::infinity(); continue; }
    worst = std::max(worst, static_cast<double>(err / (eps * r.spread[k] * r.mag[k])));
  }
  return worst;
}

constexpr double kGradTolEps = 64;

}  // namespace

TEST_CASE("dL/dz of loss_and_gradient matches 240-digit central differences", "[numerics][gradient]") {
  const ZCase c = stress_case();
  const ZReference r = reference(c);

  SECTION("the reference itself: the analytic formula in ref_t equals the finite differences to 1e-120") {
    const auto g = gradient_in<ref_t>(c);
    ref_t worst = 0, scale = 0;
    for (std::size_t k = 0; k < g.size(); ++k) {
      worst = std::max(worst, ref_t(abs(g[k] - r.g_fd[k])));
      scale = std::max(scale, ref_t(abs(r.g_fd[k])));
    }
    BENIGN_REPORT("ref_t analytic vs FD: max abs diff / max |g| = %.3g", static_cast<double>(worst / scale));
    CHECK(worst <= ref_t("1e-120") * scale);
  }
  SECTION("double: componentwise within 64 eps (incl. the gap-40 and tied samples)") {
    const double w = worst_ratio(gradient_in<double>(c), r);
    BENIGN_REPORT("double gradient: worst error %.3g eps-units (tol %.0f)", w, kGradTolEps);
    CHECK(w <= kGradTolEps);
  }
  SECTION("dd: componentwise within 64 eps (eps = 2^-104)") {
    const double w = worst_ratio(gradient_in<dd>(c), r);
    BENIGN_REPORT("dd gradient: worst error %.3g eps-units (tol %.0f)", w, kGradTolEps);
    CHECK(w <= kGradTolEps);
  }
  SECTION("long double, float128, bin50, bin100: componentwise within 64 eps of each") {
    const double wl = worst_ratio(gradient_in<long double>(c), r);
    const double wq = worst_ratio(gradient_in<float128>(c), r);
    const double w50 = worst_ratio(gradient_in<bin50>(c), r);
    const double w100 = worst_ratio(gradient_in<bin100>(c), r);
    BENIGN_REPORT("gradient worst error in eps-units: long double %.3g, float128 %.3g, bin50 %.3g, bin100 %.3g", wl, wq, w50,
                  w100);
    CHECK(wl <= kGradTolEps);
    CHECK(wq <= kGradTolEps);
    CHECK(w50 <= kGradTolEps);
    CHECK(w100 <= kGradTolEps);
  }
}

TEST_CASE("negative controls: the gradient checker rejects wrong derivatives", "[numerics][gradient][negative]") {
  const ZCase c = stress_case();
  const ZReference r = reference(c);
  // Wrong derivatives built from the same forward pass in double.
  auto wrong = [&](int variant) {
    std::vector<double> g(c.z.size());
    SampleForward<double> fw;
    for (long i = 0; i < c.n; ++i) {
      fw.run(c.z.data() + i * c.len, c.gamma.data() + i * c.len, c.len, true);
      const double w = logistic_loss_derivative(double(c.y[i]) * fw.f) * c.y[i] / double(c.n);
      for (long t = 0; t < c.len; ++t) {
        const double gt = c.gamma[i * c.len + t];
        double d = 0;
        if (variant == 0) {  // drop the s_t factor: Σ_u s_u (γ_t − γ_u) = γ_t − f
          for (long u = 0; u < c.len; ++u) if (u != t) d += fw.s[u] * (gt - c.gamma[i * c.len + u]);
        } else if (variant == 1) {  // γ_t instead of γ_t − f
          d = fw.s[t] * gt;
        } else if (variant == 2) {  // right formula, cancelling evaluation s_t (γ_t − f)
          d = fw.s[t] * (gt - fw.f);
        } else {  // sign error on ℓ'
          d = -fw.dfdz[t];
        }
        g[i * c.len + t] = w * d;
      }
    }
    return g;
  };
  const double r_drop = worst_ratio(wrong(0), r), r_gamma = worst_ratio(wrong(1), r);
  const double r_cancel = worst_ratio(wrong(2), r), r_sign = worst_ratio(wrong(3), r);
  BENIGN_REPORT("negative controls (eps-units, tol %.0f): drop s_t %.3g, gamma_t for gamma_t-f %.3g, naive s_t(gamma_t-f) %.3g, sign %.3g",
                kGradTolEps, r_drop, r_gamma, r_cancel, r_sign);
  CHECK(r_drop > 1e6 * kGradTolEps);
  CHECK(r_gamma > 1e6 * kGradTolEps);
  CHECK(r_sign > 1e6 * kGradTolEps);
  // The mathematically right but cancelling form loses all digits on the gap-40 sample.
  CHECK(r_cancel > 100 * kGradTolEps);
}

// ---------------------------------------------------------------------------------------------
// ∇_W, ∇_p of the full model (u = Xᵀg, ∇_W = u pᵀ, ∇_p = Wᵀu) on a tiny generic problem, read off
// one FullEngine step (∇ = (θ − θ')/lr), against central differences of L(W, p) in ref_t.

namespace {

struct WpReference {
  Mat<ref_t> gW;  // ∂L/∂W (d×d)
  Vec<ref_t> gp;  // ∂L/∂p
};

// L(W, p) = loss(z = X W p, γ = X ν) in ref_t.
ref_t loss_Wp(const Dataset& D, const Mat<ref_t>& W, const Vec<ref_t>& p) {
  const Mat<ref_t> X = D.X.cast<ref_t>();
  const Vec<ref_t> nu = D.nu.cast<ref_t>();
  const Vec<ref_t> gamma = X * nu;
  const Vec<ref_t> z = X * (W * p);
  return loss_and_gradient<ref_t>(z.data(), gamma.data(), D.y.data(), D.n, D.T, nullptr);
}

WpReference reference_Wp(const Dataset& D) {
  const long d = D.d;
  Mat<ref_t> W = D.W0.cast<ref_t>();
  Vec<ref_t> p = D.p0.cast<ref_t>();
  const ref_t h("1e-70");
  WpReference r;
  r.gW.resize(d, d); r.gp.resize(d);
  for (long a = 0; a < d; ++a)
    for (long b = 0; b < d; ++b) {
      const ref_t w0 = W(a, b);
      W(a, b) = w0 + h; const ref_t Lp = loss_Wp(D, W, p);
      W(a, b) = w0 - h; const ref_t Lm = loss_Wp(D, W, p);
      W(a, b) = w0;
      r.gW(a, b) = (Lp - Lm) / (2 * h);
    }
  for (long b = 0; b < d; ++b) {
    const ref_t p0 = p[b];
    p[b] = p0 + h; const ref_t Lp = loss_Wp(D, W, p);
    p[b] = p0 - h; const ref_t Lm = loss_Wp(D, W, p);
    p[b] = p0;
    r.gp[b] = (Lp - Lm) / (2 * h);
  }
  return r;
}

// max |A − R| / (ε_S · scale), scale = max(‖R‖∞, ‖θ‖∞) (θ − θ' loses ε‖θ‖ to rounding).
template <class S> double ratio_vs(const Mat<S>& A, const Mat<ref_t>& R, const ref_t& scale) {
  ref_t worst = 0;
  for (long i = 0; i < R.rows(); ++i)
    for (long j = 0; j < R.cols(); ++j) worst = std::max(worst, ref_t(abs(test::to_ref(A(i, j)) - R(i, j))));
  return static_cast<double>(worst / (test::to_ref(std::numeric_limits<S>::epsilon()) * scale));
}

template <class S> ref_t inf_norm(const Mat<S>& A) {
  ref_t m = 0;
  for (long i = 0; i < A.rows(); ++i) for (long j = 0; j < A.cols(); ++j) m = std::max(m, ref_t(abs(test::to_ref(A(i, j)))));
  return m;
}

template <class S> struct WpResult { double ratio_W = 0, ratio_p = 0, ratio_W_wrong = 0, ratio_p_wrong = 0; };

template <class S> WpResult<S> check_full_gradient(const Dataset& D, const WpReference& ref) {
  const Config c = test::tiny_config(D);
  const Problem<S> P = make_problem<S>(c, D);
  FullEngine<S> eng(c, D, TrainMode::parse("Wp"));
  Vec<S> g(P.N());
  loss_and_gradient<S>(eng.z().data(), P.gamma.data(), P.y.data(), P.n, P.T_tokens, g.data());
  const Mat<S> W = eng.W();
  const Vec<S> p = eng.p();
  eng.step(S(1), g);
  const Mat<S> gW = W - eng.W();
  const Mat<S> gp = p - eng.p();
  const ref_t scale_W = std::max(inf_norm<ref_t>(ref.gW), inf_norm<S>(W));
  const ref_t scale_p = std::max(inf_norm<ref_t>(Mat<ref_t>(ref.gp)), inf_norm<S>(Mat<S>(p)));
  WpResult<S> out;
  out.ratio_W = ratio_vs<S>(gW, ref.gW, scale_W);
  out.ratio_p = ratio_vs<S>(gp, Mat<ref_t>(ref.gp), scale_p);
  // Negative controls: the transposes a slip in the chain rule would produce.
  const Vec<S> u = D.X.cast<S>().transpose() * g;
  out.ratio_W_wrong = ratio_vs<S>(Mat<S>(p * u.transpose()), ref.gW, scale_W);  // p uᵀ instead of u pᵀ
  out.ratio_p_wrong = ratio_vs<S>(Mat<S>(W * u), Mat<ref_t>(ref.gp), scale_p);   // W u instead of Wᵀ u
  return out;
}

}  // namespace

TEST_CASE("full model: grad_W = u p^T and grad_p = W^T u match central differences", "[numerics][gradient]") {
  // n = 3 samples, T = 3 tokens, d = 4: 16 + 4 parameters, all entries generic.
  const Dataset D = test::tiny_dataset(3, 3, 4, 2, 99, true, 1.0);
  const WpReference ref = reference_Wp(D);
  const auto rd = check_full_gradient<double>(D, ref);
  const auto r50 = check_full_gradient<bin50>(D, ref);
  const auto rdd = check_full_gradient<dd>(D, ref);
  const auto r100 = check_full_gradient<bin100>(D, ref);
  BENIGN_REPORT("full-model gradient error (eps-units, tol 1e3): double W %.3g p %.3g; bin50 W %.3g p %.3g; bin100 W %.3g p %.3g",
                rd.ratio_W, rd.ratio_p, r50.ratio_W, r50.ratio_p, r100.ratio_W, r100.ratio_p);
  BENIGN_REPORT("negative controls (eps-units): double p u^T %.3g, W u %.3g; bin100 %.3g, %.3g", rd.ratio_W_wrong,
                rd.ratio_p_wrong, r100.ratio_W_wrong, r100.ratio_p_wrong);
  CHECK(rd.ratio_W <= 1e3);
  CHECK(rd.ratio_p <= 1e3);
  CHECK(r50.ratio_W <= 1e3);
  CHECK(r50.ratio_p <= 1e3);
  BENIGN_REPORT("full-model gradient error in dd (eps = 2^-104, tol 1e3): W %.3g p %.3g", rdd.ratio_W, rdd.ratio_p);
  CHECK(rdd.ratio_W <= 1e3);
  CHECK(rdd.ratio_p <= 1e3);
  CHECK(r100.ratio_W <= 1e3);
  CHECK(r100.ratio_p <= 1e3);
  CHECK(rd.ratio_W_wrong > 1e6);
  CHECK(rd.ratio_p_wrong > 1e6);
  CHECK(r100.ratio_W_wrong > 1e6);
  CHECK(r100.ratio_p_wrong > 1e6);
}

TEST_CASE("one step of either engine equals the update built from finite-difference gradients", "[numerics][gradient][engines]") {
  // Engines in bin100 (set-up native) against z' = X (W − η ∇_W)(p − η ∇_p) from ref_t differences,
  // for train = Wp, p, W. Relative ‖·‖∞ error ≤ 1e3 ε_bin100.
  const Dataset D = test::tiny_dataset(3, 3, 4, 2, 5, true, 1.0);
  const WpReference ref = reference_Wp(D);
  const ref_t lr("0.25");
  for (const char* mode : {"Wp", "p", "W"}) {
    CAPTURE(mode);
    const TrainMode tm = TrainMode::parse(mode);
    Mat<ref_t> W = D.W0.cast<ref_t>();
    Vec<ref_t> p = D.p0.cast<ref_t>();
    if (tm.W) W -= lr * ref.gW;
    if (tm.p) p -= lr * ref.gp;
    const Vec<ref_t> z_ref = D.X.cast<ref_t>() * (W * p);
    const Vec<ref_t> zt_ref = D.X_test.cast<ref_t>() * (W * p);

    Config c = test::tiny_config(D);
    c.train = mode;
    const Problem<bin100> P = make_problem<bin100>(c, D);
    const Grams<bin100> G = make_grams<bin100>(c, D);
    REQUIRE(G.precision == "bin100");
    ReducedEngine<bin100> red(G, tm);
    FullEngine<bin100> full(c, D, tm);
    Vec<bin100> g(P.N());
    loss_and_gradient<bin100>(red.z().data(), P.gamma.data(), P.y.data(), P.n, P.T_tokens, g.data());
    red.step(bin100(lr), g);
    const Mat<bin100> W_before = full.W();
    const Vec<bin100> p_before = full.p();
    loss_and_gradient<bin100>(full.z().data(), P.gamma.data(), P.y.data(), P.n, P.T_tokens, g.data());
    full.step(bin100(lr), g);
    // The parameter that is not trained stays bit for bit.
    if (!tm.W) CHECK(full.W() == W_before);
    if (!tm.p) CHECK(full.p() == p_before);
    const double eps100 = 1e3 * test::eps_of<bin100>();
    auto rel = [](const Vec<bin100>& a, const Vec<ref_t>& b) {
      ref_t num = 0, den = 0;
      for (long k = 0; k < b.size(); ++k) { num = std::max(num, ref_t(abs(ref_t(a[k]) - b[k]))); den = std::max(den, ref_t(abs(b[k]))); }
      return static_cast<double>(num / den);
    };
    const double e_red = rel(red.z(), z_ref), e_full = rel(full.z(), z_ref);
    const double e_red_t = rel(red.z_test(), zt_ref), e_full_t = rel(full.z_test(), zt_ref);
    BENIGN_REPORT("one step %s (bin100): reduced z %.3g, z_test %.3g; full z %.3g, z_test %.3g (tol %.3g)", mode, e_red, e_red_t,
                  e_full, e_full_t, eps100);
    CHECK(e_red <= eps100);
    CHECK(e_full <= eps100);
    CHECK(e_red_t <= eps100);
    CHECK(e_full_t <= eps100);
  }
}

// ---------------------------------------------------------------------------------------------
// Softmax complements and the logistic loss at extreme arguments.

namespace {

// Relative error of a double against a 100-digit value, allowing for the value's own rounding
// to double (subnormal range): |x − r| ≤ k ε |r| + denorm_min.
bool close_in_double(double x, const bin100& r, double k_eps, double* ratio_out = nullptr) {
  const bin100 err = abs(bin100(x) - r);
  const bin100 allow = bin100(k_eps * std::numeric_limits<double>::epsilon()) * abs(r) +
                       bin100(std::numeric_limits<double>::denorm_min());
  if (ratio_out) *ratio_out = static_cast<double>(err / (bin100(std::numeric_limits<double>::epsilon()) * (abs(r) > 0 ? abs(r) : bin100(1))));
  return err <= allow;
}

}  // namespace

TEST_CASE("softmax: 1 - s stays non-zero and correct at large gaps", "[numerics][softmax]") {
  for (const long len : {2L, 8L}) {
    for (const double gap : {1.0, 10.0, 40.0, 100.0, 300.0, 700.0}) {
      CAPTURE(len, gap);
      std::vector<double> z(len, 0.0), s(len), comp(len);
      z[0] = gap;
      softmax(z.data(), len, s.data(), comp.data());
      // Exact: 1 − s_0 = (len−1) e^{−gap} / (1 + (len−1) e^{−gap}), s_u = e^{−gap} / (1 + (len−1)e^{−gap}).
      const bin100 e = exp(bin100(-gap)), m = bin100(len - 1);
      const bin100 comp_exact = m * e / (1 + m * e), s_other = e / (1 + m * e);
      double ratio = 0;
      CHECK(comp[0] > 0);
      CHECK(close_in_double(comp[0], comp_exact, 4, &ratio));
      CHECK(close_in_double(s[1], s_other, 4));
      CHECK(close_in_double(s[0], bin100(1) / (1 + m * e), 2));
      if (gap == 40.0) {
        BENIGN_REPORT("double, len %ld, gap 40: 1-s = %.17g, error %.3g eps (tol 4); naive 1 - s_0 = %g", len, comp[0], ratio, 1.0 - s[0]);
        CHECK(1.0 - s[0] == 0.0);  // why the complement is summed, never subtracted
      }
    }
  }
  // Boost's exp for cpp_bin_float reduces the argument with a working-precision ln 2, so its error
  // grows like |x|/2 ulp (measured: 5.4e3 ε at x = −1e4 in bin50, 3.5e5 ε at −1e6 in bin100). That is
  // the condition number of exp at x, the size any rounding of the logits would cause anyway; the
  // tolerance is therefore 8 ε (1 + gap), as in the gradient checker's (1 + spread) factor.
  SECTION("dd at gaps 40 and 600: within 8 eps (1 + gap) of the 240-digit value (eps = 2^-104)") {
    for (const double gap : {40.0, 600.0}) {
      CAPTURE(gap);
      std::vector<dd> z = {dd(gap), dd(0), dd(-3), dd(0)}, s(4), comp(4);
      softmax(z.data(), 4, s.data(), comp.data());
      const ref_t e0 = exp(ref_t(-gap)), e2 = exp(ref_t(-gap - 3));
      const ref_t exact = (2 * e0 + e2) / (1 + 2 * e0 + e2);
      const double r = static_cast<double>(abs(test::to_ref(comp[0]) - exact) / (exact * test::to_ref(test::eps_t<dd>())));
      BENIGN_REPORT("dd gap %g: error of 1-s %.3g eps (tol 8(1+gap) = %.3g)", gap, r, 8 * (1 + gap));
      CHECK(comp[0] > 0);
      CHECK(r <= 8 * (1 + gap));
    }
  }
  SECTION("bin50 at a gap of 1e4 and bin100 at 1e6: within 8 eps (1 + gap) of the 240-digit value") {
    {
      std::vector<bin50> z = {bin50(10000), bin50(0), bin50(-3), bin50(0)}, s(4), comp(4);
      softmax(z.data(), 4, s.data(), comp.data());
      const ref_t e0 = exp(ref_t(-10000)), e2 = exp(ref_t(-10003));
      const ref_t exact = (2 * e0 + e2) / (1 + 2 * e0 + e2);
      const double r = static_cast<double>(abs(ref_t(comp[0]) - exact) / (exact * ref_t(test::eps_t<bin50>())));
      BENIGN_REPORT("bin50 gap 1e4: log10(1-s) = %.6f, error %.3g eps (tol 8(1+gap) = %.3g)", static_cast<double>(log10(comp[0])), r,
                    8 * (1 + 1e4));
      CHECK(comp[0] > 0);
      CHECK(r <= 8 * (1 + 1e4));
    }
    {
      std::vector<bin100> z = {bin100(1000000), bin100(0)}, s(2), comp(2);
      softmax(z.data(), 2, s.data(), comp.data());
      const ref_t e0 = exp(ref_t(-1000000));
      const ref_t exact = e0 / (1 + e0);
      const double r = static_cast<double>(abs(ref_t(comp[0]) - exact) / (exact * ref_t(test::eps_t<bin100>())));
      BENIGN_REPORT("bin100 gap 1e6: error %.3g eps (tol 8(1+gap))", r);
      CHECK(comp[0] > 0);
      CHECK(r <= 8 * (1 + 1e6));
    }
  }
}

TEST_CASE("logistic loss and derivative: no overflow, within 4 eps of bin100 at extreme margins", "[numerics][loss]") {
  for (const double m : {-1e3, -745.0, -700.0, -40.0, -1.0, -1e-8, 0.0, 1e-8, 1.0, 40.0, 700.0, 745.0, 1e3}) {
    CAPTURE(m);
    const double l = logistic_loss(m), dl = logistic_loss_derivative(m);
    CHECK(std::isfinite(l));
    CHECK(std::isfinite(dl));
    const bin100 M(m);
    // ℓ(m) = log(1 + e^{−m}) (log1p form: 1 + e^{−700} is 1 even in 100 digits), ℓ'(m) = −1/(1 + e^{m}).
    const bin100 l_ref = m >= 0 ? bin100(boost::math::log1p(bin100(exp(-M)))) : bin100(-M + boost::math::log1p(bin100(exp(M))));
    const bin100 dl_ref = -1 / (1 + exp(M));
    double rl = 0, rdl = 0;
    CHECK(close_in_double(l, l_ref, 4, &rl));
    CHECK(close_in_double(dl, dl_ref, 4, &rdl));
    if (std::abs(m) == 40.0 || std::abs(m) == 1e3)
      BENIGN_REPORT("logistic m=%g: l=%.17g (log10 ref %.4f, err %.3g eps*|ref|), l'=%.17g (err %.3g eps*|ref|)", m, l,
                    static_cast<double>(log10(l_ref)), rl, dl, rdl);
  }
  SECTION("dd at margins up to ±600 within 8 eps (1 + |m|) (eps = 2^-104; libqd's exp has the condition of exp too)") {
    // Beyond ±669 ℓ or ℓ' falls below dd's smallest normal 2^-969 ≈ 2e-292, where dd keeps only double's digits.
    for (const double m : {-600.0, -40.0, -1.0, -1e-8, 1e-8, 1.0, 40.0, 600.0}) {
      CAPTURE(m);
      const dd l = logistic_loss(dd(m)), dl = logistic_loss_derivative(dd(m));
      const ref_t M(m);
      const ref_t l_ref = m > 0 ? ref_t(log1p(exp(-M))) : ref_t(-M + log1p(exp(M)));
      const ref_t dl_ref = -1 / (1 + exp(M));
      const ref_t e = test::to_ref(test::eps_t<dd>());
      const ref_t tol = 8 * e * (1 + abs(M));
      const double rl = static_cast<double>(abs(test::to_ref(l) - l_ref) / (e * abs(l_ref)));
      const double rdl = static_cast<double>(abs(test::to_ref(dl) - dl_ref) / (e * abs(dl_ref)));
      BENIGN_REPORT("dd logistic m=%g: errors %.3g eps, %.3g eps (tol %.3g)", m, rl, rdl, static_cast<double>(tol / e));
      CHECK(abs(test::to_ref(l) - l_ref) <= tol * abs(l_ref));
      CHECK(abs(test::to_ref(dl) - dl_ref) <= tol * abs(dl_ref));
    }
  }
  SECTION("bin50 at margins ±1e4 within 8 eps (1 + |m|) (the condition of exp, see the softmax test)") {
    for (const double m : {-1e4, 1e4}) {
      const bin50 l = logistic_loss(bin50(m)), dl = logistic_loss_derivative(bin50(m));
      const ref_t M(m);
      const ref_t l_ref = m > 0 ? ref_t(exp(-M)) - exp(-2 * M) / 2 : ref_t(-M + log1p(exp(M)));
      const ref_t dl_ref = -1 / (1 + exp(M));
      const ref_t e = ref_t(test::eps_t<bin50>());
      const ref_t tol = 8 * e * (1 + abs(M));
      const double rl = static_cast<double>(abs(ref_t(l) - l_ref) / (e * abs(l_ref)));
      const double rdl = static_cast<double>(abs(ref_t(dl) - dl_ref) / (e * abs(dl_ref)));
      BENIGN_REPORT("bin50 logistic m=%g: errors %.3g eps, %.3g eps (tol %.3g)", m, rl, rdl, static_cast<double>(tol / e));
      CHECK(abs(ref_t(l) - l_ref) <= tol * abs(l_ref));
      CHECK(abs(ref_t(dl) - dl_ref) <= tol * abs(dl_ref));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Training at a logit gap of 1e4: bin50 must run without NaN or inf and keep 1 − s resolved;
// double loses 1 − s (it underflows) and must say so in its diagnostics, still without NaN.

namespace {

// The paper's data at a small size, W(0) = I and p(0) = λ(e_1 + e_2): the relevant token's logit is
// λ(‖μ‖ + noise) and the others λ·noise, so gaps are ≈ λ‖μ‖.
std::pair<Config, Dataset> huge_gap_problem(double lambda) {
  Config c;
  c.n = 8; c.n_test = 16; c.d = 40; c.mu = Real(20.0);
  c.w_init = "identity";
  c.steps = 5; c.every = 1; c.lr = Real(0.05);
  Dataset D = make_dataset(c);
  D.has_p0 = true;
  D.p0 = VecD::Zero(c.d);
  D.p0[0] = lambda; D.p0[1] = lambda;
  return {c, D};
}

bool checkpoint_finite(const Checkpoint& cp) {
  bool ok = std::isfinite(cp.train_loss) && std::isfinite(cp.test_loss) && std::isfinite(cp.p_norm) &&
            std::isfinite(cp.q_pos) && std::isfinite(cp.q_neg) && std::isfinite(cp.max_gap);
  for (double v : cp.tracked) ok = ok && std::isfinite(v);
  return ok;
}

}  // namespace

TEST_CASE("bin50 trains at logit gaps of 1e4 without NaN or inf", "[numerics][extreme]") {
  auto [c, D] = huge_gap_problem(700.0);
  SECTION("bin50: finite, complements resolved, gradient non-zero") {
    c.precision = "bin50";
    const RunResult r = run_simulation(c, D);
    REQUIRE(r.checkpoints.size() == 6);
    for (const auto& cp : r.checkpoints) CHECK(checkpoint_finite(cp));
    BENIGN_REPORT("bin50 huge-gap run: max gap %.6g, log10 min(1-s) %.6g, resolved %d, final train loss %.17g",
                  r.diagnostics.max_gap, r.diagnostics.log10_min_complement, int(r.diagnostics.resolved), r.last().train_loss);
    CHECK(r.diagnostics.max_gap >= 1e4);
    CHECK(r.diagnostics.resolved);
    CHECK(std::isfinite(r.diagnostics.log10_min_complement));
    CHECK(r.diagnostics.log10_min_complement < -4000);
    // The engine's state directly: z, K, c stay finite and ∂L/∂z is resolved (non-zero) on every token.
    const Problem<bin50> P = make_problem<bin50>(c, D);
    const Grams<bin50> G = make_grams<bin50>(c, D);
    ReducedEngine<bin50> eng(G, TrainMode::parse("Wp"));
    Vec<bin50> g(P.N());
    for (int s = 0; s < 5; ++s) {
      const bin50 L = loss_and_gradient<bin50>(eng.z().data(), P.gamma.data(), P.y.data(), P.n, P.T_tokens, g.data());
      CHECK(boost::multiprecision::isfinite(L));
      CHECK(test::all_finite(g));
      long zeros = 0;
      for (long k = 0; k < g.size(); ++k) zeros += g[k] == 0;
      CHECK(zeros == 0);
      eng.step(c.lr.as<bin50>(), g);
    }
    CHECK(test::all_finite(eng.z()));
    CHECK(test::all_finite(eng.state().K));
    CHECK(boost::multiprecision::isfinite(eng.state().c));
    CHECK(test::all_finite(eng.z_test()));
    // And it is the right gradient: componentwise within 64 ε(1 + spread) of the analytic formula in
    // ref_t on the same (exactly converted) inputs; differences cannot resolve e^{-1e4}, the formula
    // itself is checked against differences above.
    std::vector<ref_t> zr(P.N()), gar(P.N());
    for (long k = 0; k < P.N(); ++k) { zr[k] = ref_t(eng.z()[k]); gar[k] = ref_t(P.gamma[k]); }
    loss_and_gradient<bin50>(eng.z().data(), P.gamma.data(), P.y.data(), P.n, P.T_tokens, g.data());
    const ZReference ref = reference_from(zr, gar, P.y, P.n, P.T_tokens, false);
    std::vector<bin50> gv(g.data(), g.data() + g.size());
    const double worst = worst_ratio(gv, ref);
    BENIGN_REPORT("bin50 gradient at gap 1e4 vs 240 digits: worst %.3g eps-units (tol 64)", worst);
    CHECK(worst <= 64);
  }
  SECTION("double: no NaN, and the diagnostics report the lost complement") {
    c.precision = "double";
    const RunResult r = run_simulation(c, D);
    for (const auto& cp : r.checkpoints) CHECK(checkpoint_finite(cp));
    CHECK_FALSE(r.diagnostics.resolved);
    CHECK(r.diagnostics.message.find("bin50") != std::string::npos);
  }
}
