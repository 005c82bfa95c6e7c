#include "verify/seed_outcome_io.hpp"

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "core/text_format.hpp"

namespace benign {

namespace {

using J = nlohmann::json;

J num(double v) { return format_shortest(v); }
double get_num(const J& j, const char* key) {
  const std::string s = j.at(key).get<std::string>();
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str() || *end != '\0') throw std::runtime_error(std::string("seed outcome: bad number for ") + key + ": " + s);
  return v;
}
J nums(const std::array<double, 4>& a) { return J::array({num(a[0]), num(a[1]), num(a[2]), num(a[3])}); }
std::array<double, 4> get_nums(const J& j, const char* key) {
  std::array<double, 4> a{};
  const J& v = j.at(key);
  if (!v.is_array() || v.size() != 4) throw std::runtime_error(std::string("seed outcome: bad array ") + key);
  for (std::size_t i = 0; i < 4; ++i) {
    const J one = {{"x", v[i]}};
    a[i] = get_num(one, "x");
  }
  return a;
}

}  // namespace

std::string seed_outcome_text(const SeedOutcome& o) {
  const Observation& b = o.observed;
  const J obs = {{"regime", b.regime}, {"reason", b.reason}, {"tau_fit", num(b.tau_fit)}, {"tau_gen", num(b.tau_gen)},
                 {"tau_sel", num(b.tau_sel)}, {"k_fit", b.k_fit}, {"k_gen", b.k_gen}, {"k_sel", b.k_sel}, {"ratio", num(b.ratio)},
                 {"train_acc", num(b.train_acc)}, {"train_acc_clean", num(b.train_acc_clean)},
                 {"train_acc_noisy", num(b.train_acc_noisy)}, {"test_acc", num(b.test_acc)}, {"train_loss", num(b.train_loss)},
                 {"test_loss", num(b.test_loss)}, {"sel_clean", nums(b.sel_clean)}, {"sel_noisy", nums(b.sel_noisy)},
                 {"sel_test", nums(b.sel_test)}, {"mechanism", b.mechanism}, {"settled", b.settled},
                 {"still_changing", b.still_changing},
                 {"growth", {{"intercept", num(b.growth.intercept)}, {"slope", num(b.growth.slope)}, {"r2", num(b.growth.r2)},
                             {"slope_se", num(b.growth.slope_se)}, {"points", b.growth.points}}}};
  const J j = {{"seed", o.seed}, {"observed", obs},
               {"settle", {{"settled", o.settle.settled}, {"settled_at", num(o.settle.settled_at)},
                           {"k_settled", o.settle.k_settled}, {"moving", o.settle.moving}}},
               {"hit_cap", o.hit_cap}, {"time_end", num(o.time_end)}};
  return j.dump();
}

SeedOutcome seed_outcome_from_text(const std::string& text) {
  SeedOutcome o;
  try {
    const J j = J::parse(text);
    o.seed = j.at("seed").get<std::uint64_t>();
    const J& b = j.at("observed");
    Observation& x = o.observed;
    x.regime = b.at("regime").get<std::string>();
    x.reason = b.at("reason").get<std::string>();
    x.tau_fit = get_num(b, "tau_fit");
    x.tau_gen = get_num(b, "tau_gen");
    x.tau_sel = get_num(b, "tau_sel");
    x.k_fit = b.at("k_fit").get<long>();
    x.k_gen = b.at("k_gen").get<long>();
    x.k_sel = b.at("k_sel").get<long>();
    x.ratio = get_num(b, "ratio");
    x.train_acc = get_num(b, "train_acc");
    x.train_acc_clean = get_num(b, "train_acc_clean");
    x.train_acc_noisy = get_num(b, "train_acc_noisy");
    x.test_acc = get_num(b, "test_acc");
    x.train_loss = get_num(b, "train_loss");
    x.test_loss = get_num(b, "test_loss");
    x.sel_clean = get_nums(b, "sel_clean");
    x.sel_noisy = get_nums(b, "sel_noisy");
    x.sel_test = get_nums(b, "sel_test");
    x.mechanism = b.at("mechanism").get<std::string>();
    x.settled = b.at("settled").get<bool>();
    x.still_changing = b.at("still_changing").get<std::string>();
    const J& g = b.at("growth");
    x.growth.intercept = get_num(g, "intercept");
    x.growth.slope = get_num(g, "slope");
    x.growth.r2 = get_num(g, "r2");
    x.growth.slope_se = get_num(g, "slope_se");
    x.growth.points = g.at("points").get<long>();
    const J& s = j.at("settle");
    o.settle.settled = s.at("settled").get<bool>();
    o.settle.settled_at = get_num(s, "settled_at");
    o.settle.k_settled = s.at("k_settled").get<long>();
    o.settle.moving = s.at("moving").get<std::string>();
    o.hit_cap = j.at("hit_cap").get<bool>();
    o.time_end = get_num(j, "time_end");
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("seed outcome: malformed text: ") + e.what());
  }
  return o;
}

}  // namespace benign
