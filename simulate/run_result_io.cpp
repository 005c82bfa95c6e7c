#include "simulate/run_result_io.hpp"

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/text_format.hpp"

namespace benign {

namespace {

using J = nlohmann::json;

// Numbers of a record as one line of space-separated shortest round-trip text.
struct Writer {
  std::string s;
  void operator()(double& v) { s += format_shortest(v); s += ' '; }
  void operator()(long& v) { s += std::to_string(v); s += ' '; }
  void operator()(int& v) { s += std::to_string(v); s += ' '; }
  void operator()(std::int8_t& v) { s += std::to_string(int(v)); s += ' '; }
  template <class T, std::size_t N> void operator()(std::array<T, N>& a) { for (auto& x : a) (*this)(x); }
  template <class T, class F> void each(std::vector<T>& v, F f) {
    long n = long(v.size());
    (*this)(n);
    for (auto& x : v) f(x);
  }
};

struct Reader {
  const char* p;
  const char* end;
  const char* token(std::string& t) {
    while (p < end && *p == ' ') ++p;
    const char* b = p;
    while (p < end && *p != ' ') ++p;
    if (b == p) throw std::runtime_error("run result: text ends early");
    t.assign(b, p);
    return b;
  }
  void operator()(double& v) {
    std::string t;
    token(t);
    char* e = nullptr;
    v = std::strtod(t.c_str(), &e);
    if (e == t.c_str() || *e != '\0') throw std::runtime_error("run result: bad number '" + t + "'");
  }
  void operator()(long& v) {
    std::string t;
    token(t);
    char* e = nullptr;
    v = std::strtol(t.c_str(), &e, 10);
    if (e == t.c_str() || *e != '\0') throw std::runtime_error("run result: bad integer '" + t + "'");
  }
  void operator()(int& v) { long x; (*this)(x); v = int(x); }
  void operator()(std::int8_t& v) { long x; (*this)(x); v = std::int8_t(x); }
  template <class T, std::size_t N> void operator()(std::array<T, N>& a) { for (auto& x : a) (*this)(x); }
  template <class T, class F> void each(std::vector<T>& v, F f) {
    long n = 0;
    (*this)(n);
    if (n < 0 || n > end - p) throw std::runtime_error("run result: bad count");
    v.resize(std::size_t(n));
    for (auto& x : v) f(x);
  }
};

// Every number of a checkpoint, in one order for writing and reading.
template <class V> void checkpoint_fields(V& v, Checkpoint& c) {
  v(c.step); v(c.time); v(c.train_loss); v(c.train_acc); v(c.train_acc_clean); v(c.train_acc_noisy);
  v(c.test_loss); v(c.test_acc); v(c.attn_clean); v(c.attn_noisy); v(c.sel_clean); v(c.sel_noisy); v(c.sel_test);
  v(c.lambda_mean); v(c.lambda_min); v(c.gamma_mean); v(c.gamma_min); v(c.p_norm); v(c.q_pos); v(c.q_neg);
  v(c.log10_min_complement); v(c.max_gap);
  v.each(c.tracked, [&](double& x) { v(x); });
  v.each(c.selected_type, [&](std::int8_t& x) { v(x); });
  v.each(c.heads, [&](HeadCheckpoint& h) {
    v(h.attn_clean); v(h.attn_noisy); v(h.sel_clean); v(h.sel_noisy); v(h.sel_test); v(h.p_norm); v(h.q_pos); v(h.q_neg);
  });
}

template <class V> void final_fields(V& v, FinalSample& f) {
  v(f.selected_token); v(f.selected_type); v(f.proj_pos); v(f.proj_neg); v(f.f); v(f.y); v(f.y_clean);
}

template <class V> void run_numbers(V& v, RunResult& r) {
  v(r.setup_s); v(r.train_s); v(r.elapsed_s); v(r.steps_done);
  v.each(r.tracked_samples, [&](long& x) { v(x); });
  Diagnostics& d = r.diagnostics;
  v(d.log10_min_complement); v(d.max_gap); v(d.lost_at_time); v(d.non_finite_step); v(d.gram_digits); v(d.gram_digits_lost);
}

std::vector<std::string> records(std::vector<Checkpoint>& cps) {
  std::vector<std::string> out;
  for (auto& c : cps) { Writer w; checkpoint_fields(w, c); out.push_back(w.s); }
  return out;
}

}  // namespace

std::string run_result_text(const RunResult& r0) {
  RunResult r = r0;  // the field visitors take references
  Writer numbers;
  run_numbers(numbers, r);
  J finals = J::array();
  for (auto* set : {&r.final_train, &r.final_test}) {
    Writer w;
    w.each(*set, [&](FinalSample& f) { final_fields(w, f); });
    finals.push_back(w.s);
  }
  const Diagnostics& d = r.diagnostics;
  const J j = {{"precision", r.precision}, {"engine", r.engine}, {"integrator", r.integrator}, {"setup_precision", r.setup_precision},
               {"data_source", r.data_source}, {"test_precision", r.test_precision}, {"interrupted", r.interrupted}, {"notes", r.notes}, {"numbers", numbers.s},
               {"checkpoints", records(r.checkpoints)}, {"finals", finals},
               {"diagnostics", {{"resolved", d.resolved}, {"message", d.message}, {"suggested_precision", d.suggested_precision},
                                {"non_finite", d.non_finite}, {"non_finite_quantity", d.non_finite_quantity}}}};
  return j.dump();
}

RunResult run_result_from_text(const std::string& text, const Config& config) {
  RunResult r;
  r.config = config;
  try {
    const J j = J::parse(text);
    r.precision = j.at("precision").get<std::string>();
    r.engine = j.at("engine").get<std::string>();
    r.integrator = j.at("integrator").get<std::string>();
    r.setup_precision = j.at("setup_precision").get<std::string>();
    r.data_source = j.at("data_source").get<std::string>();
    r.test_precision = j.at("test_precision").get<std::string>();
    r.interrupted = j.at("interrupted").get<bool>();
    r.notes = j.at("notes").get<std::string>();
    auto read = [](const std::string& s) { return Reader{s.data(), s.data() + s.size()}; };
    const std::string numbers = j.at("numbers").get<std::string>();
    Reader rn = read(numbers);
    run_numbers(rn, r);
    for (const auto& rec : j.at("checkpoints")) {
      const std::string s = rec.get<std::string>();
      Reader rd = read(s);
      Checkpoint c;
      checkpoint_fields(rd, c);
      r.checkpoints.push_back(std::move(c));
    }
    const J& finals = j.at("finals");
    if (!finals.is_array() || finals.size() != 2) throw std::runtime_error("run result: bad final samples");
    std::vector<FinalSample>* sets[] = {&r.final_train, &r.final_test};
    for (std::size_t k = 0; k < 2; ++k) {
      const std::string s = finals[k].get<std::string>();
      Reader rd = read(s);
      rd.each(*sets[k], [&](FinalSample& f) { final_fields(rd, f); });
    }
    const J& d = j.at("diagnostics");
    r.diagnostics.resolved = d.at("resolved").get<bool>();
    r.diagnostics.message = d.at("message").get<std::string>();
    r.diagnostics.suggested_precision = d.at("suggested_precision").get<std::string>();
    r.diagnostics.non_finite = d.at("non_finite").get<bool>();
    r.diagnostics.non_finite_quantity = d.at("non_finite_quantity").get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("run result: malformed text: ") + e.what());
  }
  return r;
}

}  // namespace benign
