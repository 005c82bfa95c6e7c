// Definitions of the templates of bounds/calibration.hpp; included only by bounds/instantiate/*.cpp.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "bounds/calibration.hpp"
#include "bounds/predict.ipp"
#include "core/errors.hpp"

namespace benign {

namespace bounds_detail {

inline std::string four_digits(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

template <class S> std::string range_text(const ConstantRange<S>& r) {
  using std::isinf;
  std::string lo = four_digits(static_cast<double>(r.lo));
  std::string hi = isinf(r.hi) ? "inf" : four_digits(static_cast<double>(r.hi));
  return r.constant + " in " + (r.lo_closed ? "[" : "(") + lo + ", " + hi + (r.hi_closed ? "]" : ")");
}

}  // namespace bounds_detail

template <class S> Calibration<S> calibrate(const Config& base, const RegimeMap& map) {
  using std::exp;
  using std::isnormal;
  using std::log;
  Calibration<S> cal;
  cal.map_name = map.name;
  const auto& settings = paper_settings();
  std::vector<std::vector<BoundaryPosition<S>>> positions;
  std::vector<int> label_index;
  cal.labels_in_map = true;
  for (const auto& s : settings) {
    Config c = paper_setting_config(base, s);
    Prediction<S> p = predict<S>(c, map);
    CalibrationRow<S> row;
    row.setting = s;
    row.snr = p.snr;
    row.n_snr2 = p.n_snr2;
    row.snr_d14 = p.snr_d14;
    row.predicted = p.regime;
    row.agrees = p.regime == s.label;
    cal.rows.push_back(row);
    positions.push_back(p.boundaries);
    auto it = std::find(map.regimes.begin(), map.regimes.end(), s.label);
    if (it == map.regimes.end()) cal.labels_in_map = false;
    label_index.push_back(int(it - map.regimes.begin()));
  }
  cal.agrees = std::all_of(cal.rows.begin(), cal.rows.end(), [](const auto& r) { return r.agrees; });
  cal.consistent = cal.labels_in_map;

  if (cal.labels_in_map) {
    for (std::size_t j = 0; j < map.boundaries.size(); ++j) {
      const RegimeBoundary& b = map.boundaries[j];
      ConstantRange<S> r;
      r.boundary_id = b.id;
      r.lo = S(0);
      r.hi = std::numeric_limits<S>::infinity();
      // c = scale · key when the expression has one theory key that enters linearly
      r.constant = "c";
      r.scale = S(1);
      S c_now = evaluate_map_expression<S>(b.c, base);
      r.current = c_now;
      auto keys = expression_keys(b.c);
      if (keys.size() == 1) {
        try {
          Config one = base, two = base;
          set_key(one, keys[0], "1");
          set_key(two, keys[0], "2");
          S c1 = evaluate_map_expression<S>(b.c, one), c2 = evaluate_map_expression<S>(b.c, two);
          if (c2 == 2 * c1 && c1 > 0) {
            r.constant = keys[0];
            r.scale = c1;
            r.current = c_now / c1;
          }
        } catch (const ConfigError&) {
          // the key cannot take the values 1 and 2 (e.g. log_factor): report the range of c
        }
      }
      for (std::size_t i = 0; i < settings.size(); ++i) {
        const BoundaryPosition<S>& p = positions[i][j];
        // the constant that puts setting i on boundary j: c · SNR / threshold (from the logarithms
        // if the ratio is out of range)
        S c_on = p.c * (cal.rows[i].snr / p.threshold);
        if (!isnormal(c_on)) c_on = exp(log(p.c) + p.margin);
        const S on_boundary = c_on / r.scale;
        if (label_index[i] > int(j)) {
          // labelled above: needs SNR > boundary (or >=), i.e. constant < on_boundary (or <=)
          if (on_boundary < r.hi) { r.hi = on_boundary; r.hi_closed = b.above_inclusive; }
          else if (on_boundary == r.hi) r.hi_closed = r.hi_closed && b.above_inclusive;
        } else {
          // labelled below: needs SNR <= boundary (or <), i.e. constant >= on_boundary (or >)
          if (on_boundary > r.lo) { r.lo = on_boundary; r.lo_closed = !b.above_inclusive; }
          else if (on_boundary == r.lo) r.lo_closed = r.lo_closed && !b.above_inclusive;
        }
      }
      r.empty = r.lo > r.hi || (r.lo == r.hi && !(r.lo_closed && r.hi_closed));
      if (r.empty) cal.consistent = false;
      bool above_lo = r.lo_closed ? r.current >= r.lo : r.current > r.lo;
      bool below_hi = r.hi_closed ? r.current <= r.hi : r.current < r.hi;
      r.current_inside = above_lo && below_hi;
      cal.ranges.push_back(r);
    }
  }

  // One paragraph for reports.
  std::string constants;
  for (const auto& k : config_keys())
    if (k.group == "theory" && k.name != "delta") constants += (constants.empty() ? "" : ", ") + k.name + " = " + k.get(base);
  std::string s;
  if (!cal.labels_in_map) {
    s = "The regime map '" + map.name + "' does not have the regimes harmful, benign and not_overfitting of the paper's labels; no calibrated range.";
  } else {
    if (cal.agrees) {
      s = "With " + constants + " the map '" + map.name + "' predicts all three of the paper's settings as labelled.";
    } else {
      s = "With " + constants + " the map '" + map.name + "' DISAGREES with the paper's labels:";
      bool first = true;
      for (const auto& r : cal.rows)
        if (!r.agrees) {
          s += std::string(first ? " " : "; ") + r.setting.label + " (d = " + std::to_string(r.setting.d) + ", ||mu|| = " +
               r.setting.mu + ") is predicted " + r.predicted;
          first = false;
        }
      s += ".";
    }
    if (cal.consistent) {
      s += " Constants reproducing all three labels (calibrated range): ";
      for (std::size_t j = 0; j < cal.ranges.size(); ++j) s += (j ? ", " : "") + bounds_detail::range_text(cal.ranges[j]);
      s += ".";
    } else {
      s += " No constants reproduce all three labels with this map and log_factor.";
    }
  }
  cal.summary = s;
  return cal;
}

}  // namespace benign
