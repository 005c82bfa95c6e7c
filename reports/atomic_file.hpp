// Atomic file writing for documents: the one implementation lives in core/atomic_file.hpp.
#pragma once
#include "core/atomic_file.hpp"

namespace benign::reports {
using benign::ensure_directory;
using benign::write_atomic;
}  // namespace benign::reports
