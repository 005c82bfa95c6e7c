#include "core/text_format.hpp"
#include "core/config.hpp"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include "core/toml_parse.hpp"

#include "core/errors.hpp"
#include "core/config_file.hpp"
#include "core/text_file.hpp"

namespace benign {


Real::Real(double v) : value(v), text(format_shortest(v)) {}
Real::Real(const std::string& t) : text(t) {
  // strtod, not stod: a subnormal such as 1e-310 is a number (stod throws for it), so what the
  // printed ranges include is accepted; overflow gives inf, which the range checks refuse.
  if (t.empty() || std::isspace(static_cast<unsigned char>(t[0]))) throw std::invalid_argument(t);
  char* end = nullptr;
  value = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size()) throw std::invalid_argument(t);
}

std::string flag_name(const std::string& key) {
  std::string s = key;
  for (auto& ch : s) if (ch == '_') ch = '-';
  return s;
}

namespace {

[[noreturn]] void bad(const std::string& key, const std::string& value, const std::string& range) {
  throw ConfigError("config key '" + key + "' = '" + value + "' is out of range: allowed " + range);
}

long parse_long(const std::string& key, const std::string& v, long lo, long hi, const std::string& range) {
  long x = 0;
  std::string s = v;
  // accept 1e3-style integers and 20.0 from JSON/TOML floats when integral
  try {
    std::size_t pos = 0;
    double dv = std::stod(s, &pos);
    if (pos != s.size() || !std::isfinite(dv) || dv != std::floor(dv)) bad(key, v, range);
    if (dv < double(lo) || dv > double(hi)) bad(key, v, range);
    x = long(dv);
  } catch (const std::invalid_argument&) {
    bad(key, v, range);
  } catch (const std::out_of_range&) {
    bad(key, v, range);
  }
  return x;
}

// lo/hi bounds with open/closed ends
Real parse_real(const std::string& key, const std::string& v, double lo, bool lo_open, double hi, bool hi_open,
                const std::string& range) {
  Real r;
  try {
    r = Real(v);
  } catch (...) {
    bad(key, v, range);
  }
  double x = r.value;
  if (!std::isfinite(x)) bad(key, v, range);
  if (lo_open ? !(x > lo) : !(x >= lo)) bad(key, v, range);
  if (hi_open ? !(x < hi) : !(x <= hi)) bad(key, v, range);
  return r;
}

std::string parse_choice(const std::string& key, const std::string& v, const std::vector<std::string>& choices) {
  for (auto& ch : choices) if (ch == v) return v;
  std::string r = "one of {";
  for (std::size_t i = 0; i < choices.size(); ++i) r += (i ? ", " : "") + choices[i];
  bad(key, v, r + "}");
}

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr long lmax = std::numeric_limits<long>::max() / 4;
constexpr long kMaxDExplicit = 10000000;             // explicit source: d-dimensional draws
constexpr long kMaxHeads = 64;                       // heads: per-head state costs O(H (nT)^2)
constexpr long kMaxDSampled = 1000000000000000L;     // sampled source: 1e15 (< 2^53, exact in double)

KeySpec int_key(const char* name, const char* group, const char* help, long Config::*m, long lo, long hi) {
  // The largest accepted value itself, not "inf" (which is refused).
  std::string range = "integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  KeySpec k;
  k.name = name; k.group = group; k.help = help; k.range = range;
  k.get = [m](const Config& c) { return std::to_string(c.*m); };
  k.set = [m, lo, hi, range, n = std::string(name)](Config& c, const std::string& v) { c.*m = parse_long(n, v, lo, hi, range); };
  return k;
}

KeySpec real_key(const char* name, const char* group, const char* help, Real Config::*m, double lo, bool lo_open,
                 double hi, bool hi_open) {
  std::ostringstream os;
  // inf itself is never accepted (values must be finite): an infinite end prints open.
  os << (lo_open ? "(" : "[") << format_shortest(lo) << ", "
     << format_shortest(hi) << (hi_open || std::isinf(hi) ? ")" : "]");
  std::string range = "real in " + os.str();
  KeySpec k;
  k.name = name; k.group = group; k.help = help; k.range = range;
  k.get = [m](const Config& c) { return (c.*m).text; };
  k.set = [=, n = std::string(name)](Config& c, const std::string& v) {
    c.*m = parse_real(n, v, lo, lo_open, hi, hi_open, range);
  };
  return k;
}

KeySpec choice_key(const char* name, const char* group, const char* help, std::string Config::*m,
                   std::vector<std::string> choices) {
  std::string range = "one of {";
  for (std::size_t i = 0; i < choices.size(); ++i) range += (i ? ", " : "") + choices[i];
  range += "}";
  KeySpec k;
  k.name = name; k.group = group; k.help = help; k.range = range; k.is_text = true;
  k.get = [m](const Config& c) { return c.*m; };
  k.set = [m, choices, n = std::string(name)](Config& c, const std::string& v) { c.*m = parse_choice(n, v, choices); };
  return k;
}

std::vector<KeySpec> make_keys() {
  std::vector<KeySpec> k;
  k.push_back(int_key("n", "data", "training samples", &Config::n, 2, 100000));
  k.push_back(int_key("n_test", "data", "test samples (clean labels, noise independent of training)", &Config::n_test, 1, 10000000));
  k.push_back(int_key("T", "data", "tokens per sample", &Config::T, 1, 100000));
  k.push_back(int_key("d", "data", "dimension (the signals use coordinates 1 and 2); explicit source up to 1e7, sampled up to 1e15", &Config::d, 2, kMaxDSampled));
  k.push_back(real_key("mu", "data", "signal norm ||mu||", &Config::mu, 0, true, inf, false));
  k.push_back(real_key("rho", "data", "weak relevance rho of weakly relevant tokens", &Config::rho, 0, false, 1, false));
  k.push_back(real_key("sigma", "data", "noise standard deviation sigma_eps", &Config::sigma, 0, true, inf, false));
  k.push_back(real_key("eta", "data", "label-noise rate eta", &Config::eta, 0, false, 0.5, true));
  k.push_back(int_key("n_relevant", "data", "relevant tokens |R| per sample", &Config::n_relevant, 1, 100000));
  k.push_back(int_key("n_weak_same", "data", "weakly relevant tokens of the sample's class |W_y*|", &Config::n_weak_same, 0, 100000));
  k.push_back(int_key("n_weak_opp", "data", "weakly relevant tokens of the opposite class |W_-y*|", &Config::n_weak_opp, 0, 100000));
  k.push_back(choice_key("noise_model", "data", "label noise: balanced = exactly ceil(eta n) flips split over the classes (paper's code); iid = each label flipped with probability eta", &Config::noise_model, {"balanced", "iid"}));
  k.push_back(choice_key("noise", "data", "token noise: full = N(0, sigma^2 I_d) (paper's code); projected = orthogonal to mu_{+1}, mu_{-1}", &Config::noise, {"full", "projected"}));
  k.push_back(choice_key("source", "data", "explicit = draw d-dimensional tokens and W(0) (cost grows with d); sampled = draw the reduced problem's inner products from their exact joint law (theory.md 6: cost independent of d, d up to 1e15; needs w_init identity or gaussian, p_init zero, engine reduced, d - 2 >= n T). The two sources use different random streams: they agree in distribution, not draw by draw", &Config::source, {"explicit", "sampled"}));
  {
    KeySpec s;
    s.name = "seed"; s.group = "data"; s.help = "random seed (data, W(0), p(0))"; s.range = "integer in [0, 2^64)";
    s.get = [](const Config& c) { return std::to_string(c.seed); };
    s.set = [](Config& c, const std::string& v) {
      try {
        std::size_t pos = 0;
        // digits only: stoull skips blanks and negates "-1" to 2^64 - 1
        if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos) throw std::invalid_argument(v);
        unsigned long long x = std::stoull(v, &pos);
        if (pos != v.size()) throw std::invalid_argument(v);
        c.seed = x;
      } catch (const ConfigError&) { throw; } catch (...) {
        bad("seed", v, "integer in [0, 2^64)");
      }
    };
    k.push_back(s);
  }
  k.push_back(choice_key("train", "model", "trained parameters: p only, W only, or both", &Config::train, {"p", "W", "Wp"}));
  k.push_back(choice_key("w_init", "model", "W(0): kaiming = U(-1/sqrt d, 1/sqrt d) (paper's code), identity (first version), gaussian = N(0, 1/d)", &Config::w_init, {"kaiming", "identity", "gaussian"}));
  k.push_back(real_key("w_var", "model", "w_init = gaussian: W(0) entries N(0, w_var / d) (1/3 matches Kaiming-uniform's variance)", &Config::w_var, 0, true, inf, false));
  k.push_back(int_key("heads", "model", "attention heads H: f(X) = sum_h nu_h^T X^T S(X W_h p_h), each W_h, p_h initialised independently as for one head", &Config::heads, 1, kMaxHeads));
  k.push_back(choice_key("head_nu", "model", "fixed linear heads nu_h: shared = the paper's nu / H for every head; split = head h gets nu rotated to angle phi_h = (h + 1/2) pi / (2H) from mu_{+1} within span(mu_{+1}, mu_{-1}), divided by H (H = 1: the paper's nu)", &Config::head_nu, {"shared", "split"}));
  k.push_back(choice_key("p_init", "model", "p(0): zero (paper) or gaussian N(0, 1/d)", &Config::p_init, {"zero", "gaussian"}));
  k.push_back(real_key("lr", "model", "learning rate of gradient descent", &Config::lr, 0, true, inf, false));
  k.push_back(int_key("steps", "model", "gradient-descent steps", &Config::steps, 0, lmax));
  k.push_back(choice_key("engine", "run", "reduced = exact O((nT)^2) recursion; full = plain d-dimensional gradient descent", &Config::engine, {"reduced", "full"}));
  k.push_back(choice_key("integrator", "run", "gd = gradient descent; flow = adaptive gradient flow (reduced engine)", &Config::integrator, {"gd", "flow"}));
  k.push_back(choice_key("precision", "run", "working precision", &Config::precision, precision_names()));
  k.push_back(int_key("digits", "run", "decimal digits of the mpfr precision", &Config::digits, 10, 100000));
  k.push_back(int_key("every", "run", "checkpoint every K steps; 0 = log-spaced checkpoints", &Config::every, 0, lmax));
  k.push_back(int_key("checkpoints_per_decade", "run", "log-spaced checkpoints per decade of time", &Config::checkpoints_per_decade, 1, 1000));
  k.push_back(choice_key("observe", "run", "all = evaluate train and test set at every checkpoint (the trajectory); final = once, at the last step (outputs of the end state only: a trajectory of one row, no observed regime; gd only)", &Config::observe, {"all", "final"}));
  k.push_back(real_key("horizon", "run", "flow: end time in units of lr x steps (0 = lr x steps)", &Config::horizon, 0, false, inf, false));
  k.push_back(real_key("tol", "run", "flow: local error tolerance (relative)", &Config::tol, 0, true, 1, true));
  k.push_back(int_key("track", "run", "record per-token attention of this many clean and this many noisy samples", &Config::track, 0, 1000));
  k.push_back(choice_key("setup", "run", "precision of the one-time Gram matrices: native = working precision, double = computed in double, auto = native when cheap", &Config::setup, {"auto", "native", "double"}));
  k.push_back(real_key("delta", "theory", "failure probability delta in log(T n / delta)", &Config::delta, 0, true, 1, true));
  k.push_back(real_key("c_h", "theory", "constant of the harmful boundary SNR = c_h d^(-1/4)", &Config::c_h, 0, true, inf, false));
  k.push_back(real_key("c_n", "theory", "constant of the not-overfitting boundary SNR = c_n n^(-1/2)", &Config::c_n, 0, true, inf, false));
  k.push_back(int_key("log_factor", "theory", "1: harmful boundary times sqrt(log(T n / delta)) (first version's A2)", &Config::log_factor, 0, 1));
  k.push_back(real_key("eps_benign", "verify", "observed benign / generalizing when test accuracy >= 1 - eps_benign", &Config::eps_benign, 0, false, 1, true));
  k.push_back(real_key("eps_harmful", "verify", "observed harmful when every label is fitted and test accuracy < 1 - eps_harmful", &Config::eps_harmful, 0, false, 1, true));
  k.push_back(real_key("noisy_fit_max", "verify", "observed not overfitting when noisy training accuracy <= noisy_fit_max", &Config::noisy_fit_max, 0, false, 1, true));
  k.push_back(real_key("delay_ratio", "verify", "observed delayed generalization when tau_gen / tau_fit >= delay_ratio", &Config::delay_ratio, 1, false, inf, false));
  return k;
}

}  // namespace

const std::vector<KeySpec>& config_keys() {
  static const std::vector<KeySpec> keys = make_keys();
  return keys;
}

const KeySpec* find_key(const std::string& name) {
  std::string s = name;
  for (auto& ch : s) if (ch == '-') ch = '_';
  for (auto& k : config_keys()) if (k.name == s) return &k;
  return nullptr;
}

void set_key(Config& c, const std::string& key, const std::string& value) {
  const KeySpec* k = find_key(key);
  if (!k) throw ConfigError("unknown config key '" + key + "' (see --help for the list of keys)");
  k->set(c, value);
}

void validate(const Config& c) {
  long need = c.n_relevant + c.n_weak_same + c.n_weak_opp;
  if (c.T < need)
    throw ConfigError("config key 'T' = " + std::to_string(c.T) + " is out of range: the token types need T >= n_relevant + n_weak_same + n_weak_opp = " + std::to_string(need));
  if (c.train == "W" && c.p_init == "zero")
    throw ConfigError("impossible combination: train = 'W' with p_init = 'zero' never moves (the gradient of W is u p^T = 0); set p_init = 'gaussian' or train = 'p' or 'Wp'");
  if (c.observe == "final" && c.integrator == "flow")
    throw ConfigError("impossible combination: observe = 'final' with integrator = 'flow' (the flow's step-size control lands on its checkpoints, so its end state depends on them); set observe = 'all' or integrator = 'gd'");
  if (c.integrator == "flow" && c.engine != "reduced")
    throw ConfigError("impossible combination: integrator = 'flow' runs on engine = 'reduced' only");
  if (c.source == "explicit" && c.d > kMaxDExplicit)
    throw ConfigError("config key 'd' = " + std::to_string(c.d) + " is out of range: source = 'explicit' allows d <= " +
                      std::to_string(kMaxDExplicit) + "; set source = 'sampled' for larger d");
  if (c.source == "sampled") {
    const std::string why = " (source = 'sampled' draws the reduced problem of theory.md 6, which needs w_init identity or gaussian, p_init zero, engine reduced, d - 2 >= n T)";
    if (c.w_init == "kaiming")
      throw ConfigError("impossible combination: source = 'sampled' with w_init = 'kaiming'; set w_init = 'gaussian' (w_var = 1/3 matches Kaiming-uniform's variance) or 'identity'" + why);
    if (c.p_init != "zero")
      throw ConfigError("impossible combination: source = 'sampled' with p_init = '" + c.p_init + "'; set p_init = 'zero'" + why);
    if (c.engine != "reduced")
      throw ConfigError("impossible combination: source = 'sampled' with engine = '" + c.engine + "'; set engine = 'reduced'" + why);
    if (c.d - 2 < c.n * c.T)
      throw ConfigError("config key 'd' = " + std::to_string(c.d) + " is out of range: source = 'sampled' needs d - 2 >= n T = " +
                        std::to_string(c.n * c.T) + why);
  }
  if (c.noise == "projected" && c.d < 3)
    throw ConfigError("config key 'd' = " + std::to_string(c.d) + " is out of range: noise = 'projected' needs d >= 3");
}

static std::string json_scalar_text(const nlohmann::json& v, const std::string& key, const std::string& path) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean())
    throw ConfigError("file '" + path + "': key '" + key + "' = " + v.dump() + " is a boolean; allowed a number or a string (booleans are not integers)");
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number_unsigned()) return std::to_string(v.get<unsigned long long>());
  if (v.is_number_float()) return format_shortest(v.get<double>());
  throw ConfigError("file '" + path + "': key '" + key + "' must be a number or a string");
}

void load_config_file(Config& c, const std::string& path) {
  parse_config_text(c, read_text_file(path, "config file (--config)"), path);
}

void parse_config_text(Config& c, const std::string& text, const std::string& path) {
  bool is_json = path.size() >= 5 && path.substr(path.size() - 5) == ".json";
  if (!is_json) {
    auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && text[first] == '{') is_json = true;
  }
  if (is_json) {
    const nlohmann::json j = parse_json_unique_keys(text, path);
    if (!j.is_object()) throw ConfigError("file '" + path + "': expected a JSON object of config keys");
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key() == "name") continue;
      try {
        set_key(c, it.key(), json_scalar_text(it.value(), it.key(), path));
      } catch (const ConfigError& e) {
        throw ConfigError("file '" + path + "': " + e.what());
      }
    }
    return;
  }
  toml::table tbl;
  check_toml_text(text, path);
  try {
    tbl = toml::parse(text, path);
  } catch (const ConfigError& e) {
    throw ConfigError("file '" + path + "': " + e.what());
  } catch (const toml::parse_error& e) {
    std::ostringstream os;
    os << "file '" << path << "' is not valid TOML: " << e.description() << " (line " << e.source().begin.line << ")";
    throw ConfigError(os.str());
  }
  for (auto&& [key, node] : tbl) {
    std::string k(key.str());
    if (k == "name") continue;
    std::string v;
    if (auto s = node.value<std::string>(); s && node.is_string()) v = *s;
    else if (node.is_integer()) v = std::to_string(*node.value<long long>());
    else if (node.is_floating_point()) {
      // keep the literal as written when possible
      v = format_shortest(*node.value<double>());
    } else if (node.is_boolean()) {
      throw ConfigError("file '" + path + "': key '" + k + "' = " + (*node.value<bool>() ? "true" : "false") +
                        " is a boolean; allowed a number or a string (booleans are not integers)");
    } else throw ConfigError("file '" + path + "': key '" + k + "' must be a number or a string");
    try {
      set_key(c, k, v);
    } catch (const ConfigError& e) {
      throw ConfigError("file '" + path + "': " + e.what());
    }
  }
}

std::string config_to_json(const Config& c, const std::vector<std::string>& groups) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (auto& k : config_keys()) {
    if (!groups.empty() && std::find(groups.begin(), groups.end(), k.group) == groups.end()) continue;
    std::string v = k.get(c);
    if (k.is_text) j[k.name] = v;
    else if (k.name == "seed") j[k.name] = c.seed;
    else j[k.name] = nlohmann::ordered_json::parse(v);
  }
  return j.dump();
}

}  // namespace benign
