// PLACEHOLDER until the flow integrator lands (issue 5).
#pragma once
#include <stdexcept>
#include "simulate/gradient_flow.hpp"
namespace benign {
template <class T> RunResult run_gradient_flow(const Config&, const Dataset&, const RunOptions&) {
  throw std::runtime_error("integrator = flow is not built yet");
}
}  // namespace benign
