// `benign bounds` end to end through the built program: output, every digit, and exit code 2 with
// a message naming the key for out-of-range input. Skipped when the program is not built yet.
#include <catch2/catch.hpp>
#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "bounds/growth_g.hpp"
#include "bounds/growth_g_inverse.hpp"
#include "core/precision.hpp"
#include "../cli_run.hpp"

using namespace benign;

namespace {

using Result = benign::test::CliResult;
Result run(const std::string& args) { return benign::test::run_cli(args); }

}  // namespace

TEST_CASE("benign bounds: report, growth values and exit codes", "[bounds][cli]") {
  BENIGN_SKIP_UNLESS_PROGRAM_BUILT();
  SECTION("JSON report of the paper's balanced setting") {
    Result r = run("bounds --format json");
    REQUIRE(r.code == 0);
    nlohmann::json j = nlohmann::json::parse(r.out);
    CHECK(j["snr"].get<double>() == Approx(0.4472135954999579));
    CHECK(j["n_snr2"].get<double>() == Approx(4));
    CHECK(j["regime"] == "not_overfitting");
    CHECK(j["conditions"].size() == 7);
    CHECK(j["calibration"]["agrees"] == false);
  }
  SECTION("Markdown report with flags and constants") {
    Result r = run("bounds --d 5000 --mu 5 --c-n 3");
    REQUIRE(r.code == 0);
    CHECK(r.out.find("**Predicted regime: harmful**") != std::string::npos);
    CHECK(r.out.find("predicts all three of the paper's settings as labelled") != std::string::npos);
  }
  SECTION("g-inverse prints every digit of mpfr") {
    Result r = run("bounds g-inverse --y 1e300 --T 8 --precision mpfr --digits 60");
    REQUIRE(r.code == 0);
    set_mpfr_digits(60);
    mpfr x(r.out.substr(0, r.out.find('\n')));
    CHECK(r.out.size() >= 60);
    CHECK(abs(x - growth_g_inverse<mpfr>(mpfr("1e300"), 8)) <= std::numeric_limits<mpfr>::epsilon() * x);
  }
  SECTION("g, g', gap time and gap reached") {
    Result g = run("bounds g --x=-5 --T 8");
    REQUIRE(g.code == 0);
    CHECK(std::stod(g.out) == growth_g<double>(-5, 8));
    CHECK(std::stod(run("bounds g --x 2 --prime").out) == growth_g_prime<double>(2, 8));
    CHECK(std::stod(run("bounds gap-time --x0 0 --x1 1 --kappa 2").out) > 0);
    CHECK(std::stod(run("bounds gap-reached --x0 0 --tau 1e300 --kappa 1e300").out) == Approx(std::log(8.0) + 600 * std::log(10.0)));
  }
  SECTION("out-of-range input exits with code 2 and names the key") {
    struct Case { const char* args; const char* names; };
    for (Case c : {Case{"bounds --d 0", "'d'"}, Case{"bounds --n 1", "'n'"}, Case{"bounds --T 2", "'T'"},
                   Case{"bounds --eta 0.5", "'eta'"}, Case{"bounds --sigma 0", "'sigma'"}, Case{"bounds --precision quad", "'precision'"},
                   Case{"bounds g --x 1e300 --precision float", "'x'"}, Case{"bounds g --x 1 --T 0", "'T'"},
                   Case{"bounds gap-time --x0 0 --x1 1 --kappa 0", "'kappa'"}, Case{"bounds --regime-map /nonexistent.toml", "--regime-map"}}) {
      Result r = run(c.args);
      INFO(c.args << "\n" << r.out);
      CHECK(r.code == 2);
      CHECK(r.out.find(c.names) != std::string::npos);
    }
    std::string path = "/tmp/benign_bad_map.toml";
    { std::ofstream(path) << "name = \"x\"\nregimes = [\"a\", \"b\"]\n[[boundary]]\nid = \"q\"\nsource = \"s\"\nc = \"c_q\"\n"; }
    Result r = run("bounds --regime-map " + path);
    CHECK(r.code == 2);
    CHECK(r.out.find("boundary[0].c = 'c_q'") != std::string::npos);
    std::remove(path.c_str());
  }
}
