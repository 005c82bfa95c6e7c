// `benign bounds`: what the theory predicts for a configuration (bounds/), and the growth function.
//   benign bounds [data/model/theory flags | --config FILE] [--regime-map FILE] [--precision P] [--digits N] [--format md|json]
//   benign bounds g --x X [--prime] [--T T] [--precision P] [--digits N]
//   benign bounds g-inverse --y Y [--T T] [--precision P] [--digits N]
//   benign bounds gap-time --x0 A --x1 B [--kappa K] [--T T] [--precision P] [--digits N]
//   benign bounds gap-reached --x0 A --tau S [--kappa K] [--T T] [--precision P] [--digits N]
//   benign bounds table --grid KEY=...[,KEY=...] [--quantities Q,...] [--precision P] [--digits N] --out golden.csv
//   benign bounds check golden.csv [--tol-eps K]
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/cli_common.hpp"
#include "bounds/golden_table.hpp"
#include "bounds/regime_map.hpp"
#include "bounds/report.hpp"
#include "core/atomic_file.hpp"
#include "core/errors.hpp"
#include "verify/sweep.hpp"

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

    table_ = app.add_subcommand("table", "golden table: bounds quantities on a grid, every digit of the working precision (CSV)");
    table_->add_option("--grid", grid_, "KEY=START:STOP:STEP or KEY=V1,V2,... (config keys, and x / y for g, g_prime / g_inverse); "
                                        "several keys joined by ',' (d=250,500,mu=5,10) or repeated --grid")->required();
    table_->add_option("--quantities", quantities_, "comma-separated quantities (default snr,n_snr2,snr_d14,log_tn_delta)");
    add_precision(*table_, table_precision_, table_digits_);
    table_->add_option("--out", table_out_, "output CSV file")->required();

    check_ = app.add_subcommand("check", "recompute a golden table; exit 0, or 1 listing the worst rows");
    check_->add_option("table", check_file_, "golden table written by `benign bounds table`")->required();
    check_->add_option("--tol-eps", tol_eps_, "tolerance in units of the precision's epsilon (relative error; default 4)");
  }

  int run() override {
    if (g_->parsed()) return growth(prime_ ? GrowthQuery::GPrime : GrowthQuery::G);
    if (g_inverse_->parsed()) return growth(GrowthQuery::GInverse);
    if (gap_time_->parsed()) return growth(GrowthQuery::GapTime);
    if (gap_reached_->parsed()) return growth(GrowthQuery::GapReached);
    if (table_->parsed()) return golden_table();
    if (check_->parsed()) return golden_check();
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

  // "d=250,500,mu=5:10:1" → {"d=250,500", "mu=5:10:1"}: a ',' followed by KEY= starts a new key.
  static std::vector<std::string> split_grid(const std::string& text) {
    std::vector<std::string> specs;
    std::string cur;
    std::stringstream ss(text);
    std::string part;
    while (std::getline(ss, part, ',')) {
      const auto eq = part.find('=');
      if (eq != std::string::npos && eq > 0) {
        if (!cur.empty()) specs.push_back(cur);
        cur = part;
      } else if (cur.empty()) {
        throw ConfigError("--grid " + text + ": expected KEY=START:STOP:STEP or KEY=V1,V2,...");
      } else {
        cur += "," + part;
      }
    }
    if (!cur.empty()) specs.push_back(cur);
    return specs;
  }

  int golden_table() {
    Config base = flags_.resolve();
    if (!table_precision_.empty()) set_key(base, "precision", table_precision_);
    if (!table_digits_.empty()) set_key(base, "digits", table_digits_);
    std::vector<std::string> keys;
    std::vector<GoldenPoint> points(1);
    for (const auto& g : grid_)
      for (const auto& spec : split_grid(g)) {
        const std::string key = spec.substr(0, spec.find('='));
        std::vector<std::string> values;
        if (key == "x" || key == "y") {
          values = axis_values(spec);
        } else {
          Axis a = parse_axis(spec);
          values = a.values;
          if (a.key != key) throw ConfigError("--grid: write the key as " + a.key);
        }
        if (std::find(keys.begin(), keys.end(), key) != keys.end()) throw ConfigError("--grid: key " + key + " given twice");
        keys.push_back(key);
        std::vector<GoldenPoint> next;
        for (const auto& p : points)
          for (const auto& v : values) {
            GoldenPoint q = p;
            q.emplace_back(key, v);
            next.push_back(q);
          }
        points.swap(next);
      }
    std::vector<std::string> qs;
    std::stringstream ss(quantities_);
    for (std::string q; std::getline(ss, q, ',');)
      if (!q.empty()) qs.push_back(q);
    check_output_file(table_out_, "--out");
    GoldenTable t = make_golden_table(base, keys, points, qs);
    write_atomic(table_out_, render_golden_table(t));
    std::cerr << "bounds table: " << t.rows.size() << " values (" << points.size() << " points) in " << t.precision << "; wrote "
              << table_out_ << "\n";
    return 0;
  }

  int golden_check() {
    if (!(tol_eps_ >= 0)) throw ConfigError("--tol-eps must be >= 0");
    std::ifstream f(check_file_, std::ios::binary);
    if (!f) throw ConfigError(check_file_ + ": cannot read the file");
    std::stringstream text;
    text << f.rdbuf();
    GoldenTable t = parse_golden_table(text.str(), check_file_);
    GoldenCheck c = check_golden_table(t, tol_eps_);
    std::cout << "bounds check: " << c.rows << " rows in " << t.precision << ", worst error " << c.worst_eps << " eps (tolerance "
              << tol_eps_ << " eps)\n";
    if (c.failures.empty()) return 0;
    std::cout << c.failures.size() << " rows outside the tolerance, worst first:\n";
    for (std::size_t i = 0; i < c.failures.size() && i < 10; ++i) {
      const auto& m = c.failures[i];
      std::cout << "  line " << m.row.line << ":";
      for (const auto& [k, v] : m.row.point) std::cout << " " << k << "=" << v;
      std::cout << " " << m.row.quantity << ": value " << m.value << ", expected " << m.row.value << ", error " << m.error_eps << " eps\n";
    }
    return 1;
  }

  ConfigFlags flags_;
  CLI::App *table_, *check_;
  std::vector<std::string> grid_;
  std::string quantities_ = "snr,n_snr2,snr_d14,log_tn_delta", table_precision_, table_digits_, table_out_, check_file_;
  double tol_eps_ = 4;
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
