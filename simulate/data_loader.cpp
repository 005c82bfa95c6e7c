// User data (issue 2, "Your own data"): a directory of .npy files (float32 or float64, C order).
//
//   X_train.npy        (n, T, d)       defines n, T and d
//   y_train.npy        (n,)            observed training labels, each +1 or -1
//   y_train_clean.npy  (n,)  optional  clean labels y*; absent = y_train taken as clean
//   X_test.npy         (n_test, T, d)  defines n_test
//   y_test.npy         (n_test,)       test labels, each +1 or -1
//   nu.npy             (d,)            the fixed head ν
//   W0.npy             (d, d) optional W(0) as in f = ν^T X^T S(X W p) (logits z = X W p, row r of W
//                              multiplies coordinate r of a token); absent = generated from the config
//   p0.npy             (d,)   optional p(0); absent = generated from the config (p_init, seed)
//
// The arrays define the sizes: the config's n, n_test, T and d are not used for them. What the
// arrays cannot say is filled in from the config and documented here (and in Dataset::source):
//   - token types: the paper's code layout from n_relevant, n_weak_same, n_weak_opp -- the first
//     n_relevant tokens relevant, then W_{y*}, then W_{-y*}, the rest irrelevant -- the same for
//     every sample. It needs T ≥ n_relevant + n_weak_same + n_weak_opp (ConfigError otherwise).
//     These types only label the per-type observables; training does not use them.
//   - μ_{+1}, μ_{-1} (used only to project tokens and q = W p for figures and observables): if the
//     config's d equals the data's d they are ‖μ‖ e_1 and ‖μ‖ e_2 with ‖μ‖ = the config's mu (the
//     paper's code); otherwise they are unknown and left as zero vectors (projections not reported).
//   - noisy samples: y_train != y_train_clean; without y_train_clean none are known.
// Dataset::source is the directory, followed by notes in parentheses when labels or signals were
// assumed, e.g. "mydata (y_train_clean.npy absent: y_train taken as clean, no noisy samples known)".
#include <charconv>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "core/npy.hpp"
#include "simulate/dataset.hpp"

namespace benign {

namespace {

namespace fs = std::filesystem;

std::string lower(std::string s) {
  for (auto& ch : s) if (ch >= 'A' && ch <= 'Z') ch = char(ch - 'A' + 'a');
  return s;
}

class Loader {
 public:
  explicit Loader(const std::string& dir) : dir_(dir) {
    std::error_code ec;
    if (!fs::exists(dir_, ec)) throw ConfigError("--data directory '" + dir + "' does not exist");
    if (!fs::is_directory(dir_, ec)) throw ConfigError("--data '" + dir + "' is not a directory");
    for (const auto& e : fs::directory_iterator(dir_, ec)) listing_.push_back(e.path().filename().string());
  }

  std::string path(const std::string& file) const { return (fs::path(dir_) / file).string(); }

  bool present(const std::string& file) const {
    std::error_code ec;
    if (fs::is_regular_file(path(file), ec)) return true;
    if (fs::exists(path(file), ec))
      throw ConfigError("--data '" + dir_ + "': '" + file + "' is " +
                        (fs::is_directory(path(file), ec) ? "a directory" : "not a regular file") + "; expected a .npy file");
    // A file that differs only in case (w0.npy for W0.npy) would otherwise be ignored silently.
    for (const auto& f : listing_)
      if (lower(f) == lower(file))
        throw ConfigError("--data '" + dir_ + "': found '" + f + "'; the expected name is '" + file +
                          "' (names are case-sensitive)");
    return false;
  }

  // Header of a file, with its shape checked against `expected` (entries < 0 are free and
  // returned filled in). `what` names the dimensions, `from` says where the sizes come from.
  NpyHeader header(const std::string& file, std::vector<long>& expected, const std::string& what,
                   const std::string& from) const {
    if (!present(file))
      throw ConfigError("--data '" + dir_ + "': required file " + file + " not found (expected shape " +
                        (from.empty() ? what : shape_text(expected) + " = " + what + from) + ")");
    NpyHeader h = read_npy_header(path(file));
    bool ok = h.ndim() == long(expected.size());
    for (std::size_t k = 0; ok && k < expected.size(); ++k) ok = expected[k] < 0 || expected[k] == h.shape[k];
    if (!ok) {
      std::string msg = file + " has shape " + npy_shape_text(h.shape) + ", expected " +
                        (from.empty() ? what : shape_text(expected) + " = " + what + from);
      throw ConfigError(msg + " (file '" + path(file) + "')");
    }
    for (std::size_t k = 0; k < expected.size(); ++k) expected[k] = h.shape[k];
    return h;
  }

  std::vector<double> vector_data(const std::string& file, const NpyHeader& h) const {
    std::vector<double> v(std::size_t(h.size()));
    read_npy_data(path(file), h, v.data());
    return v;
  }

  // Shape text with free entries spelled by name: (n_test, 8, 2000).
  static std::string shape_text(const std::vector<long>& s) {
    static const char* names[] = {"n", "T", "d"};
    std::string out = "(";
    for (std::size_t k = 0; k < s.size(); ++k) {
      out += k ? ", " : "";
      out += s[k] >= 0 ? std::to_string(s[k]) : (k == 0 ? std::string("n_test") : names[k]);
    }
    return out + (s.size() == 1 ? ",)" : ")");
  }

 private:
  std::string dir_;
  std::vector<std::string> listing_;
};

std::string index_text(long flat, const std::vector<long>& shape) {
  std::vector<long> idx(shape.size());
  for (long k = long(shape.size()) - 1; k >= 0; --k) {
    idx[k] = flat % shape[k];
    flat /= shape[k];
  }
  return npy_shape_text(idx);
}

std::string number(double x) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

void check_finite(const Loader& L, const std::string& file, const double* v, long count, const std::vector<long>& shape) {
  for (long k = 0; k < count; ++k)
    if (!std::isfinite(v[k]))
      throw ConfigError(file + " holds a non-finite value (" + number(v[k]) + ") at index " + index_text(k, shape) +
                        "; every value must be finite (file '" + L.path(file) + "')");
}

std::vector<int> labels(const Loader& L, const std::string& file, const std::vector<double>& v) {
  std::vector<int> y(v.size());
  bool zero_one = true;
  for (double x : v) zero_one = zero_one && (x == 0.0 || x == 1.0);
  for (std::size_t k = 0; k < v.size(); ++k) {
    if (v[k] == 1.0) y[k] = 1;
    else if (v[k] == -1.0) y[k] = -1;
    else {
      std::string msg = file + " holds " + number(v[k]) + " at index (" + std::to_string(k) +
                        ",): labels must be +1 or -1";
      if (zero_one) msg += " (these look like 0/1 labels: save 2*y - 1)";
      throw ConfigError(msg + " (file '" + L.path(file) + "')");
    }
  }
  return y;
}

}  // namespace

Dataset load_dataset(const std::string& dir, const Config& c) {
  Loader L(dir);
  Dataset D;
  std::vector<std::string> notes;

  // X_train defines n, T, d.
  std::vector<long> sx{-1, -1, -1};
  const NpyHeader hx = L.header("X_train.npy", sx, "(n, T, d)", "");
  D.n = sx[0]; D.T = sx[1]; D.d = sx[2];
  if (D.n < 1 || D.T < 1 || D.d < 1)
    throw ConfigError("X_train.npy has shape " + npy_shape_text(hx.shape) + ": n, T and d must all be at least 1");
  const std::string from_x = " from X_train.npy";

  std::vector<long> sy{D.n};
  const NpyHeader hy = L.header("y_train.npy", sy, "(n,)", from_x);
  std::vector<long> sxt{-1, D.T, D.d};
  const NpyHeader hxt = L.header("X_test.npy", sxt, "(n_test, T, d)", from_x);
  D.n_test = sxt[0];
  if (D.n_test < 1) throw ConfigError("X_test.npy has shape " + npy_shape_text(hxt.shape) + ": n_test must be at least 1");
  std::vector<long> syt{D.n_test};
  const NpyHeader hyt = L.header("y_test.npy", syt, "(n_test,)", " from X_test.npy");
  std::vector<long> snu{D.d};
  const NpyHeader hnu = L.header("nu.npy", snu, "(d,)", from_x);
  const bool has_clean = L.present("y_train_clean.npy");
  std::vector<long> syc{D.n}, sw{D.d, D.d}, sp{D.d};
  NpyHeader hyc, hw, hp;
  if (has_clean) hyc = L.header("y_train_clean.npy", syc, "(n,)", from_x);
  D.has_W0 = L.present("W0.npy");
  if (D.has_W0) hw = L.header("W0.npy", sw, "(d, d)", from_x);
  D.has_p0 = L.present("p0.npy");
  if (D.has_p0) hp = L.header("p0.npy", sp, "(d,)", from_x);

  // Token types (see the top of this file).
  const long need = c.n_relevant + c.n_weak_same + c.n_weak_opp;
  if (D.T < need)
    throw ConfigError("X_train.npy has T = " + std::to_string(D.T) + " tokens per sample, but the token-type counts " +
                      "n_relevant + n_weak_same + n_weak_opp = " + std::to_string(need) +
                      " need T >= " + std::to_string(need) + " (set --n-relevant, --n-weak-same, --n-weak-opp to the data's layout)");

  // Shapes are consistent: now read the data.
  D.X.resize(D.n * D.T, D.d);
  read_npy_data(L.path("X_train.npy"), hx, D.X.data());
  check_finite(L, "X_train.npy", D.X.data(), D.X.size(), hx.shape);
  D.X_test.resize(D.n_test * D.T, D.d);
  read_npy_data(L.path("X_test.npy"), hxt, D.X_test.data());
  check_finite(L, "X_test.npy", D.X_test.data(), D.X_test.size(), hxt.shape);
  D.y = labels(L, "y_train.npy", L.vector_data("y_train.npy", hy));
  D.y_test = labels(L, "y_test.npy", L.vector_data("y_test.npy", hyt));
  if (has_clean) {
    D.y_clean = labels(L, "y_train_clean.npy", L.vector_data("y_train_clean.npy", hyc));
  } else {
    D.y_clean = D.y;
    notes.push_back("y_train_clean.npy absent: y_train taken as clean, no noisy samples known");
  }
  {
    const std::vector<double> nu = L.vector_data("nu.npy", hnu);
    check_finite(L, "nu.npy", nu.data(), long(nu.size()), hnu.shape);
    D.nu = Eigen::Map<const VecD>(nu.data(), D.d);
  }
  if (D.has_W0) {
    D.W0.resize(D.d, D.d);
    read_npy_data(L.path("W0.npy"), hw, D.W0.data());
    check_finite(L, "W0.npy", D.W0.data(), D.W0.size(), hw.shape);
  }
  if (D.has_p0) {
    const std::vector<double> p = L.vector_data("p0.npy", hp);
    check_finite(L, "p0.npy", p.data(), long(p.size()), hp.shape);
    D.p0 = Eigen::Map<const VecD>(p.data(), D.d);
  }

  D.token_type.clear();
  for (long k = 0; k < c.n_relevant; ++k) D.token_type.push_back(TokenType::Relevant);
  for (long k = 0; k < c.n_weak_same; ++k) D.token_type.push_back(TokenType::WeakSame);
  for (long k = 0; k < c.n_weak_opp; ++k) D.token_type.push_back(TokenType::WeakOpp);
  while (long(D.token_type.size()) < D.T) D.token_type.push_back(TokenType::Irrelevant);

  D.mu_pos = VecD::Zero(D.d);
  D.mu_neg = VecD::Zero(D.d);
  if (c.d == D.d && D.d >= 2) {
    D.mu_pos[0] = c.mu.value;
    D.mu_neg[1] = c.mu.value;
  } else {
    notes.push_back("mu_pos, mu_neg unknown: the config's d = " + std::to_string(c.d) + " differs from the data's d = " +
                    std::to_string(D.d) + ", projections on the signals not available");
  }

  D.source = dir;
  if (!notes.empty()) {
    D.source += " (";
    for (std::size_t k = 0; k < notes.size(); ++k) D.source += (k ? "; " : "") + notes[k];
    D.source += ")";
  }
  return D;
}

}  // namespace benign
