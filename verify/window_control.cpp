#include "verify/window_control.hpp"

#include <cmath>

namespace benign {

WindowControl judge_window_control(const ExponentCheck& main, double main_tilt, const ExponentCheck& control,
                                   double control_tilt) {
  WindowControl w;
  w.boundary_id = control.boundary_id;
  w.key = control.key;
  w.main_tilt = main_tilt;
  w.control_tilt = control_tilt;
  w.main_slope = main.fit.slope;
  w.main_lo = main.ci_lo;
  w.main_hi = main.ci_hi;
  w.control = control;
  const bool both = main.fit.points >= 3 && control.fit.points >= 3;
  if (!both) return w;  // too few located points on a line: nothing is judged, passed stays false
  w.judged = true;
  // Difference of the slopes with the half-widths added in quadrature (the two lines share seeds, so
  // their errors are positively correlated and this interval is, if anything, too wide).
  const double hm = (main.ci_hi - main.ci_lo) / 2, hc = (control.ci_hi - control.ci_lo) / 2;
  w.difference = control.fit.slope - main.fit.slope;
  const double h = std::sqrt(hm * hm + hc * hc);
  w.difference_lo = w.difference - h;
  w.difference_hi = w.difference + h;
  w.map_slope_covered = control.ci_lo <= control.map_slope && control.map_slope <= control.ci_hi;
  w.tilt_excluded = control_tilt < control.ci_lo || control_tilt > control.ci_hi;
  w.passed = w.map_slope_covered && w.tilt_excluded;
  return w;
}

}  // namespace benign
