// Generates the golden tables of tests/bounds/golden/*.csv: g, g', g⁻¹, gap time, gap reached, SNR
// and its margins, at 800 bits (≈ 240 digits) with the MPFR C library directly, by methods
// independent of bounds/: g and g' from their definitions with mpfr_sinh / mpfr_cosh, g⁻¹ and the
// gap reached by plain bisection on those definitions. Every value is computed again at 1000 bits
// and must agree in the 120 printed digits (self-check). Not part of the build or of ctest:
//
//   g++ -std=c++17 -O2 tests/bounds/golden/generate_golden.cpp -lmpfr -lgmp -o /tmp/generate_golden
//   /tmp/generate_golden tests/bounds/golden
//
// Inputs are dyadic numbers m·2^e (|m| < 2^63), exact in every precision that can hold them; the
// tests skip a row whose input is not exact in the precision under test.
#include <mpfr.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

struct Dyadic {
  long long m;
  long e;
};

// x = m·2^e with the smallest odd m.
Dyadic dyadic_of(const mpfr_t x) {
  Dyadic d{0, 0};
  if (!mpfr_zero_p(x)) {
    mpz_t z;
    mpz_init(z);
    mpfr_exp_t e = mpfr_get_z_2exp(z, x);
    while (mpz_even_p(z)) { mpz_tdiv_q_2exp(z, z, 1); ++e; }
    d.m = mpz_get_si(z);
    d.e = long(e);
    mpz_clear(z);
  }
  return d;
}

// The dyadic with a `bits`-bit significand nearest to v (given as a decimal string).
Dyadic dyadic(const char* v, int bits) {
  mpfr_t x;
  mpfr_init2(x, bits);
  mpfr_set_str(x, v, 10, MPFR_RNDN);
  Dyadic d{0, 0};
  if (!mpfr_zero_p(x)) {
    mpz_t z;
    mpz_init(z);
    mpfr_exp_t e = mpfr_get_z_2exp(z, x);
    while (mpz_even_p(z)) { mpz_tdiv_q_2exp(z, z, 1); ++e; }  // smallest significand
    d.m = mpz_get_si(z);
    d.e = long(e);
    mpz_clear(z);
  }
  mpfr_clear(x);
  return d;
}

Dyadic neg(Dyadic d) { return {-d.m, d.e}; }

void set_dyadic(mpfr_t x, Dyadic d) {
  mpfr_set_si(x, long(d.m), MPFR_RNDN);
  mpfr_mul_2si(x, x, d.e, MPFR_RNDN);
}

std::string text(const mpfr_t v, int digits = 120) {
  char* s = nullptr;
  mpfr_asprintf(&s, "%.*Re", digits - 1, v);
  std::string r(s);
  mpfr_free_str(s);
  return r;
}

std::string approx(Dyadic d) {
  mpfr_t x;
  mpfr_init2(x, 64);
  set_dyadic(x, d);
  std::string s = text(x, 6);
  mpfr_clear(x);
  return s;
}

std::string dy(Dyadic d) { return std::to_string(d.m) + "," + std::to_string(d.e); }

// g(x) = 2x + 2 sinh(x − log T)  (definition)
void g_def(mpfr_t out, const mpfr_t x, long T, mpfr_prec_t prec) {
  mpfr_t lt, u;
  mpfr_inits2(prec, lt, u, (mpfr_ptr)0);
  mpfr_set_si(lt, T, MPFR_RNDN);
  mpfr_log(lt, lt, MPFR_RNDN);
  mpfr_sub(u, x, lt, MPFR_RNDN);
  mpfr_sinh(u, u, MPFR_RNDN);
  mpfr_mul_2ui(u, u, 1, MPFR_RNDN);
  mpfr_mul_2ui(out, x, 1, MPFR_RNDN);
  mpfr_add(out, out, u, MPFR_RNDN);
  mpfr_clears(lt, u, (mpfr_ptr)0);
}

// g'(x) = 2 + 2 cosh(x − log T)  (definition)
void gp_def(mpfr_t out, const mpfr_t x, long T, mpfr_prec_t prec) {
  mpfr_t lt, u;
  mpfr_inits2(prec, lt, u, (mpfr_ptr)0);
  mpfr_set_si(lt, T, MPFR_RNDN);
  mpfr_log(lt, lt, MPFR_RNDN);
  mpfr_sub(u, x, lt, MPFR_RNDN);
  mpfr_cosh(u, u, MPFR_RNDN);
  mpfr_mul_2ui(u, u, 1, MPFR_RNDN);
  mpfr_add_ui(out, u, 2, MPFR_RNDN);
  mpfr_clears(lt, u, (mpfr_ptr)0);
}

// Bisection for the increasing f on [lo, hi] with f(lo) ≤ target ≤ f(hi), to `prec` + 40 halvings.
template <class F> void bisect(mpfr_t out, mpfr_t lo, mpfr_t hi, const mpfr_t target, F f, mpfr_prec_t prec) {
  mpfr_t mid, v;
  mpfr_inits2(prec, mid, v, (mpfr_ptr)0);
  for (long it = 0; it < 4 * long(prec) + 200; ++it) {
    mpfr_add(mid, lo, hi, MPFR_RNDN);
    mpfr_div_2ui(mid, mid, 1, MPFR_RNDN);
    if (mpfr_equal_p(mid, lo) || mpfr_equal_p(mid, hi)) break;
    f(v, mid);
    if (mpfr_cmp(v, target) < 0) mpfr_set(lo, mid, MPFR_RNDN);
    else mpfr_set(hi, mid, MPFR_RNDN);
  }
  mpfr_set(out, lo, MPFR_RNDN);
  mpfr_clears(mid, v, (mpfr_ptr)0);
}

// Values at two precisions must print alike.
template <class F> std::string checked(F compute) {
  mpfr_t a, b;
  mpfr_init2(a, 800);
  mpfr_init2(b, 1000);
  compute(a, 800);
  compute(b, 1000);
  std::string sa = text(a), sb = text(b);
  mpfr_clears(a, b, (mpfr_ptr)0);
  if (sa != sb) {
    std::fprintf(stderr, "self-check failed: %s vs %s\n", sa.c_str(), sb.c_str());
    std::exit(1);
  }
  return sa;
}

const std::vector<long> kTokens = {1, 2, 8, 10, 1000, 100000};

std::vector<Dyadic> symmetric(const std::vector<const char*>& values, int bits) {
  std::vector<Dyadic> out{{0, 0}};
  for (auto v : values) {
    Dyadic d = dyadic(v, bits);
    out.push_back(d);
    out.push_back(neg(d));
  }
  return out;
}

void write_g(const std::string& dir) {
  FILE* f = std::fopen((dir + "/g.csv").c_str(), "w");
  std::fprintf(f, "# g(x) = 2x + 2 sinh(x - log T) and g'(x) = 2 + 2 cosh(x - log T) at 800 bits (tests/bounds/golden/generate_golden.cpp)\n");
  std::fprintf(f, "# x = x_m * 2^x_e; scale = |2x| + |2 sinh(x - log T)| (the size of the terms summed)\n");
  std::fprintf(f, "T,x_m,x_e,x_approx,g,g_prime,scale\n");
  auto xs = symmetric({"1e-300", "1e-30", "1e-8", "0.001", "0.1", "0.5", "1", "1.1", "1.125", "1.12", "2", "2.0794415416798359",
                       "3", "5", "10", "20", "50", "88", "100", "700", "709.5", "710", "720", "1000", "11000", "11400"},
                      24);
  for (auto v : {"1.1205", "0.1000000000000000055511151231257827", "2.302585092994045684"})
    for (int bits : {53, 64}) { xs.push_back(dyadic(v, bits)); xs.push_back(neg(dyadic(v, bits))); }
  for (long T : kTokens)
    for (Dyadic x : xs) {
      auto g = checked([&](mpfr_t out, mpfr_prec_t p) {
        mpfr_t xv; mpfr_init2(xv, p); set_dyadic(xv, x); g_def(out, xv, T, p); mpfr_clear(xv);
      });
      auto gp = checked([&](mpfr_t out, mpfr_prec_t p) {
        mpfr_t xv; mpfr_init2(xv, p); set_dyadic(xv, x); gp_def(out, xv, T, p); mpfr_clear(xv);
      });
      auto scale = checked([&](mpfr_t out, mpfr_prec_t p) {
        mpfr_t xv, lt;
        mpfr_inits2(p, xv, lt, (mpfr_ptr)0);
        set_dyadic(xv, x);
        mpfr_set_si(lt, T, MPFR_RNDN);
        mpfr_log(lt, lt, MPFR_RNDN);
        mpfr_sub(lt, xv, lt, MPFR_RNDN);
        mpfr_sinh(lt, lt, MPFR_RNDN);
        mpfr_abs(lt, lt, MPFR_RNDN);
        mpfr_abs(xv, xv, MPFR_RNDN);
        mpfr_add(out, xv, lt, MPFR_RNDN);
        mpfr_mul_2ui(out, out, 1, MPFR_RNDN);
        mpfr_clears(xv, lt, (mpfr_ptr)0);
      });
      std::fprintf(f, "%ld,%s,%s,%s,%s,%s\n", T, dy(x).c_str(), approx(x).c_str(), g.c_str(), gp.c_str(), scale.c_str());
    }
  std::fclose(f);
}

// x with g(x) = y by bisection on [−(|log|y|| + log T + 50), +(...)].
void g_inverse_def(mpfr_t out, const mpfr_t y, long T, mpfr_prec_t p) {
  mpfr_t lo, hi, a;
  mpfr_inits2(p, lo, hi, a, (mpfr_ptr)0);
  mpfr_abs(a, y, MPFR_RNDN);
  mpfr_add_ui(a, a, 2, MPFR_RNDN);
  mpfr_log(a, a, MPFR_RNDN);
  mpfr_add_ui(a, a, 50 + 12, MPFR_RNDN);
  mpfr_neg(lo, a, MPFR_RNDN);
  mpfr_set(hi, a, MPFR_RNDN);
  // the root is exactly 0 when y = g(0) = 1/T − T (representable when T is a power of 2)
  mpfr_set_si(a, 1, MPFR_RNDN);
  mpfr_div_si(a, a, T, MPFR_RNDN);
  mpfr_sub_si(a, a, T, MPFR_RNDN);
  if (mpfr_equal_p(a, y)) mpfr_set_zero(out, 1);
  else bisect(out, lo, hi, y, [&](mpfr_t v, const mpfr_t x) { g_def(v, x, T, p); }, p);
  mpfr_clears(lo, hi, a, (mpfr_ptr)0);
}

void write_g_inverse(const std::string& dir) {
  FILE* f = std::fopen((dir + "/g_inverse.csv").c_str(), "w");
  std::fprintf(f, "# x = g^-1(y), g(x) = 2x + 2 sinh(x - log T), by bisection at 800 bits (tests/bounds/golden/generate_golden.cpp)\n");
  std::fprintf(f, "# y = y_m * 2^y_e\n");
  std::fprintf(f, "T,y_m,y_e,y_approx,x\n");
  auto ys = symmetric({"1e-300", "1e-20", "1e-5", "0.5", "1", "2", "5", "10", "100", "1e4", "1e10", "1e30", "3e38", "1e100",
                       "1e300", "1.7e308", "1e1000", "1e4900"},
                      24);
  for (long T : kTokens) {
    std::vector<Dyadic> rows = ys;
    // next to g(0) = 1/T − T, where the root x is tiny: the nearest 24-, 53- and 63-bit numbers
    // and their neighbours one unit in the last place away
    for (int bits : {24, 53, 63}) {
      if (T == 1) break;  // g(0) = 0: the tiny rows above cover it
      mpfr_t v;
      mpfr_init2(v, bits);
      mpfr_set_si(v, 1, MPFR_RNDN);
      mpfr_div_si(v, v, T, MPFR_RNDN);  // 1/T rounded, then 1/T − T rounded: within an ulp of g(0)
      mpfr_sub_si(v, v, T, MPFR_RNDN);
      rows.push_back(dyadic_of(v));
      mpfr_nextabove(v);
      rows.push_back(dyadic_of(v));
      mpfr_nextbelow(v);
      mpfr_nextbelow(v);
      rows.push_back(dyadic_of(v));
      mpfr_clear(v);
    }
    for (Dyadic y : rows) {
      auto x = checked([&](mpfr_t out, mpfr_prec_t p) {
        mpfr_t yv; mpfr_init2(yv, p); set_dyadic(yv, y); g_inverse_def(out, yv, T, p); mpfr_clear(yv);
      });
      std::fprintf(f, "%ld,%s,%s,%s\n", T, dy(y).c_str(), approx(y).c_str(), x.c_str());
    }
  }
  std::fclose(f);
}

struct GapRow {
  Dyadic x0, x1, kappa;
};

void write_gap(const std::string& dir) {
  FILE* f = std::fopen((dir + "/gap_time.csv").c_str(), "w");
  std::fprintf(f, "# gap time (g(x1) - g(x0)) / kappa at 800 bits from the definition of g (tests/bounds/golden/generate_golden.cpp)\n");
  std::fprintf(f, "# x0 = x0_m * 2^x0_e, likewise x1 and kappa\n");
  std::fprintf(f, "T,x0_m,x0_e,x1_m,x1_e,kappa_m,kappa_e,x0_approx,x1_approx,kappa_approx,time\n");
  auto d = [](const char* v) { return dyadic(v, 24); };
  std::vector<GapRow> rows;
  const std::vector<std::pair<const char*, const char*>> pairs = {
      {"0", "1"}, {"-5", "5"}, {"1", "1.0000001"}, {"3", "2"}, {"-3", "-2"}, {"10", "700"}, {"700", "700.0001"},
      {"-700", "-699"}, {"0.5", "0.50000006"}, {"-20", "20"}, {"2", "2.0794415"}, {"0", "720"}, {"-720", "0"},
      {"30", "-30"}, {"1e-30", "2e-30"}, {"100", "11000"}};
  for (auto [a, b] : pairs)
    for (const char* k : {"1", "0.001", "1e30"}) rows.push_back({d(a), d(b), d(k)});
  rows.push_back({dyadic("1.000000000000001", 53), dyadic("1.000000000000002", 53), d("1")});
  for (long T : kTokens)
    for (const auto& r : rows) {
      auto time = checked([&](mpfr_t out, mpfr_prec_t p) {
        mpfr_t x0, x1, k, g1;
        mpfr_inits2(p, x0, x1, k, g1, (mpfr_ptr)0);
        set_dyadic(x0, r.x0); set_dyadic(x1, r.x1); set_dyadic(k, r.kappa);
        g_def(g1, x1, T, p);
        g_def(out, x0, T, p);
        mpfr_sub(out, g1, out, MPFR_RNDN);
        mpfr_div(out, out, k, MPFR_RNDN);
        mpfr_clears(x0, x1, k, g1, (mpfr_ptr)0);
      });
      std::fprintf(f, "%ld,%s,%s,%s,%s,%s,%s,%s\n", T, dy(r.x0).c_str(), dy(r.x1).c_str(), dy(r.kappa).c_str(), approx(r.x0).c_str(),
                   approx(r.x1).c_str(), approx(r.kappa).c_str(), time.c_str());
    }
  std::fclose(f);
}

void write_gap_reached(const std::string& dir) {
  FILE* f = std::fopen((dir + "/gap_reached.csv").c_str(), "w");
  std::fprintf(f, "# gap reached x1 = g^-1(g(x0) + kappa tau) by bisection at 800 bits (tests/bounds/golden/generate_golden.cpp)\n");
  std::fprintf(f, "# g_prime_x1 = g'(x1); x0 = x0_m * 2^x0_e, likewise tau and kappa\n");
  std::fprintf(f, "T,x0_m,x0_e,tau_m,tau_e,kappa_m,kappa_e,x0_approx,tau_approx,kappa_approx,x1,g_prime_x1\n");
  auto d = [](const char* v) { return dyadic(v, 24); };
  struct Row { Dyadic x0, tau, kappa; };
  std::vector<Row> rows;
  const std::vector<std::pair<const char*, const char*>> starts = {
      {"0", "1"}, {"1", "1e-20"}, {"-3", "1e5"}, {"2", "-1"}, {"0", "1e300"}, {"700", "1"}, {"-700", "0.001"},
      {"5", "-1e6"}, {"-1", "-1e30"}, {"0.5", "1e-8"}, {"10", "-1e-3"}, {"-30", "1e14"}, {"3", "1e250"}, {"-2", "-1e250"}};
  for (auto [a, t] : starts)
    for (const char* k : {"1", "1e-3", "1e60"}) rows.push_back({d(a), d(t), d(k)});
  for (long T : kTokens)
    for (const auto& r : rows) {
      auto x1 = checked([&](mpfr_t out, mpfr_prec_t p) {
        mpfr_t x0, tau, k, target, lo, hi, a;
        mpfr_inits2(p, x0, tau, k, target, lo, hi, a, (mpfr_ptr)0);
        set_dyadic(x0, r.x0); set_dyadic(tau, r.tau); set_dyadic(k, r.kappa);
        g_def(target, x0, T, p);
        mpfr_mul(a, k, tau, MPFR_RNDN);
        mpfr_add(target, target, a, MPFR_RNDN);  // g(x0) + κτ, exact enough at 800 bits
        mpfr_abs(a, target, MPFR_RNDN);
        mpfr_add_ui(a, a, 2, MPFR_RNDN);
        mpfr_log(a, a, MPFR_RNDN);
        mpfr_add_ui(a, a, 62, MPFR_RNDN);
        mpfr_abs(lo, x0, MPFR_RNDN);
        mpfr_add(a, a, lo, MPFR_RNDN);
        mpfr_neg(lo, a, MPFR_RNDN);
        mpfr_set(hi, a, MPFR_RNDN);
        bisect(out, lo, hi, target, [&](mpfr_t v, const mpfr_t x) { g_def(v, x, T, p); }, p);
        mpfr_clears(x0, tau, k, target, lo, hi, a, (mpfr_ptr)0);
      });
      mpfr_t x1v, gp;
      mpfr_inits2(800, x1v, gp, (mpfr_ptr)0);
      mpfr_set_str(x1v, x1.c_str(), 10, MPFR_RNDN);
      gp_def(gp, x1v, T, 800);
      std::string gps = text(gp, 20);
      mpfr_clears(x1v, gp, (mpfr_ptr)0);
      std::fprintf(f, "%ld,%s,%s,%s,%s,%s,%s,%s,%s\n", T, dy(r.x0).c_str(), dy(r.tau).c_str(), dy(r.kappa).c_str(), approx(r.x0).c_str(),
                   approx(r.tau).c_str(), approx(r.kappa).c_str(), x1.c_str(), gps.c_str());
    }
  std::fclose(f);
}

void write_snr(const std::string& dir) {
  FILE* f = std::fopen((dir + "/snr.csv").c_str(), "w");
  std::fprintf(f, "# SNR = mu/(sigma sqrt d), n SNR^2, SNR d^(1/4), log(T n/delta) at 800 bits (tests/bounds/golden/generate_golden.cpp)\n");
  std::fprintf(f, "# mu = mu_m * 2^mu_e, likewise sigma and delta\n");
  std::fprintf(f, "mu_m,mu_e,sigma_m,sigma_e,d,n,T,delta_m,delta_e,mu_approx,sigma_approx,delta_approx,snr,n_snr2,snr_d14,log_tn_delta\n");
  auto d = [](const char* v) { return dyadic(v, 24); };
  struct Row { Dyadic mu, sigma; long dim, n, T; Dyadic delta; };
  std::vector<Row> rows = {
      {d("20"), d("1"), 2000, 20, 8, d("0.01")},      {d("5"), d("1"), 5000, 20, 8, d("0.01")},
      {d("100"), d("1"), 1000, 20, 8, d("0.01")},     {d("7.5"), d("0.5"), 250, 20, 8, d("0.05")},
      {d("1e-3"), d("3"), 10000000, 100000, 100000, d("1e-9")}, {d("1e10"), d("1e-3"), 2, 2, 1, d("0.999")},
      {d("1e30"), d("1e-30"), 3, 7, 3, d("0.5")},    {d("1e-30"), d("1e30"), 9999991, 99991, 77, d("1e-30")},
      {d("3.3"), d("1.7"), 4999, 19, 9, d("0.2")}};
  for (const auto& r : rows) {
    auto compute = [&](int which) {
      return checked([&](mpfr_t out, mpfr_prec_t p) {
        mpfr_t mu, sg, dl, t;
        mpfr_inits2(p, mu, sg, dl, t, (mpfr_ptr)0);
        set_dyadic(mu, r.mu); set_dyadic(sg, r.sigma); set_dyadic(dl, r.delta);
        mpfr_set_si(t, r.dim, MPFR_RNDN);
        if (which == 0) { mpfr_sqrt(t, t, MPFR_RNDN); mpfr_mul(t, t, sg, MPFR_RNDN); mpfr_div(out, mu, t, MPFR_RNDN); }
        if (which == 1) { mpfr_mul(t, t, sg, MPFR_RNDN); mpfr_mul(t, t, sg, MPFR_RNDN); mpfr_mul(out, mu, mu, MPFR_RNDN);
                          mpfr_mul_si(out, out, r.n, MPFR_RNDN); mpfr_div(out, out, t, MPFR_RNDN); }
        if (which == 2) { mpfr_rootn_ui(t, t, 4, MPFR_RNDN); mpfr_mul(t, t, sg, MPFR_RNDN); mpfr_div(out, mu, t, MPFR_RNDN); }
        if (which == 3) { mpfr_set_si(t, r.T, MPFR_RNDN); mpfr_mul_si(t, t, r.n, MPFR_RNDN); mpfr_div(t, t, dl, MPFR_RNDN); mpfr_log(out, t, MPFR_RNDN); }
        mpfr_clears(mu, sg, dl, t, (mpfr_ptr)0);
      });
    };
    std::fprintf(f, "%s,%s,%ld,%ld,%ld,%s,%s,%s,%s,%s,%s,%s,%s\n", dy(r.mu).c_str(), dy(r.sigma).c_str(), r.dim, r.n, r.T, dy(r.delta).c_str(),
                 approx(r.mu).c_str(), approx(r.sigma).c_str(), approx(r.delta).c_str(), compute(0).c_str(), compute(1).c_str(),
                 compute(2).c_str(), compute(3).c_str());
  }
  std::fclose(f);
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = argc > 1 ? argv[1] : ".";
  write_g(dir);
  write_g_inverse(dir);
  write_gap(dir);
  write_gap_reached(dir);
  write_snr(dir);
  return 0;
}
