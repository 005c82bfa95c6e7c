// Gradient flow in the reduced coordinates (theory.md §5 without the η² terms), integrated to a
// horizon with an adaptive error-controlled method (issue 5).
#pragma once
#include "simulate/run.hpp"

namespace benign {

template <class T> RunResult run_gradient_flow(const Config& c, const Dataset& D, const RunOptions& opt);

}  // namespace benign
