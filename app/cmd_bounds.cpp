// `benign bounds`: what the theory predicts for a configuration (bounds/), and the growth function.
//   benign bounds [data/model/theory flags | --config FILE] [--regime-map FILE] [--precision P] [--digits N] [--format md|json]
//   benign bounds g --x X [--prime] [--T T] [--precision P] [--digits N]
//   benign bounds g-inverse --y Y [--T T] [--precision P] [--digits N]
//   benign bounds gap-time --x0 A --x1 B [--kappa K] [--T T] [--precision P] [--digits N]
//   benign bounds gap-reached --x0 A --tau S [--kappa K] [--T T] [--precision P] [--digits N]
#include <iostream>

#include "app/cli_common.hpp"
#include "bounds/regime_map.hpp"
#include "bounds/report.hpp"
#include "core/errors.hpp"

namespace benign::app {

namespace {

class BoundsCommand : public Command {
 public:
  explicit BoundsCommand(CLI::App& app) : flags_(&app, {"data", "model", "theory"}) {
    app.add_option("--regime-map", map_path_, "regime map file (TOML or JSON; default: the paper's map, built in)");
    add_precision(app, precision_, digits_);
    app.add_option("--format", format_, "output format: md (Markdown table) or json")->check(CLI::IsMember({"md", "json"}));

    g_ = app.add_subcommand("g", "g(x) = 2x + 2 sinh(x - log T), every digit of the working precision");
    g_->add_option("--x", x_, "the gap x")->required();
    g_->add_flag("--prime", prime_, "print g'(x) = 2 + 2 cosh(x - log T) instead");
    add_growth_common(*g_);

    g_inverse_ = app.add_subcommand("g-inverse", "x = g^-1(y), every digit of the working precision");
    g_inverse_->add_option("--y", y_, "the value y of g")->required();
    add_growth_common(*g_inverse_);

    gap_time_ = app.add_subcommand("gap-time", "time (g(x1) - g(x0)) / kappa for a gap to move from x0 to x1");
    gap_time_->add_option("--x0", x0_, "start gap")->required();
    gap_time_->add_option("--x1", x1_, "end gap")->required();
    gap_time_->add_option("--kappa", kappa_, "rate kappa > 0 of dgap/dtau = kappa s(1-s) (default 1)");
    add_growth_common(*gap_time_);

    gap_reached_ = app.add_subcommand("gap-reached", "gap x1 = g^-1(g(x0) + kappa tau) reached at time tau from x0");
    gap_reached_->add_option("--x0", x0_, "start gap")->required();
    gap_reached_->add_option("--tau", tau_, "time tau")->required();
    gap_reached_->add_option("--kappa", kappa_, "rate kappa > 0 (default 1)");
    add_growth_common(*gap_reached_);
  }

  int run() override {
    if (g_->parsed()) return growth(prime_ ? GrowthQuery::GPrime : GrowthQuery::G);
    if (g_inverse_->parsed()) return growth(GrowthQuery::GInverse);
    if (gap_time_->parsed()) return growth(GrowthQuery::GapTime);
    if (gap_reached_->parsed()) return growth(GrowthQuery::GapReached);
    Config c = flags_.resolve();
    if (!precision_.empty()) set_key(c, "precision", precision_);
    if (!digits_.empty()) set_key(c, "digits", digits_);
    RegimeMap map = map_path_.empty() ? paper_regime_map() : load_regime_map(map_path_);
    BoundsReport r = make_bounds_report(c, map);
    std::cout << (format_ == "json" ? render_json(r) : render_markdown(r));
    return 0;
  }

 private:
  static void add_precision(CLI::App& app, std::string& precision, std::string& digits) {
    std::string names;
    for (const auto& n : precision_names()) names += (names.empty() ? "" : ", ") + n;
    app.add_option("--precision", precision, "working precision: one of {" + names + "} (default: config key precision, double)");
    app.add_option("--digits", digits, "decimal digits of the mpfr precision (default: config key digits, 50)");
  }

  void add_growth_common(CLI::App& sub) {
    sub.add_option("--T", T_, "tokens per sample T >= 1 (default 8)");
    add_precision(sub, growth_precision_, growth_digits_);
  }

  int growth(GrowthQuery q) {
    Config c;  // validates --precision and --digits with the config keys' ranges
    if (!growth_precision_.empty()) set_key(c, "precision", growth_precision_);
    if (!growth_digits_.empty()) set_key(c, "digits", growth_digits_);
    GrowthInput in;
    in.query = q;
    in.T = T_;
    in.x = x_;
    in.y = y_;
    in.x0 = x0_;
    in.x1 = x1_;
    in.kappa = kappa_;
    in.tau = tau_;
    std::cout << evaluate_growth_text(in, c.precision_enum(), unsigned(c.digits)) << "\n";
    return 0;
  }

  ConfigFlags flags_;
  std::string map_path_, precision_, digits_, format_ = "md";
  CLI::App *g_, *g_inverse_, *gap_time_, *gap_reached_;
  std::string x_, y_, x0_, x1_, kappa_ = "1", tau_;
  bool prime_ = false;
  long T_ = 8;
  std::string growth_precision_, growth_digits_;
};

}  // namespace

std::unique_ptr<Command> make_bounds(CLI::App& app) { return std::make_unique<BoundsCommand>(app); }

}  // namespace benign::app
