// The configuration: every key of the paper's setting and of a run, with default, range and help.
// One registry serves flags (`--n-test`), TOML/JSON files, `--help` and summary.json.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/precision.hpp"

namespace benign {

// A real-valued key keeps its decimal text so multiprecision code converts it exactly.
struct Real {
  double value = 0;
  std::string text = "0";
  Real() = default;
  Real(double v);                 // NOLINT: text = shortest round-trip decimal
  Real(const std::string& t);     // NOLINT: value = parsed double
  template <class T> T as() const { return from_string<T>(text); }
};

struct Config {
  // --- data (theory.md §1) ---
  long n = 20;               // training samples
  long n_test = 1000;        // test samples (clean labels, independent noise)
  long T = 8;                // tokens per sample
  long d = 2000;             // dimension
  Real mu{20.0};             // ‖μ‖
  Real rho{0.1};             // weak relevance ρ
  Real sigma{1.0};           // σ_ε
  Real eta{0.2};             // label-noise rate η
  long n_relevant = 1;       // |R|
  long n_weak_same = 1;      // |W_{y*}|
  long n_weak_opp = 1;       // |W_{-y*}|
  std::string noise_model = "balanced";  // balanced | iid
  std::string noise = "full";            // full | projected (orthogonal to μ_{±1})
  std::string source = "explicit";       // explicit (d-dimensional draws) | sampled (theory.md §6, any d)
  std::uint64_t seed = 42;
  // --- model and training (theory.md §2) ---
  std::string train = "Wp";         // p | W | Wp
  std::string w_init = "kaiming";   // kaiming | identity | gaussian
  std::string p_init = "zero";      // zero | gaussian
  Real w_var{1.0};                  // gaussian W(0): entries N(0, w_var / d)
  long heads = 1;                   // H: f(X) = Σ_h ν_h^T X^T S(X W_h p_h) (issue 15)
  std::string head_nu = "shared";   // shared: ν_h = ν / H; split: ν_h = ν(φ_h) / H (README "Several heads")
  long head_index = 0;              // not a key: the head whose W0_h, p0_h the seed streams give (issue 15)
  Real lr{5e-3};
  long steps = 1000;
  // --- run ---
  std::string engine = "reduced";   // reduced | full
  std::string integrator = "gd";    // gd | flow
  std::string precision = "double";
  long digits = 50;                 // mpfr only
  long every = 10;                  // checkpoint interval (gd); 0 = log-spaced
  long checkpoints_per_decade = 10; // log-spaced checkpoints
  std::string observe = "all";      // all = checkpoints as `every` says; final = one evaluation, at the last step
  Real horizon{0.0};                // flow: end time (units of lr × steps); 0 = lr × steps
  Real tol{1e-10};                  // flow: relative error tolerance per step
  long track = 2;                   // per-token attention recorded for this many clean and noisy samples
  std::string setup = "auto";       // auto | native | double: precision of the one-time Gram set-up
  // --- theory constants (bounds/) ---
  Real delta{0.01};                 // failure probability δ in log(Tn/δ)
  Real c_h{1.0};                    // harmful boundary constant
  Real c_n{1.0};                    // not-overfitting boundary constant
  long log_factor = 0;              // 1: multiply the harmful boundary by sqrt(log(Tn/δ))
  // --- verify/ thresholds of the observed regime ---
  Real eps_benign{0.05};            // benign / generalizing: test accuracy >= 1 - eps_benign
  Real eps_harmful{0.05};           // harmful: test accuracy < 1 - eps_harmful
  Real noisy_fit_max{0.5};          // not overfitting: noisy training accuracy <= this
  Real delay_ratio{10.0};           // delayed generalization: tau_gen / tau_fit >= this

  long n_irrelevant() const { return T - n_relevant - n_weak_same - n_weak_opp; }
  long n_tokens_train() const { return n * T; }
  Precision precision_enum() const { return parse_precision(precision); }
};

struct KeySpec {
  std::string name;   // snake_case; the flag is --name with dashes
  std::string group;  // data | model | run | theory
  std::string help;
  std::string range;  // human-readable allowed range
  std::function<std::string(const Config&)> get;
  std::function<void(Config&, const std::string&)> set;  // parses; throws ConfigError naming the key
  bool is_text = false;  // value is a string (quoted in JSON)
};

const std::vector<KeySpec>& config_keys();
const KeySpec* find_key(const std::string& name);  // accepts dashes or underscores
std::string flag_name(const std::string& key);       // n_test -> n-test

// Cross-field validation (token counts fit T, train=W needs p_init != zero, ...). Throws ConfigError.
void validate(const Config& c);

// Read keys from a TOML (.toml) or JSON (.json) file into c. Unknown keys are errors.
void load_config_file(Config& c, const std::string& path);
// Apply one key=value (used by files and flags).
void set_key(Config& c, const std::string& key, const std::string& value);

// Every key as JSON text (an object), numbers as numbers.
std::string config_to_json(const Config& c, const std::vector<std::string>& groups = {});

}  // namespace benign
