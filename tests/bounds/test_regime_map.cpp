// The regime map as data: the built-in paper map, loading other maps, malformed maps, and the
// prediction with its boundaries and conditions (theory.md §4).
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "bounds/conditions.hpp"
#include "bounds/predict.hpp"
#include "bounds/regime_map.hpp"
#include "bounds/report.hpp"
#include "core/errors.hpp"

using namespace benign;

namespace {

Config setting(long d, const std::string& mu) {
  Config c;
  c.d = d;
  c.mu = Real(mu);
  return c;
}

const Condition<double>& find(const std::vector<Condition<double>>& cs, const std::string& id) {
  for (const auto& c : cs)
    if (c.id == id) return c;
  FAIL("no condition " << id);
  return cs.front();
}

// The message of the ConfigError thrown by f ("" if none).
template <class F> std::string config_error(F f) {
  try {
    f();
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

std::string paper_with(const std::string& from, const std::string& to) {
  std::string s = paper_regime_map_toml();
  auto pos = s.find(from);
  REQUIRE(pos != std::string::npos);
  return s.replace(pos, from.size(), to);
}

}  // namespace

TEST_CASE("the paper's map is built in as data", "[bounds][regime_map]") {
  RegimeMap m = paper_regime_map();
  CHECK(m.origin == "built-in");
  REQUIRE(m.regimes == std::vector<std::string>{"harmful", "benign", "not_overfitting"});
  REQUIRE(m.boundaries.size() == 2);
  CHECK(m.boundaries[0].source == "paper");
  CHECK(m.boundaries[0].above_inclusive);
  CHECK(boundary_formula(m.boundaries[0]) == "c_h * d^(-1/4) * log(T n/delta)^(log_factor/2)");
  CHECK(boundary_formula(m.boundaries[1]) == "c_n * n^(-1/2)");
  // the TOML text round-trips
  RegimeMap again = parse_regime_map(regime_map_to_toml(m), false, "round-trip");
  CHECK(regime_map_to_toml(again) == regime_map_to_toml(m));
}

TEST_CASE("predict: SNR, margins and boundary distances of the paper's settings", "[bounds][predict]") {
  const RegimeMap m = paper_regime_map();
  // benign setting d = 2000, ||mu|| = 20 (theory.md §4): SNR = 1/sqrt(5), n SNR^2 = 4
  Prediction<double> p = predict<double>(setting(2000, "20"), m);
  CHECK(p.snr == Approx(1 / std::sqrt(5.0)).epsilon(1e-15));
  CHECK(p.n_snr2 == Approx(4).epsilon(1e-15));
  CHECK(p.snr_d14 == Approx(20 / std::pow(2000.0, 0.25)).epsilon(1e-15));
  CHECK(p.log_tn_delta == Approx(std::log(16000.0)).epsilon(1e-15));
  CHECK(p.score_plus == Approx(1 / std::sqrt(2.0)).epsilon(1e-15));
  CHECK(p.score_minus == -p.score_plus);
  // distances: log(SNR d^{1/4} / c_h) and log(SNR sqrt(n) / c_n) = log(n SNR^2)/2
  CHECK(p.boundaries[0].margin == Approx(std::log(p.snr_d14)).epsilon(1e-14));
  CHECK(p.boundaries[1].margin == Approx(std::log(4.0) / 2).epsilon(1e-14));
  CHECK(p.boundaries[1].threshold == Approx(1 / std::sqrt(20.0)).epsilon(1e-15));
  // with constants 1 the balanced setting sits above n^{-1/2} (theory.md §4)
  CHECK(p.regime == "not_overfitting");
  CHECK(predict<double>(setting(5000, "5"), m).regime == "harmful");
  CHECK(predict<double>(setting(1000, "100"), m).regime == "not_overfitting");
  Config c = setting(2000, "20");
  c.c_n = Real(std::string("3"));
  CHECK(predict<double>(c, m).regime == "benign");
}

TEST_CASE("conditions carry id, source, formula, value, threshold, margin and holds", "[bounds][conditions]") {
  Prediction<double> p = predict<double>(setting(2000, "20"), paper_regime_map());
  std::vector<std::string> ids;
  for (const auto& c : p.conditions) {
    ids.push_back(c.id);
    CHECK(!c.formula.empty());
    CHECK((c.source == "paper" || c.source == "v1" || c.source == "derived"));
    // margin = log(value / threshold), and holds follows the relation
    CHECK(c.margin == Approx(std::log(c.value / c.threshold)).margin(1e-13));
    bool expect = c.relation == ">" ? c.value > c.threshold : c.relation == ">=" ? c.value >= c.threshold
                : c.relation == "<" ? c.value < c.threshold : c.value <= c.threshold;
    CHECK(c.holds == expect);
  }
  CHECK(ids == std::vector<std::string>{"harmful_boundary", "not_overfitting_boundary", "v1_A1a", "v1_A1b", "v1_A2", "window_benign",
                                        "n_below_sqrt_d"});
  // A1a: n SNR^2 = 4 > 1 fails; A1b: 2000 < 400 log^2(16000) fails; A2: 2.99 < sqrt(log 16000) = 3.11 fails
  CHECK_FALSE(find(p.conditions, "v1_A1a").holds);
  CHECK(find(p.conditions, "v1_A1a").value == Approx(4));
  CHECK(find(p.conditions, "v1_A1b").threshold == Approx(400 * std::pow(std::log(16000.0), 2)));
  CHECK_FALSE(find(p.conditions, "v1_A1b").holds);
  CHECK(find(p.conditions, "v1_A2").threshold == Approx(std::sqrt(std::log(16000.0))));
  CHECK_FALSE(find(p.conditions, "v1_A2").holds);
  CHECK(find(p.conditions, "v1_A2").margin == Approx(std::log(2.9907) - std::log(3.1105)).margin(1e-3));
  CHECK(find(p.conditions, "window_benign").holds);   // 1/sqrt(20) > 2000^{-1/4}
  CHECK(find(p.conditions, "n_below_sqrt_d").holds);  // 20 < 44.7
}

TEST_CASE("conflicting boundaries predict 'undetermined'", "[bounds][predict]") {
  // n >= sqrt(d): c_n n^{-1/2} = 0.0316 < c_h d^{-1/4} = 0.1; SNR = 0.05 is below one, above the other
  Config c;
  c.n = 1000;
  c.d = 10000;
  c.mu = Real(std::string("5"));
  Prediction<double> p = predict<double>(c, paper_regime_map());
  CHECK(p.snr == Approx(0.05));
  CHECK(p.regime == "undetermined");
  CHECK_FALSE(find(p.conditions, "window_benign").holds);
  CHECK_FALSE(find(p.conditions, "n_below_sqrt_d").holds);
}

TEST_CASE("predict agrees across precisions", "[bounds][predict]") {
  Config c = setting(2000, "20");
  Prediction<double> d = predict<double>(c, paper_regime_map());
  Prediction<float> f = predict<float>(c, paper_regime_map());
  set_mpfr_digits(100);
  Prediction<mpfr> m = predict<mpfr>(c, paper_regime_map());
  CHECK(f.regime == d.regime);
  CHECK(m.regime == d.regime);
  CHECK(double(f.snr) == Approx(d.snr).epsilon(4e-7));
  CHECK(abs(m.snr - mpfr(1) / sqrt(mpfr(5))) < 4 * std::numeric_limits<mpfr>::epsilon());
  CHECK(abs(m.n_snr2 - 4) < 8 * std::numeric_limits<mpfr>::epsilon());
  // a key not representable in the precision is a ConfigError naming it
  Config big = c;
  big.mu = Real(std::string("1e300"));
  CHECK(config_error([&] { predict<float>(big, paper_regime_map()); }).find("'mu'") != std::string::npos);
  CHECK_NOTHROW(predict<double>(big, paper_regime_map()));
}

TEST_CASE("another theorem's map is loaded as data and used by predict", "[bounds][regime_map]") {
  // an n d SNR^4 rule written as SNR = c n^{-1/4} d^{-1/4}, in JSON
  const std::string json = R"({
    "name": "n-d-snr4", "title": "a two-regime rule n d SNR^4 = 1",
    "regimes": ["harmful", "benign"],
    "boundary": [{"id": "nd_snr4", "source": "another paper, Theorem 2", "c": 1, "a": "-1/4", "b": -0.25, "k": 0}]
  })";
  RegimeMap m = parse_regime_map(json, true, "inline.json");
  CHECK(boundary_formula(m.boundaries[0]) == "1 * n^(-1/4) * d^(-0.25)");
  // benign setting: n d SNR^4 = 20 * 2000 / 25 = 1600 > 1
  Prediction<double> p = predict<double>(setting(2000, "20"), m);
  CHECK(p.regime == "benign");
  CHECK(p.boundaries[0].margin == Approx(std::log(1600.0) / 4).epsilon(1e-13));
  CHECK(p.conditions[0].source == "another paper, Theorem 2");
  // from a file, TOML and JSON
  const std::string dir = std::string(BENIGN_SOURCE_DIR) + "/tests/bounds/";
  std::string toml_path = "/tmp/benign_test_map.toml", json_path = "/tmp/benign_test_map.json";
  { std::ofstream(toml_path) << regime_map_to_toml(m); }
  { std::ofstream(json_path) << json; }
  CHECK(predict<double>(setting(2000, "20"), load_regime_map(toml_path)).regime == "benign");
  CHECK(load_regime_map(json_path).origin == json_path);
  std::remove(toml_path.c_str());
  std::remove(json_path.c_str());
}

TEST_CASE("a malformed map is a ConfigError naming the field", "[bounds][regime_map]") {
  auto toml_error = [](const std::string& text) { return config_error([&] { parse_regime_map(text, false, "bad.toml"); }); };
  auto json_error = [](const std::string& text) { return config_error([&] { parse_regime_map(text, true, "bad.json"); }); };
  auto contains = [](const std::string& msg, const std::string& part) {
    INFO(msg);
    CHECK(msg.find(part) != std::string::npos);
    CHECK(msg.find("regime map '") == 0);
  };
  contains(toml_error(paper_with("c = \"c_h\"", "c = \"c_x\"")), "boundary[0].c = 'c_x'");
  contains(toml_error(paper_with("c = \"c_h\"", "c = \"1/2/3\"")), "boundary[0].c");
  contains(toml_error(paper_with("c = \"c_h\"", "c = 0")), "boundary[0].c = '0' evaluates to 0: allowed a finite value > 0");
  contains(toml_error(paper_with("c = \"c_h\"", "c = \"-2*c_h\"")), "boundary[0].c");
  contains(toml_error(paper_with("b = \"-1/4\"", "b = \"-1/0\"")), "boundary[0].b");
  contains(toml_error(paper_with("b = \"-1/4\"", "b = true")), "boundary[0].b must be a string or a number");
  contains(toml_error(paper_with("k = 0\n", "k = 0\nfoo = 1\n")), "unknown key 'boundary[1].foo'");
  contains(toml_error(paper_with("above_when = \">=\"", "above_when = \"<\"")), "boundary[0].above_when = '<'");
  contains(toml_error(paper_with("below = \"harmful\"", "below = \"benign\"")), "boundary[0].below = 'benign'");
  contains(toml_error(paper_with("id = \"not_overfitting_boundary\"", "id = \"harmful_boundary\"")), "boundary[1].id = 'harmful_boundary' is used twice");
  contains(toml_error(paper_with("source = \"paper\"\nstatement = \"harmful", "statement = \"harmful")), "boundary[0].source");
  contains(toml_error(paper_with("regimes = [\"harmful\", \"benign\", \"not_overfitting\"]", "regimes = [\"harmful\", \"benign\"]")),
           "boundary has 2 entries: allowed exactly len(regimes) - 1 = 1");
  contains(toml_error(paper_with("regimes = [\"harmful\", \"benign\", \"not_overfitting\"]", "regimes = \"harmful\"")), "regimes must be an array");
  contains(toml_error(paper_with("regimes = [\"harmful\", \"benign\", \"not_overfitting\"]", "regimes = [\"harmful\", \"harmful\", \"x\"]")),
           "regimes[1] = 'harmful' is listed twice");
  contains(toml_error(paper_with("name = \"sakamoto-sato-2025\"", "")), "missing field 'name'");
  contains(toml_error(paper_with("name = \"sakamoto-sato-2025\"", "nam = \"x\"")), "unknown key 'nam'");
  contains(toml_error("name = \"x\"\nregimes = [\"a\", \"b\"\n"), "not valid TOML");
  contains(json_error("{\"name\": \"x\", \"regimes\": [\"a\", \"b\"]}"), "missing field 'boundary'");
  contains(json_error("{\"name\": \"x\", \"regimes\": [\"a\", \"b\"], \"boundary\": [{\"id\": \"q\", \"source\": \"s\"}]}"),
           "missing field 'boundary[0].c'");
  contains(json_error("[1, 2]"), "expected a JSON object");
  contains(json_error("{\"name\": "), "not valid JSON");
  CHECK(config_error([] { load_regime_map("/nonexistent/map.toml"); }).find("--regime-map") != std::string::npos);
}

TEST_CASE("the report renders as Markdown and as JSON with every field", "[bounds][report]") {
  Config c;  // the paper's balanced setting with constants 1
  BoundsReport r = make_bounds_report(c, paper_regime_map());
  std::string md = render_markdown(r);
  CHECK(md.find("**Predicted regime: not_overfitting**") != std::string::npos);
  CHECK(md.find("DISAGREES with the paper's labels") != std::string::npos);
  CHECK(md.find("| v1_A2 | v1 |") != std::string::npos);
  nlohmann::json j = nlohmann::json::parse(render_json(r));
  for (const char* key : {"snr", "n_snr2", "snr_d14", "regime", "conditions", "constants", "calibration", "boundaries"})
    CHECK(j.contains(key));
  CHECK(j["snr"].get<double>() == Approx(0.4472135954999579));
  CHECK(j["regime"] == "not_overfitting");
  CHECK(j["constants"]["c_h"] == 1);
  for (const auto& cond : j["conditions"])
    for (const char* key : {"id", "source", "formula", "value", "threshold", "margin", "holds"}) CHECK(cond.contains(key));
  CHECK(j["calibration"]["agrees"] == false);
  // mpfr keeps every digit in the JSON numbers
  c.precision = "mpfr";
  c.digits = 60;
  BoundsReport rm = make_bounds_report(c, paper_regime_map());
  CHECK(rm.quantities[0].second.text.size() >= 60);
  CHECK_NOTHROW(nlohmann::json::parse(render_json(rm)));
}

TEST_CASE("regime maps: boundaries out of order or with absurd exponents are refused, a directory is not a map", "[bounds][regime_map]") {
  auto toml_error = [](const std::string& text) { return config_error([&] { parse_regime_map(text, false, "bad.toml"); }); };
  auto has = [](const std::string& msg, const std::string& part) {
    INFO(msg);
    CHECK(msg.find(part) != std::string::npos);
  };
  // Before the fix each of these was accepted (prediction 'undetermined' or 'inf').
  // harmful boundary above the not-overfitting one at the default n, d: out of order.
  has(toml_error(paper_with("c = \"c_h\"", "c = \"100*c_h\"")), "is not below boundary[1]");
  // crossing by construction: the harmful boundary grows with d as fast as the other falls with n
  has(toml_error(paper_with("b = \"-1/4\"", "b = \"1/4\"")), "is not below boundary[1]");
  has(toml_error(paper_with("b = \"-1/4\"", "b = 1e300")), "allowed an exponent in [-16, 16]");
  has(toml_error(paper_with("b = \"-1/4\"", "b = -17")), "boundary[0].b");
  // duplicate keys in JSON (TOML refuses them itself)
  const std::string json = R"({"name": "m", "name": "n", "regimes": ["a", "b"], "boundary": [{"id": "x", "source": "s", "c": 1}]})";
  has(config_error([&] { parse_regime_map(json, true, "dup.json"); }), "'name' appears twice");
  // a directory given as --regime-map (before: "missing field ...")
  has(config_error([] { load_regime_map("/tmp"); }), "is a directory");
  // Negative controls: the paper's map and a mild change of it load.
  CHECK_NOTHROW(parse_regime_map(paper_regime_map_toml(), false, "paper"));
  CHECK_NOTHROW(parse_regime_map(paper_with("c = \"c_h\"", "c = \"0.5*c_h\""), false, "mild"));
}
