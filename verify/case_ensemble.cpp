#include "verify/case_ensemble.hpp"

#include <algorithm>
#include <cmath>

#include "core/job.hpp"
#include "core/task_farm.hpp"
#include "verify/run_journal.hpp"
#include "verify/seed_outcome_io.hpp"
#include "simulate/dataset.hpp"
#include "simulate/run.hpp"
#include "verify/geometric_mean_interval.hpp"
#include "verify/long_horizon.hpp"

namespace benign {

const std::vector<std::string>& regime_order() {
  static const std::vector<std::string> order = {kHarmful, kBenign, kNotOverfitting, kDelayed, kUndecided};
  return order;
}

std::vector<std::pair<std::string, Proportion>> regime_frequencies(const std::vector<std::string>& regimes, std::string* majority) {
  std::vector<std::pair<std::string, Proportion>> out;
  long best = -1;
  for (const auto& name : regime_order()) {
    long k = 0;
    for (const auto& r : regimes) k += r == name;
    if (k == 0) continue;
    out.emplace_back(name, wilson_interval(k, long(regimes.size())));
    if (k > best) { best = k; if (majority) *majority = name; }
  }
  return out;
}

Config seed_config(const Config& c, long k, const EnsembleOptions& opt) {
  Config s = c;
  s.seed = c.seed + std::uint64_t(k);
  if (opt.settle) {
    s = flow_config(s, opt.cap, opt.checkpoints_per_decade, "double");
  }
  return s;
}

// One seed: a settling flow stops at the first checkpoint whose two-decade window is quiet.
SeedOutcome run_seed(const Config& c, const EnsembleOptions& opt, RunResult* kept, bool& interrupted) {
  const bool keep = kept != nullptr;
  SeedOutcome o;
  o.seed = c.seed;
  Dataset D = make_dataset(c);
  SettleCriteria crit = opt.criteria;
  if (!(crit.t_min > 0)) crit.t_min = c.lr.value * double(c.steps);
  std::atomic<bool> local_stop{false};
  std::vector<SettleSample> samples;
  bool settled_early = false;
  RunOptions ro;
  ro.final_selection = keep && opt.final_selection;
  ro.stop = &local_stop;
  ro.on_checkpoint = [&](const Checkpoint& cp) {
    if (opt.stop && opt.stop->load()) { local_stop = true; return; }
    if (!opt.settle) return;
    samples.push_back(settle_sample(cp, c.n));
    if (settle_status(samples, crit).settled) { settled_early = true; local_stop = true; }
  };
  RunResult r = run_simulation(c, D, ro);
  interrupted = r.interrupted && !settled_early;
  r.interrupted = interrupted;
  o.observed = classify(r, c);
  if (opt.settle) {
    o.settle = settle_status(r, crit);
    o.hit_cap = !o.settle.settled;
    if (o.hit_cap && !interrupted) {
      // Undecided only because still moving at the cap: say what moved.
      o.observed.settled = false;
      o.observed.still_changing = o.settle.moving;
      o.observed.regime = kUndecided;
      o.observed.reason = "still moving at the cap t = " + opt.cap + ": " + o.settle.moving;
    }
  }
  o.time_end = r.checkpoints.empty() ? 0 : r.checkpoints.back().time;
  if (keep) *kept = std::move(r);
  return o;
}

CaseEnsemble run_case_ensemble(const Config& c, const EnsembleOptions& opt) {
  CaseEnsemble e;
  const long S = std::max(1L, opt.seeds);
  // The seeds are the tasks of the job (core/task_farm: threads, and ranks under MPI); each outcome
  // travels as text (verify/seed_outcome_io) and is read back on every rank, also alone. The first
  // seed's trajectory (figures) stays where it ran: the writer (rank 0) runs it again if it ran elsewhere.
  std::atomic<bool> first_kept{false};
  FarmOptions fo;
  fo.threads = opt.threads;
  fo.stop = opt.stop;
  auto key = [&](long k) { return opt.journal_key + " seed " + std::to_string(k); };
  if (opt.journal)  // rank 0: every newly finished seed into the journal as it arrives
    fo.on_done = [&](long k, const std::string& payload) {
      if (!opt.journal->find(key(k))) opt.journal->append(key(k), payload);
    };
  const auto payloads = farm_map(S, fo, [&](long k) -> std::optional<std::string> {
    if (opt.journal)
      if (const std::string* done = opt.journal->find(key(k))) return *done;  // finished before: not run again
    bool interrupted = false;
    const SeedOutcome o = run_seed(seed_config(c, k, opt), opt, k == 0 ? &e.first : nullptr, interrupted);
    if (interrupted) return std::nullopt;
    if (k == 0) first_kept = true;
    return seed_outcome_text(o);
  });
  for (long k = 0; k < S; ++k) {
    if (payloads[std::size_t(k)]) e.runs.push_back(seed_outcome_from_text(*payloads[std::size_t(k)]));
    else e.interrupted = true;
  }
  if (!first_kept && payloads[0] && job_writer()) {
    bool interrupted = false;
    run_seed(seed_config(c, 0, opt), opt, &e.first, interrupted);
  }
  e.seeds = long(e.runs.size());
  std::vector<std::string> regimes;
  for (const auto& r : e.runs) regimes.push_back(r.observed.regime);
  e.regime_fractions = regime_frequencies(regimes, &e.majority);
  auto values = [&](auto f) {
    std::vector<double> v;
    for (const auto& r : e.runs) v.push_back(f(r));
    return v;
  };
  auto collect = [&](auto f) { return mean_interval(values(f)); };
  auto collect_log = [&](auto f) { return geometric_mean_interval(values(f)); };
  const double nan = std::nan("");
  // τ's in the units of the observation (steps; time/lr for the flow); never reached → not averaged.
  // They span decades across seeds: geometric mean with the interval of mean ln τ.
  e.train_acc = collect([](const SeedOutcome& r) { return r.observed.train_acc; });
  e.noisy_acc = collect([](const SeedOutcome& r) { return r.observed.train_acc_noisy; });
  e.test_acc = collect([](const SeedOutcome& r) { return r.observed.test_acc; });
  e.test_loss = collect([](const SeedOutcome& r) { return r.observed.test_loss; });
  e.tau_fit = collect_log([&](const SeedOutcome& r) { return r.observed.tau_fit >= 0 ? r.observed.tau_fit : nan; });
  e.tau_gen = collect_log([&](const SeedOutcome& r) { return r.observed.tau_gen >= 0 ? r.observed.tau_gen : nan; });
  e.tau_sel = collect_log([&](const SeedOutcome& r) { return r.observed.tau_sel >= 0 ? r.observed.tau_sel : nan; });
  e.settled_at = collect([&](const SeedOutcome& r) { return r.settle.settled ? r.settle.settled_at : nan; });
  long settled = 0;
  for (const auto& r : e.runs) {
    settled += r.settle.settled;
    if (r.hit_cap && e.still_moving.empty()) e.still_moving = "seed " + std::to_string(r.seed) + ": " + r.settle.moving;
  }
  e.settled = wilson_interval(settled, e.seeds);
  return e;
}

Proportion fraction_of(const CaseEnsemble& e, const std::function<bool(const Observation&)>& pred) {
  long k = 0;
  for (const auto& r : e.runs) k += pred(r.observed);
  return wilson_interval(k, e.seeds);
}

}  // namespace benign
