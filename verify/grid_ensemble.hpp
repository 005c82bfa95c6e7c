// Seed ensembles of the phase grid (issue 10): every cell runs S seeds (a seed axis appended to the
// sweep, so each run is an ordinary sweep cell); per cell the fraction of seeds in each observed
// regime with a Wilson 95% interval and the majority regime, and the per-seed outcomes for the
// calibration of the constants.
#pragma once
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "verify/calibrate_constants.hpp"
#include "verify/sweep.hpp"
#include "verify/wilson_interval.hpp"

namespace benign {

struct GridCellEnsemble {
  SweepCell cell;                 // index over the grid's own axes; observed.regime = majority; final = means over seeds
  long seeds = 0;                 // finished seeds
  std::vector<std::pair<std::string, Proportion>> regime_fractions;  // fixed order (regime_order)
  std::string majority;
  std::vector<ObservedCell> per_seed;  // one per finished seed (its own config and observed regime)
};

// The seed axis of S seeds: first, first + 1, …, first + S − 1.
Axis seed_axis(std::uint64_t first, long seeds);

// Group the runs of a sweep over grid_axes × seed_axis (row-major, the seed fastest) by grid cell;
// cells without a finished seed are left out.
std::vector<GridCellEnsemble> group_seeds(const std::vector<SweepCell>& runs, long seeds);

}  // namespace benign
