// A run's result as text (issue 14): how a run travels between the ranks of an MPI job
// (core/task_farm). Every number in shortest round-trip form, so reading it back gives the same
// bits; the configuration is not included (the receiver knows which run it asked for).
#pragma once
#include <string>

#include "simulate/trajectory.hpp"

namespace benign {

std::string run_result_text(const RunResult& r);

// Inverse of run_result_text, with `config` as the run's configuration; throws std::runtime_error
// on text it did not write.
RunResult run_result_from_text(const std::string& text, const Config& config);

}  // namespace benign
