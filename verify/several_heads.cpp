#include "verify/several_heads.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>

#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "core/task_farm.hpp"
#include "core/text_format.hpp"
#include "simulate/run.hpp"
#include "verify/case_ensemble.hpp"
#include "verify/observed_regime.hpp"
#include "verify/run_journal.hpp"

namespace benign {

Config heads_run_config(const Config& c, long H, const std::string& head_nu, long k, const HeadsPlan& plan) {
  Config s = c;
  for (const auto& [key, v] : plan.keys) set_key(s, key, v);
  s.n_test = plan.n_test;
  s.heads = H;
  s.head_nu = head_nu;
  s.integrator = "gd";
  s.engine = "reduced";
  s.lr = Real(c.lr.value * double(H));
  s.seed = c.seed + std::uint64_t(k);
  validate(s);
  return s;
}

namespace {

// What one run leaves for the section: regime, test accuracy, per-head selections.
struct HeadsRun {
  std::string regime;
  double test_acc = 0;
  std::vector<HeadSelection> heads;
};

HeadsRun run_one(const Config& c) {
  RunOptions ro;
  ro.final_selection = false;
  const RunResult r = run_simulation(c, make_dataset(c), ro);
  const Observation o = classify(r, c);
  HeadsRun out;
  out.regime = o.regime;
  out.test_acc = o.test_acc;
  const Checkpoint& cp = r.last();
  if (cp.heads.empty()) {  // one head: the model's selection is the head's
    HeadSelection h;
    h.clean = cp.sel_clean; h.noisy = cp.sel_noisy; h.test = cp.sel_test;
    out.heads.push_back(h);
  } else {
    for (const HeadCheckpoint& hc : cp.heads) {
      HeadSelection h;
      h.clean = hc.sel_clean; h.noisy = hc.sel_noisy; h.test = hc.sel_test;
      out.heads.push_back(h);
    }
  }
  return out;
}

}  // namespace

HeadsResult run_several_heads(const std::vector<NamedCase>& cases, const HeadsPlan& plan) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::clock_t c0 = std::clock();
  HeadsResult R;
  R.plan = plan;
  const long S = std::max(1L, plan.seeds);
  // The cells in report order, then their runs (cell-major, seed fastest).
  for (const auto& nc : cases)
    for (long H : plan.heads)
      for (const auto& nu : plan.head_nu) {
        if (H == 1 && nu != plan.head_nu.front()) continue;  // H = 1: shared and split are the paper's ν
        HeadsCell cell;
        cell.case_name = nc.name;
        cell.heads = H;
        cell.head_nu = H == 1 ? "shared = split" : nu;
        cell.config = heads_run_config(nc.config, H, nu, 0, plan);
        R.cells.push_back(cell);
      }
  // The runs are the tasks of the job (core/task_farm: threads, and ranks under MPI); each run's
  // result travels as text (regime, then every number in shortest round-trip form) and is read back
  // on every rank, also alone; with a journal, finished runs are kept and read back on a rerun.
  const long total = long(R.cells.size()) * S;
  auto key = [&](long i) { return plan.journal_key + " run " + std::to_string(i); };
  FarmOptions fo;
  fo.threads = plan.threads;
  fo.stop = plan.stop;
  if (plan.journal)
    fo.on_done = [&](long i, const std::string& payload) {
      if (!plan.journal->find(key(i))) plan.journal->append(key(i), payload);
    };
  const auto payloads = farm_map(total, fo, [&](long i) -> std::optional<std::string> {
    if (plan.journal)
      if (const std::string* done = plan.journal->find(key(i))) return *done;  // finished before: not run again
    const HeadsCell& cell = R.cells[std::size_t(i / S)];
    Config c = cell.config;
    c.seed = cell.config.seed + std::uint64_t(i % S);
    const HeadsRun r = run_one(c);
    std::string t = r.regime + " " + format_shortest(r.test_acc) + " " + std::to_string(r.heads.size());
    for (const auto& h : r.heads)
      for (const auto* a : {&h.clean, &h.noisy, &h.test})
        for (double v : *a) t += " " + format_shortest(v);
    return t;
  });
  std::vector<HeadsRun> runs(static_cast<std::size_t>(total));
  std::vector<char> done(runs.size(), 0);
  for (long i = 0; i < total; ++i) {
    const auto& p = payloads[std::size_t(i)];
    if (!p) continue;
    std::istringstream in(*p);
    HeadsRun& r = runs[std::size_t(i)];
    std::size_t nh = 0;
    std::string v;
    in >> r.regime >> v >> nh;
    r.test_acc = std::strtod(v.c_str(), nullptr);
    r.heads.resize(nh);
    for (auto& h : r.heads)
      for (auto* a : {&h.clean, &h.noisy, &h.test})
        for (double& x : *a) { in >> v; x = std::strtod(v.c_str(), nullptr); }
    if (!in) throw std::runtime_error("several heads: malformed run text '" + *p + "'");
    done[std::size_t(i)] = 1;
  }
  for (std::size_t ci = 0; ci < R.cells.size(); ++ci) {
    HeadsCell& cell = R.cells[ci];
    std::vector<double> acc, spec;
    cell.per_head.assign(std::size_t(cell.heads), HeadSelection{});
    for (long k = 0; k < S; ++k) {
      const std::size_t i = ci * std::size_t(S) + std::size_t(k);
      if (!done[i]) { R.interrupted = true; continue; }
      const HeadsRun& r = runs[i];
      cell.regimes.push_back(r.regime);
      acc.push_back(r.test_acc);
      double lo = 1, hi = 0;
      for (std::size_t h = 0; h < r.heads.size(); ++h) {
        for (int t = 0; t < kTokenTypes; ++t) {
          cell.per_head[h].clean[t] += r.heads[h].clean[t];
          cell.per_head[h].noisy[t] += r.heads[h].noisy[t];
          cell.per_head[h].test[t] += r.heads[h].test[t];
        }
        const double w = r.heads[h].noisy[int(TokenType::WeakOpp)];
        lo = std::min(lo, w);
        hi = std::max(hi, w);
      }
      spec.push_back(hi - lo);
    }
    cell.seeds = long(cell.regimes.size());
    for (auto& h : cell.per_head)
      for (int t = 0; t < kTokenTypes; ++t) {
        const double m = cell.seeds > 0 ? double(cell.seeds) : 1.0;
        h.clean[t] /= m; h.noisy[t] /= m; h.test[t] /= m;
      }
    cell.regime_fractions = regime_frequencies(cell.regimes, &cell.majority);
    cell.test_acc = mean_interval(acc);
    cell.specialisation = mean_interval(spec);
  }
  R.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  R.cpu_s = double(std::clock() - c0) / CLOCKS_PER_SEC;
  return R;
}

}  // namespace benign
