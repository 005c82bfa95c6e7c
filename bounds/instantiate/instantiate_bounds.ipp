// Explicit instantiation of every template of bounds/ for one scalar type S.
#pragma once
#include "bounds/calibration.ipp"
#include "bounds/gap_time.ipp"
#include "bounds/growth_g.ipp"
#include "bounds/growth_g_inverse.ipp"
#include "bounds/input_checks.ipp"
#include "bounds/snr.ipp"

#define BENIGN_INSTANTIATE_BOUNDS(S)                                                                      \
  template S benign::growth_g<S>(const S&, long);                                                         \
  template S benign::growth_g_prime<S>(const S&, long);                                                   \
  template S benign::growth_g_inverse<S>(const S&, long);                                                 \
  template S benign::growth_g_increment<S>(const S&, const S&, long);                                     \
  template S benign::gap_time<S>(const S&, const S&, const S&, long);                                     \
  template S benign::gap_reached<S>(const S&, const S&, const S&, long);                                  \
  template S benign::snr<S>(const S&, const S&, long);                                                    \
  template S benign::n_snr2<S>(long, const S&, const S&, long);                                           \
  template S benign::snr_d14<S>(const S&, const S&, long);                                                \
  template benign::SignalToNoise<S> benign::signal_to_noise<S>(const benign::Config&);                    \
  template void benign::check_positive<S>(const S&, const std::string&);                                  \
  template S benign::scalar_from_text<S>(const std::string&, const std::string&);                         \
  template S benign::evaluate_map_expression<S>(const std::string&, const benign::Config&);               \
  template std::vector<benign::BoundaryPosition<S>> benign::locate_boundaries<S>(const benign::Config&,   \
                                                                                 const benign::RegimeMap&); \
  template std::vector<benign::Condition<S>> benign::evaluate_conditions<S>(const benign::Config&,        \
                                                                            const benign::RegimeMap&);    \
  template std::vector<benign::Condition<S>> benign::evaluate_conditions<S>(                              \
      const benign::Config&, const benign::RegimeMap&, const std::vector<benign::BoundaryPosition<S>>&);  \
  template benign::Prediction<S> benign::predict<S>(const benign::Config&, const benign::RegimeMap&);     \
  template benign::Calibration<S> benign::calibrate<S>(const benign::Config&, const benign::RegimeMap&);
