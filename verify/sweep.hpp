// Sweeps over one or two config keys (issue 4): cells run in parallel, each single-threaded and
// deterministic, so the numbers do not depend on the thread count. Finished cells are appended to
// a journal as they finish; an interrupted sweep resumes where it stopped.
#pragma once
#include <atomic>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "simulate/trajectory.hpp"
#include "verify/observed_regime.hpp"

namespace benign {

// One axis: a key and its values as text ("d=250:5000:125" or "mu=5,10,20").
struct Axis {
  std::string key;
  std::vector<std::string> values;
};
Axis parse_axis(const std::string& spec);  // throws ConfigError naming the axis
// The values of KEY=START:STOP:STEP or KEY=V1,V2,... as text, for any KEY (ConfigError naming spec).
std::vector<std::string> axis_values(const std::string& spec);

struct SweepCell {
  long index = 0;
  std::vector<std::string> values;   // one per axis
  Config config;
  Checkpoint final;                  // last checkpoint
  Observation observed;
  double elapsed_s = 0;
  bool grams_reused = false;         // Grams assembled from its group's coefficients (in the journal, not in sweep.csv)
};

struct SweepOptions {
  int threads = 0;                   // 0 = all cores
  bool progress = true;
  const std::atomic<bool>* stop = nullptr;
  std::string journal;               // path of the append-only journal ("" = none)
  long* resumed = nullptr;           // if set: the number of cells read back from the journal
};

// Every cell's config: the base with the axis values applied (row-major: last axis fastest).
std::vector<SweepCell> sweep_cells(const Config& base, const std::vector<Axis>& axes);

// Run the cells not already in the journal; returns all cells (journal ones re-read) sorted by index.
// Cells interrupted by `stop` are not recorded and are missing from the result.
std::vector<SweepCell> run_sweep(const Config& base, const std::vector<Axis>& axes, const SweepOptions& opt);

// The CSV line of a cell and its header; with timing (the journal) the cell's wall time is the last
// field. sweep.csv has no timing, so an interrupted and resumed sweep writes the same bytes.
std::string sweep_csv_header(const std::vector<Axis>& axes, bool timing = false);
std::string sweep_csv_row(const SweepCell& c, bool timing = false);

}  // namespace benign
