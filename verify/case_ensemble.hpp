// Seed ensembles of one case (issue 10): the same configuration with S seeds (seed, seed+1, …),
// each run by gradient flow in log time until it has settled (verify/settle_detection) or reaches
// the cap; per case the fraction of seeds in each observed regime with a Wilson 95% interval,
// the majority regime, and means with Student-t 95% intervals of the final observables and τ's.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/config.hpp"
#include "simulate/trajectory.hpp"
#include "verify/mean_interval.hpp"
#include "verify/observed_regime.hpp"
#include "verify/settle_detection.hpp"
#include "verify/wilson_interval.hpp"

namespace benign {

class RunJournal;  // verify/run_journal.hpp

struct EnsembleOptions {
  long seeds = 1;                 // S
  bool settle = true;             // flow until settled (false: the configured run, as without ensembles)
  std::string cap = "1e12";       // settle: largest time (units of lr × steps)
  long checkpoints_per_decade = 4;
  SettleCriteria criteria{2, 0.02, 0};  // 2 decades, tol 0.02; t_min ≤ 0: lr × steps of the configuration
  int threads = 0;                // runs in parallel, each single-threaded: results do not depend on it
  const std::atomic<bool>* stop = nullptr;
  bool final_selection = true;    // per-sample final selections of the first seed (figures)
  RunJournal* journal = nullptr;  // finished seeds journalled under journal_key + " seed k" (resume)
  std::string journal_key;
};

struct SeedOutcome {
  std::uint64_t seed = 0;
  Observation observed;
  SettleStatus settle;            // settle.settled_at in time units (lr × steps)
  bool hit_cap = false;           // ran to the cap without settling
  double time_end = 0;            // last checkpoint time
};

struct CaseEnsemble {
  long seeds = 0;                 // finished seeds
  std::vector<SeedOutcome> runs;  // in seed order
  RunResult first;                // the first seed's run (trajectory figures)
  std::vector<std::pair<std::string, Proportion>> regime_fractions;  // every regime observed, fixed order
  std::string majority;           // most frequent regime (ties: the earlier in the fixed order)
  MeanInterval train_acc, noisy_acc, test_acc, test_loss, settled_at;  // arithmetic means (Student t)
  MeanInterval tau_fit, tau_gen, tau_sel;  // geometric means, interval from mean ln τ (they span decades)
  Proportion settled;             // seeds that settled before the cap
  std::string still_moving;       // for seeds at the cap: what was moving (first such seed)
  bool interrupted = false;
};

// The fixed order of regimes in fractions.
const std::vector<std::string>& regime_order();

// Fraction of outcomes in each regime that occurs (fixed order) with its Wilson 95% interval; the
// majority (most frequent, ties: the earlier in the order) into *majority when not null.
std::vector<std::pair<std::string, Proportion>> regime_frequencies(const std::vector<std::string>& regimes, std::string* majority);

// The configuration a seed runs: seed = base seed + k; with settle, gradient flow to the cap in double.
Config seed_config(const Config& c, long k, const EnsembleOptions& opt);

CaseEnsemble run_case_ensemble(const Config& c, const EnsembleOptions& opt);

// One run of a seed's configuration (from seed_config): with opt.settle it stops at the first
// checkpoint whose window is quiet, and a run still moving at the cap is `undecided` (what moved is
// its reason). `kept` (may be null) receives the run; `interrupted` is set if opt.stop ended it.
SeedOutcome run_seed(const Config& c, const EnsembleOptions& opt, RunResult* kept, bool& interrupted);

// Fraction of seeds whose observed regime satisfies `pred` (e.g. agreement with a prediction).
Proportion fraction_of(const CaseEnsemble& e, const std::function<bool(const Observation&)>& pred);

}  // namespace benign
