// Does the ‖μ‖ window drive the measured exponent? (issue 10) Each value of an exponent line runs
// its ‖μ‖ grid in a window that moves with a chosen tilt (BoundaryLine::tilt, the map's exponent on
// the main line). Where every seed's outcome flips between the same two grid points at every
// value, the fitted ‖μ‖* sit at the same place in each window and the measured slope equals the
// tilt whatever the boundary does. The control measures the same boundary along the same key with
// the window moved by another exponent: outcomes that follow the boundary give a slope consistent
// with the map and away from the control's tilt; outcomes that follow the window give the tilt.
#pragma once
#include <string>

#include "verify/boundary_exponents.hpp"

namespace benign {

struct WindowControl {
  std::string boundary_id, key;
  double main_tilt = 0, control_tilt = 0;       // the windows' exponents
  double main_slope = 0, main_lo = 0, main_hi = 0;
  ExponentCheck control;                        // the control line's measurement (its own 95% interval, local slopes)
  double difference = 0, difference_lo = 0, difference_hi = 0;  // control − main slope, 95% interval (independent-error approximation)
  bool judged = false;             // both lines located ≥ 3 points (else nothing is judged and it does not pass)
  bool map_slope_covered = false;  // the control's 95% interval contains the map's slope
  bool tilt_excluded = false;      // ... and excludes the control's own tilt (else it cannot tell window from boundary)
  bool passed = false;             // both: the window does not drive the slope
};

// Judge a control line against the main one (both measured on the same boundary and key).
WindowControl judge_window_control(const ExponentCheck& main, double main_tilt, const ExponentCheck& control,
                                   double control_tilt);

}  // namespace benign
