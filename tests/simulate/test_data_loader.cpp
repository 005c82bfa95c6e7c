// load_dataset (simulate/data_loader.cpp): user arrays as .npy files. Small arrays are written with
// the npy writer to a temporary directory, loaded and compared; wrong shapes, dtypes and labels
// are rejected with messages that name the file (negative controls).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <unistd.h>

#include "../test_support.hpp"
#include "core/errors.hpp"
#include "core/npy.hpp"
#include "core/rng.hpp"
#include "simulate/dataset.hpp"

using namespace benign;

namespace {

namespace fs = std::filesystem;

// A fresh temporary directory named after this test program.
struct TempDir : test::TempDir {
  TempDir() : test::TempDir("benign_test_data") {}
};

using test::config_error_of;
using test::contains;

// Values with few significant bits: exact in float32 too.
std::vector<double> values(long count, std::uint64_t seed) {
  Rng rng(seed, 11);
  std::vector<double> v(count);
  for (auto& x : v) x = std::ldexp(std::round(std::ldexp(rng.normal(), 8)), -8);
  return v;
}

// A user data set: n = 4, T = 3, d = 5, n_test = 3 (the arrays as they are written).
struct UserArrays {
  long n = 4, T = 3, d = 5, n_test = 3;
  std::vector<double> X, y, y_clean, X_test, y_test, nu, W0, p0;
  UserArrays() {
    X = values(n * T * d, 1);
    y = {1, -1, -1, 1};
    y_clean = {1, -1, 1, -1};  // samples 2 and 3 noisy
    X_test = values(n_test * T * d, 2);
    y_test = {-1, 1, 1};
    nu = values(d, 3);
    W0 = values(d * d, 4);
    p0 = values(d, 5);
  }
  void write(const TempDir& t, NpyDtype dt = NpyDtype::F8, bool clean = true, bool w0 = true, bool p0_ = true) const {
    write_npy(t.file("X_train.npy"), {n, T, d}, X, dt);
    write_npy(t.file("y_train.npy"), {n}, y, dt);
    if (clean) write_npy(t.file("y_train_clean.npy"), {n}, y_clean, dt);
    write_npy(t.file("X_test.npy"), {n_test, T, d}, X_test, dt);
    write_npy(t.file("y_test.npy"), {n_test}, y_test, dt);
    write_npy(t.file("nu.npy"), {d}, nu, dt);
    if (w0) write_npy(t.file("W0.npy"), {d, d}, W0, dt);
    if (p0_) write_npy(t.file("p0.npy"), {d}, p0, dt);
  }
};

bool equal(const MatD& M, const std::vector<double>& v) {
  return long(v.size()) == M.size() && std::memcmp(M.data(), v.data(), sizeof(double) * v.size()) == 0;
}
bool equal(const VecD& M, const std::vector<double>& v) {
  return long(v.size()) == M.size() && std::memcmp(M.data(), v.data(), sizeof(double) * v.size()) == 0;
}
std::vector<int> ints(const std::vector<double>& v) { return std::vector<int>(v.begin(), v.end()); }

}  // namespace

TEST_CASE("load_dataset: float64 and float32 arrays load exactly", "[data][loader]") {
  for (NpyDtype dt : {NpyDtype::F8, NpyDtype::F4}) {
    TempDir tmp;
    UserArrays U;
    U.write(tmp, dt);
    Config c;  // default d = 2000 differs from the data's d = 5
    const Dataset D = load_dataset(tmp.dir(), c);
    INFO(npy_dtype_text(dt));
    CHECK(D.n == 4);
    CHECK(D.T == 3);
    CHECK(D.d == 5);
    CHECK(D.n_test == 3);
    CHECK(D.X.rows() == 12);
    CHECK(equal(D.X, U.X));  // sample i's tokens are rows i·T … i·T+T−1, C order
    CHECK(D.X(1 * 3 + 2, 4) == U.X[(1 * 3 + 2) * 5 + 4]);
    CHECK(equal(D.X_test, U.X_test));
    CHECK(D.y == ints(U.y));
    CHECK(D.y_clean == ints(U.y_clean));
    CHECK(D.y_test == ints(U.y_test));
    CHECK_FALSE(D.noisy(0));
    CHECK(D.noisy(2));
    CHECK(D.noisy(3));
    CHECK(equal(D.nu, U.nu));
    CHECK(D.has_W0);
    CHECK(D.has_p0);
    CHECK(equal(D.W0, U.W0));
    CHECK(D.W0(1, 3) == U.W0[1 * 5 + 3]);  // row-major: W0.npy[r][j] = W(0)_{r j}
    CHECK(equal(D.p0, U.p0));
    // Token types: the paper's layout from the config (1 relevant, 1 W_{y*}, 1 W_{-y*}).
    CHECK(D.token_type == std::vector<TokenType>{TokenType::Relevant, TokenType::WeakSame, TokenType::WeakOpp});
    CHECK(D.token_type_train.empty());
    // d differs from the config's: signals unknown, said in source.
    CHECK(D.mu_pos.size() == 5);
    CHECK(D.mu_pos.norm() == 0.0);
    CHECK(D.mu_neg.norm() == 0.0);
    CHECK(contains(D.source, tmp.dir()));
    CHECK(contains(D.source, "mu_pos, mu_neg unknown"));
    CHECK_FALSE(contains(D.source, "y_train_clean"));
    CHECK(D.source != "generated");  // engines then use ν from the file
  }
}

TEST_CASE("load_dataset: optional files, signals and token layout from the config", "[data][loader]") {
  TempDir tmp;
  UserArrays U;
  U.write(tmp, NpyDtype::F8, /*clean=*/false, /*W0=*/false, /*p0=*/false);
  Config c;
  c.d = 5;
  c.mu = Real(7.5);
  c.n_relevant = 1; c.n_weak_same = 0; c.n_weak_opp = 1;
  const Dataset D = load_dataset(tmp.dir(), c);
  CHECK_FALSE(D.has_W0);
  CHECK_FALSE(D.has_p0);
  // Without y_train_clean.npy: y_train taken as clean, no noisy sample, and the source says so.
  CHECK(D.y_clean == D.y);
  for (long i = 0; i < D.n; ++i) CHECK_FALSE(D.noisy(i));
  CHECK(contains(D.source, "y_train_clean.npy absent"));
  // The config's d equals the data's: μ_{+1} = ‖μ‖ e_1, μ_{-1} = ‖μ‖ e_2 with ‖μ‖ = mu.
  CHECK(D.mu_pos[0] == 7.5);
  CHECK(D.mu_neg[1] == 7.5);
  CHECK(D.mu_pos.norm() == 7.5);
  CHECK(D.mu_neg.norm() == 7.5);
  CHECK_FALSE(contains(D.source, "mu_pos"));
  CHECK(D.token_type == std::vector<TokenType>{TokenType::Relevant, TokenType::WeakOpp, TokenType::Irrelevant});
  // The data define the sizes, not the config (default n = 20, T = 8).
  CHECK(D.n == 4);
  CHECK(D.T == 3);
}

TEST_CASE("load_dataset: a generated data set exported and loaded again is the same", "[data][loader]") {
  Config c;
  c.n = 6; c.n_test = 4; c.T = 4; c.d = 7; c.seed = 9;
  const Dataset G = make_dataset(c);
  TempDir tmp;
  auto vec = [](const std::vector<int>& v) { return std::vector<double>(v.begin(), v.end()); };
  write_npy(tmp.file("X_train.npy"), {G.n, G.T, G.d}, G.X.data());
  write_npy(tmp.file("y_train.npy"), {G.n}, vec(G.y));
  write_npy(tmp.file("y_train_clean.npy"), {G.n}, vec(G.y_clean));
  write_npy(tmp.file("X_test.npy"), {G.n_test, G.T, G.d}, G.X_test.data());
  write_npy(tmp.file("y_test.npy"), {G.n_test}, vec(G.y_test));
  write_npy(tmp.file("nu.npy"), {G.d}, G.nu.data());
  const Dataset L = load_dataset(tmp.dir(), c);
  CHECK(L.X == G.X);
  CHECK(L.X_test == G.X_test);
  CHECK(L.y == G.y);
  CHECK(L.y_clean == G.y_clean);
  CHECK(L.y_test == G.y_test);
  CHECK(L.nu == G.nu);
  CHECK(L.mu_pos == G.mu_pos);
  CHECK(L.mu_neg == G.mu_neg);
  CHECK(L.token_type == G.token_type);
  CHECK(L.source == tmp.dir());  // nothing assumed: no notes
}

TEST_CASE("load_dataset: wrong shapes are rejected naming the file and the expected shape", "[data][loader][negative]") {
  struct Case { const char* file; std::vector<long> shape; std::string expect; };
  const std::vector<Case> cases = {
      {"y_train.npy", {3}, "y_train.npy has shape (3,), expected (4,) = (n,) from X_train.npy"},
      {"y_train.npy", {4, 1}, "y_train.npy has shape (4, 1), expected (4,) = (n,) from X_train.npy"},
      {"y_train_clean.npy", {5}, "y_train_clean.npy has shape (5,), expected (4,) = (n,) from X_train.npy"},
      {"X_test.npy", {3, 3, 4}, "X_test.npy has shape (3, 3, 4), expected (n_test, 3, 5) = (n_test, T, d) from X_train.npy"},
      {"X_test.npy", {3, 2, 5}, "X_test.npy has shape (3, 2, 5), expected (n_test, 3, 5) = (n_test, T, d) from X_train.npy"},
      {"y_test.npy", {4}, "y_test.npy has shape (4,), expected (3,) = (n_test,) from X_test.npy"},
      {"nu.npy", {4}, "nu.npy has shape (4,), expected (5,) = (d,) from X_train.npy"},
      {"nu.npy", {}, "nu.npy has shape (), expected (5,) = (d,) from X_train.npy"},
      {"W0.npy", {5, 4}, "W0.npy has shape (5, 4), expected (5, 5) = (d, d) from X_train.npy"},
      {"p0.npy", {5, 1}, "p0.npy has shape (5, 1), expected (5,) = (d,) from X_train.npy"},
      {"X_train.npy", {4, 15}, "X_train.npy has shape (4, 15), expected (n, T, d)"},
      {"X_train.npy", {0, 3, 5}, "n, T and d must all be at least 1"},
  };
  for (const auto& cs : cases) {
    TempDir tmp;
    UserArrays U;
    U.write(tmp);
    long count = 1;
    for (long v : cs.shape) count *= v;
    const std::vector<double> ones(count, 1.0);
    write_npy(tmp.file(cs.file), cs.shape, ones);
    const std::string msg = config_error_of([&] { load_dataset(tmp.dir(), Config()); });
    INFO(msg);
    CHECK(contains(msg, cs.expect));
  }
}

TEST_CASE("load_dataset: wrong dtypes, bad labels, missing files are rejected naming the file", "[data][loader][negative]") {
  Config c;
  SECTION("an int64 label file") {
    TempDir tmp;
    UserArrays U;
    U.write(tmp);
    // What np.save(np.array([1, -1, -1, 1])) writes: dtype '<i8'.
    std::string bytes = npy_encode({4}, U.y.data());
    const auto at = bytes.find("<f8");
    REQUIRE(at != std::string::npos);
    bytes.replace(at, 3, "<i8");
    std::ofstream(tmp.file("y_train.npy"), std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
    const std::string msg = config_error_of([&] { load_dataset(tmp.dir(), c); });
    INFO(msg);
    CHECK(contains(msg, "y_train.npy"));
    CHECK(contains(msg, "'<i8'"));
    CHECK(contains(msg, "'<f8'"));
  }
  SECTION("a Fortran-order X_train") {
    TempDir tmp;
    UserArrays U;
    U.write(tmp);
    std::string bytes = npy_encode({U.n, U.T, U.d}, U.X.data());
    const auto at = bytes.find("False");
    bytes.replace(at, 5, "True ");
    std::ofstream(tmp.file("X_train.npy"), std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
    const std::string msg = config_error_of([&] { load_dataset(tmp.dir(), c); });
    CHECK(contains(msg, "X_train.npy"));
    CHECK(contains(msg, "Fortran"));
  }
  SECTION("labels not +-1") {
    for (const char* file : {"y_train.npy", "y_train_clean.npy", "y_test.npy"}) {
      TempDir tmp;
      UserArrays U;
      U.write(tmp);
      const long m = std::string(file) == "y_test.npy" ? U.n_test : U.n;
      std::vector<double> y01(m, 1.0);
      y01[1] = 0.0;
      write_npy(tmp.file(file), {m}, y01);
      std::string msg = config_error_of([&] { load_dataset(tmp.dir(), c); });
      INFO(msg);
      CHECK(contains(msg, file));
      CHECK(contains(msg, "labels must be +1 or -1"));
      CHECK(contains(msg, "index (1,)"));
      CHECK(contains(msg, "2*y - 1"));  // 0/1 labels recognised
      std::vector<double> y2(m, -1.0);
      y2[0] = 0.5;
      write_npy(tmp.file(file), {m}, y2);
      msg = config_error_of([&] { load_dataset(tmp.dir(), c); });
      CHECK(contains(msg, file));
      CHECK(contains(msg, "labels must be +1 or -1"));
      CHECK_FALSE(contains(msg, "2*y - 1"));
    }
  }
  SECTION("non-finite values") {
    for (const char* file : {"X_train.npy", "X_test.npy", "nu.npy", "W0.npy", "p0.npy"}) {
      TempDir tmp;
      UserArrays U;
      U.write(tmp);
      NpyArray a = read_npy(tmp.file(file));
      a.data.back() = std::numeric_limits<double>::quiet_NaN();
      write_npy(tmp.file(file), a.shape, a.data);
      const std::string msg = config_error_of([&] { load_dataset(tmp.dir(), c); });
      INFO(msg);
      CHECK(contains(msg, file));
      CHECK(contains(msg, "non-finite"));
    }
  }
  SECTION("missing required files") {
    for (const char* file : {"X_train.npy", "y_train.npy", "X_test.npy", "y_test.npy", "nu.npy"}) {
      TempDir tmp;
      UserArrays U;
      U.write(tmp);
      fs::remove(tmp.file(file));
      const std::string msg = config_error_of([&] { load_dataset(tmp.dir(), c); });
      INFO(msg);
      CHECK(contains(msg, std::string("required file ") + file + " not found"));
      CHECK(contains(msg, "expected shape"));
    }
  }
  SECTION("a misspelt optional file is not ignored silently") {
    TempDir tmp;
    UserArrays U;
    U.write(tmp, NpyDtype::F8, true, /*W0=*/false);
    write_npy(tmp.file("w0.npy"), {U.d, U.d}, U.W0);
    const std::string msg = config_error_of([&] { load_dataset(tmp.dir(), c); });
    CHECK(contains(msg, "'w0.npy'"));
    CHECK(contains(msg, "'W0.npy'"));
  }
  SECTION("no such directory; too few tokens for the token-type counts") {
    TempDir tmp;
    std::string msg = config_error_of([&] { load_dataset(tmp.file("absent"), c); });
    CHECK(contains(msg, "absent"));
    CHECK(contains(msg, "does not exist"));
    UserArrays U;
    U.write(tmp);
    Config c4;
    c4.n_relevant = 2; c4.n_weak_same = 1; c4.n_weak_opp = 1;  // 4 > T = 3
    msg = config_error_of([&] { load_dataset(tmp.dir(), c4); });
    CHECK(contains(msg, "X_train.npy"));
    CHECK(contains(msg, "T = 3"));
    CHECK(contains(msg, "n_relevant"));
  }
}

TEST_CASE("load_dataset: a directory named nu.npy (or W0.npy) is refused as a directory, not a misnamed file", "[data][loader][negative]") {
  // Before the fix: "found 'nu.npy'; the expected name is 'nu.npy'".
  for (const char* name : {"nu.npy", "W0.npy"}) {
    TempDir tmp;
    UserArrays a;
    a.write(tmp);
    fs::remove(tmp.file(name));
    fs::create_directory(tmp.file(name));
    Config c;
    c.T = 3; c.n_relevant = 1; c.n_weak_same = 1; c.n_weak_opp = 1;
    const std::string msg = config_error_of([&] { load_dataset(tmp.dir(), c); });
    INFO(msg);
    CHECK(contains(msg, std::string("'") + name + "' is a directory"));
    CHECK_FALSE(contains(msg, "expected name"));
  }
}
