#include "verify/sweep.hpp"
#include "verify/run_journal.hpp"

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>

#include "core/errors.hpp"
#include "core/job.hpp"
#include "core/task_farm.hpp"
#include "core/text_format.hpp"
#include "simulate/dataset.hpp"
#include "simulate/gram_reuse.hpp"
#include "simulate/run.hpp"

namespace benign {

namespace {


std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : s) {
    if (ch == sep) { out.push_back(cur); cur.clear(); } else cur += ch;
  }
  out.push_back(cur);
  return out;
}

}  // namespace

std::vector<std::string> axis_values(const std::string& spec) {
  const std::string rhs = spec.substr(spec.find('=') + 1);
  if (rhs.empty()) throw ConfigError("sweep axis '" + spec + "': no values; expected START:STOP:STEP or V1,V2,...");
  std::vector<std::string> values;
  if (rhs.find(':') != std::string::npos) {
    auto parts = split(rhs, ':');
    if (parts.size() != 3)
      throw ConfigError("sweep axis '" + spec + "': a range is START:STOP:STEP (three numbers)");
    double lo, hi, step;
    try { lo = Real(parts[0]).value; hi = Real(parts[1]).value; step = Real(parts[2]).value; } catch (...) {
      throw ConfigError("sweep axis '" + spec + "': START, STOP and STEP must be numbers");
    }
    if (!std::isfinite(lo) || !std::isfinite(hi) || !std::isfinite(step))
      throw ConfigError("sweep axis '" + spec + "': START, STOP and STEP must be finite numbers");
    if (!(step > 0) || !(hi >= lo)) throw ConfigError("sweep axis '" + spec + "': need STEP > 0 and STOP >= START");
    const long count = long(std::floor((hi - lo) / step + 1e-9)) + 1;
    if (count > 100000) throw ConfigError("sweep axis '" + spec + "': more than 100000 values");
    for (long i = 0; i < count; ++i) values.push_back(format_shortest(lo + double(i) * step));
  } else {
    values = split(rhs, ',');
  }
  return values;
}

Axis parse_axis(const std::string& spec) {
  const auto eq = spec.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ConfigError("sweep axis '" + spec + "' is malformed: expected KEY=START:STOP:STEP or KEY=V1,V2,...");
  Axis a;
  a.key = spec.substr(0, eq);
  const KeySpec* k = find_key(a.key);
  if (!k) throw ConfigError("sweep axis '" + spec + "': unknown config key '" + a.key + "'");
  a.key = k->name;
  if (k->is_text)
    throw ConfigError("sweep axis '" + spec + "': key '" + a.key + "' takes text values; a sweep axis must be a numeric key "
                      "(its values are the heat maps' coordinates)");
  a.values = axis_values(spec);
  Config probe;
  for (const auto& v : a.values) {
    if (v.empty()) throw ConfigError("sweep axis '" + spec + "': empty value");
    k->set(probe, v);  // validates the range of every value now, naming the key
  }
  return a;
}

std::vector<SweepCell> sweep_cells(const Config& base, const std::vector<Axis>& axes) {
  std::vector<SweepCell> cells(1);
  cells[0].config = base;
  for (const Axis& ax : axes) {
    std::vector<SweepCell> next;
    for (const auto& c : cells)
      for (const auto& v : ax.values) {
        SweepCell s = c;
        s.values.push_back(v);
        set_key(s.config, ax.key, v);
        next.push_back(s);
      }
    cells.swap(next);
  }
  for (std::size_t i = 0; i < cells.size(); ++i) {
    cells[i].index = long(i);
    validate(cells[i].config);
  }
  return cells;
}

std::string sweep_csv_header(const std::vector<Axis>& axes, bool timing) {
  std::string h = "index";
  for (const auto& a : axes) h += "," + a.key;
  h += ",train_loss,train_acc,train_acc_clean,train_acc_noisy,test_loss,test_acc,observed,tau_fit,tau_gen,"
       "sel_noisy_weak_opp,sel_noisy_irrelevant,lambda_mean,gamma_mean";
  if (timing) h += ",elapsed_s,grams_reused";
  return h;
}

std::string sweep_csv_row(const SweepCell& c, bool timing) {
  std::ostringstream os;
  os << c.index;
  for (const auto& v : c.values) os << ',' << v;
  const Checkpoint& f = c.final;
  os << ',' << format_shortest(f.train_loss) << ',' << format_shortest(f.train_acc) << ',' << format_shortest(f.train_acc_clean) << ','
     << format_shortest(f.train_acc_noisy) << ',' << format_shortest(f.test_loss) << ',' << format_shortest(f.test_acc) << ',' << c.observed.regime << ','
     << format_shortest(c.observed.tau_fit) << ',' << format_shortest(c.observed.tau_gen) << ',' << format_shortest(f.sel_noisy[2]) << ','
     << format_shortest(f.sel_noisy[3]) << ',' << format_shortest(f.lambda_mean) << ',' << format_shortest(f.gamma_mean);
  if (timing) os << ',' << format_shortest(c.elapsed_s) << ',' << (c.grams_reused ? 1 : 0);
  return os.str();
}

namespace {

// Parse a journal row (sweep_csv_row with timing: index, the axis values, 15 fields) back.
bool parse_row(const std::string& line, std::size_t n_axes, SweepCell& c) {
  auto f = split(line, ',');
  if (f.size() != 1 + n_axes + 15) return false;
  try {
    c.index = std::stol(f[0]);
    c.values.assign(f.begin() + 1, f.begin() + 1 + long(n_axes));
    std::size_t k = 1 + n_axes;
    auto d = [&]() { return std::stod(f[k++]); };
    c.final.train_loss = d(); c.final.train_acc = d(); c.final.train_acc_clean = d(); c.final.train_acc_noisy = d();
    c.final.test_loss = d(); c.final.test_acc = d();
    c.observed.regime = f[k++];
    c.observed.tau_fit = d(); c.observed.tau_gen = d();
    c.final.sel_noisy[2] = d(); c.final.sel_noisy[3] = d();
    c.final.lambda_mean = d(); c.final.gamma_mean = d();
    c.elapsed_s = d();
    c.grams_reused = f[k++] == "1";
    c.observed.train_acc = c.final.train_acc; c.observed.train_acc_clean = c.final.train_acc_clean;
    c.observed.train_acc_noisy = c.final.train_acc_noisy; c.observed.test_acc = c.final.test_acc;
    c.observed.train_loss = c.final.train_loss; c.observed.test_loss = c.final.test_loss;
  } catch (...) {
    return false;
  }
  return true;
}



// Gram reuse (issue 11): the cells with the same values on every axis but ‖μ‖ form a group that shares
// one set of coefficients (simulate/gram_reuse.hpp). They are built from the group's lowest-index
// cell, whether or not that cell was resumed from the journal, and freed after the group's last cell.
// The coefficients do not depend on ‖μ‖, so a cell's numbers do not depend on the thread count,
// the order of the cells or what was resumed.
struct GramGroup {
  long first = -1;       // lowest cell index of the group
  long remaining = 0;    // cells of the group still to run
  double cost = 0;       // rough multiply-adds of the group's work (scheduling only)
  std::mutex m;
  bool built = false;
  std::shared_ptr<const GramCoefficients> k;

  std::shared_ptr<const GramCoefficients> coefficients(const std::vector<SweepCell>& cells) {
    std::lock_guard<std::mutex> lock(m);
    if (!built) {
      k = std::make_shared<const GramCoefficients>(gram_coefficients(cells[std::size_t(first)].config));
      built = true;
    }
    return k;
  }
  void finished_one() {
    std::lock_guard<std::mutex> lock(m);
    if (--remaining == 0) k.reset();
  }
};

// The groups of the cells (group_of[i] = its group, −1 = set up on its own: no ‖μ‖ axis, or Gram reuse
// does not apply to the configuration).
std::vector<std::unique_ptr<GramGroup>> gram_groups(const std::vector<SweepCell>& cells, const std::vector<Axis>& axes,
                                                    const std::vector<char>& done, std::vector<long>& group_of) {
  group_of.assign(cells.size(), -1);
  std::vector<std::unique_ptr<GramGroup>> groups;
  long mu_axis = -1;
  for (std::size_t a = 0; a < axes.size(); ++a) if (axes[a].key == "mu") mu_axis = long(a);
  if (mu_axis < 0) return groups;
  std::map<std::vector<std::string>, long> id;
  for (const SweepCell& c : cells) {
    if (!gram_reuse_applies(c.config)) continue;
    std::vector<std::string> key = c.values;
    key.erase(key.begin() + mu_axis);
    auto [it, fresh] = id.emplace(key, long(groups.size()));
    if (fresh) {
      groups.push_back(std::make_unique<GramGroup>());
      groups.back()->first = c.index;  // cells are in index order
    }
    GramGroup& g = *groups[std::size_t(it->second)];
    group_of[std::size_t(c.index)] = it->second;
    if (done[std::size_t(c.index)]) continue;
    ++g.remaining;
    const Config& k = c.config;
    const double N = double(k.n * k.T), Nt = double(k.n_test * k.T), d = double(k.d);
    g.cost += double(k.steps) * N * N + (g.remaining == 1 ? d * d * N + d * Nt * N : 0.0);
  }
  return groups;
}

// What each thread claims at a time: a whole group (its cells in order) when there are at least as many
// groups as threads, the largest first (on several threads); otherwise single cells, so that one group still uses every thread.
std::vector<std::vector<long>> work_units(const std::vector<std::unique_ptr<GramGroup>>& groups,
                                          const std::vector<long>& group_of, const std::vector<long>& todo, int threads) {
  std::vector<std::vector<long>> units;
  long busy = 0;
  for (const auto& g : groups) busy += g->remaining > 0;
  if (busy < threads) {
    for (long i : todo) units.push_back({i});
    return units;
  }
  std::vector<std::vector<long>> of_group(groups.size());
  for (long i : todo) {
    const long g = group_of[std::size_t(i)];
    if (g < 0) units.push_back({i}); else of_group[std::size_t(g)].push_back(i);
  }
  std::vector<long> order;
  for (std::size_t g = 0; g < groups.size(); ++g) if (!of_group[g].empty()) order.push_back(long(g));
  if (threads > 1) std::stable_sort(order.begin(), order.end(), [&](long a, long b) { return groups[std::size_t(a)]->cost > groups[std::size_t(b)]->cost; });
  std::vector<std::vector<long>> out;
  for (long g : order) out.push_back(of_group[std::size_t(g)]);
  for (auto& u : units) out.push_back(u);
  return out;
}

}  // namespace

std::vector<SweepCell> run_sweep(const Config& base, const std::vector<Axis>& axes, const SweepOptions& opt) {
  std::vector<SweepCell> cells = sweep_cells(base, axes);
  std::vector<char> done(cells.size(), 0);
  // Resume: cells in the journal (same header) are finished. Rank 0 reads it and every rank of
  // an MPI job gets its text, so all agree on what is left.
  const std::string header = sweep_csv_header(axes, true);
  std::string journal_text;
  if (job_writer() && !opt.journal.empty() && std::filesystem::exists(opt.journal)) {
    drop_torn_tail(opt.journal);
    std::ifstream in(opt.journal, std::ios::binary);
    journal_text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  job_broadcast(journal_text);
  if (!journal_text.empty()) {
    std::istringstream in(journal_text);
    std::string line;
    std::getline(in, line);
    if (line != header)
      throw ConfigError("journal '" + opt.journal + "' belongs to another sweep (its header differs); remove it or choose another --out");
    while (std::getline(in, line)) {
      SweepCell c;
      if (!parse_row(line, axes.size(), c) || c.index < 0 || c.index >= long(cells.size())) continue;  // torn last line
      if (c.values != cells[c.index].values || done[c.index]) continue;
      c.config = cells[c.index].config;
      cells[c.index] = c;
      done[c.index] = 1;
    }
  }
  std::ofstream journal;  // rank 0 only: the job's one writer
  if (!opt.journal.empty()) job_on_writer([&] {
    const bool fresh = !std::filesystem::exists(opt.journal);
    journal.open(opt.journal, std::ios::app);
    if (!journal) throw ConfigError("cannot write journal '" + opt.journal + "'");
    if (fresh) journal << header << "\n" << std::flush;
  });
  std::vector<long> todo;
  for (std::size_t i = 0; i < cells.size(); ++i) if (!done[i]) todo.push_back(long(i));
  const long total = long(cells.size()), skipped = total - long(todo.size());
  if (opt.resumed) *opt.resumed = skipped;
  std::vector<std::pair<std::string, long>> precisions;
  for (long k : todo) precisions.emplace_back(cells[k].config.precision, cells[k].config.digits);
  const int threads = threads_for_precisions(precisions, opt.threads);
  std::vector<long> group_of;
  const std::vector<std::unique_ptr<GramGroup>> groups = gram_groups(cells, axes, done, group_of);
  // Units for every thread of every rank of the job.
  const std::vector<std::vector<long>> units = work_units(groups, group_of, todo, farm_threads(threads) * job_size());
  long finished = 0;
  const auto t0 = std::chrono::steady_clock::now();
  FarmOptions fo;
  fo.threads = threads;
  fo.stop = opt.stop;
  fo.on_done = [&](long, const std::string& rows) {  // rank 0, one call at a time: a finished cell's row
    std::istringstream in(rows);
    for (std::string row; std::getline(in, row);) {
      if (journal.is_open()) journal << row << "\n" << std::flush;
      const long f = ++finished;
      if (opt.progress) {
        const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double eta = el / double(f) * double(long(todo.size()) - f);
        std::fprintf(stderr, "\r[sweep] %ld/%ld cells (%ld resumed)  %.0f s elapsed  ~%.0f s left   ", f + skipped, total,
                     skipped, el, eta);
      }
    }
  };
  // One cell: its journal row, or nullopt when interrupted.
  auto run_cell = [&](SweepCell c) -> std::optional<std::string> {
    GramGroup* group = group_of[std::size_t(c.index)] >= 0 ? groups[std::size_t(group_of[std::size_t(c.index)])].get() : nullptr;
    try {
      const auto s0 = std::chrono::steady_clock::now();
      RunOptions ro;
      ro.stop = opt.stop;
      ro.final_selection = false;
      std::shared_ptr<const GramCoefficients> k = group ? group->coefficients(cells) : nullptr;
      const Dataset D = k ? cell_dataset(*k, c.config) : make_dataset(c.config);
      ro.grams_from = k.get();
      RunResult r = run_simulation(c.config, D, ro);
      if (group) group->finished_one();
      if (r.interrupted) return std::nullopt;
      // A failed cell (NaN/inf) keeps its last finite checkpoint, zeros when it had none.
      c.final = r.checkpoints.empty() ? Checkpoint{} : r.last();
      c.observed = classify(r, c.config);
      c.elapsed_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - s0).count();
      c.grams_reused = k != nullptr;
      return sweep_csv_row(c, true);
    } catch (const std::exception& e) {
      throw std::runtime_error("sweep failed: cell " + std::to_string(c.index) + ": " + e.what());
    }
  };
  // A cell's result travels as its journal row (every field in shortest round-trip form), so a
  // cell reads the same whether it ran here, on another rank or in an earlier, resumed run. A
  // unit's payload is the rows of its finished cells, each handed to the journal as it finishes.
  std::vector<std::optional<std::string>> payloads;
  try {
    payloads = farm_map_pieces(long(units.size()), fo, [&](long u, const std::function<void(const std::string&)>& emit) {
      for (long i : units[std::size_t(u)]) {
        if (opt.stop && opt.stop->load()) return;
        const std::optional<std::string> row = run_cell(cells[std::size_t(i)]);
        if (!row) return;  // interrupted
        emit(*row + "\n");
      }
    });
  } catch (const JobError&) {
    if (opt.progress && !todo.empty() && job_writer()) std::fprintf(stderr, "\n");
    throw;
  }
  if (opt.progress && !todo.empty() && job_writer()) std::fprintf(stderr, "\n");
  for (const auto& p : payloads) {
    if (!p) continue;  // interrupted before its first cell finished
    std::istringstream in(*p);
    for (std::string row; std::getline(in, row);) {
      SweepCell c;
      if (!parse_row(row, axes.size(), c)) throw std::logic_error("sweep: a cell's row does not parse back: " + row);
      c.config = cells[std::size_t(c.index)].config;
      cells[std::size_t(c.index)] = c;
      done[std::size_t(c.index)] = 1;
    }
  }
  std::vector<SweepCell> out;
  for (std::size_t i = 0; i < cells.size(); ++i) if (done[i]) out.push_back(cells[i]);
  return out;
}

}  // namespace benign
