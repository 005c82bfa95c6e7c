#include "bounds/calibration.hpp"

namespace benign {

const std::vector<PaperSetting>& paper_settings() {
  static const std::vector<PaperSetting> s = {
      {"benign", 2000, "20"},
      {"harmful", 5000, "5"},
      {"not_overfitting", 1000, "100"},
  };
  return s;
}

Config paper_setting_config(const Config& base, const PaperSetting& s) {
  Config c = base;
  c.n = 20;
  c.T = 8;
  c.rho = Real(std::string("0.1"));
  c.eta = Real(std::string("0.2"));
  c.sigma = Real(std::string("1"));
  c.n_relevant = 1;
  c.n_weak_same = 1;
  c.n_weak_opp = 1;
  c.d = s.d;
  c.mu = Real(s.mu);
  return c;
}

}  // namespace benign
