// A seed's outcome as text (issue 14): how an ensemble run travels between the ranks of an MPI job
// (core/task_farm). Every number in shortest round-trip form, so reading it back gives the same
// bits; the same text is read back also in one process, so the results cannot depend on the ranks.
#pragma once
#include <string>

#include "verify/case_ensemble.hpp"

namespace benign {

std::string seed_outcome_text(const SeedOutcome& o);

// Inverse of seed_outcome_text; throws std::runtime_error on text it did not write.
SeedOutcome seed_outcome_from_text(const std::string& text);

}  // namespace benign
