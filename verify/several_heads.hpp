// The verify section "Several heads" (issue 15): the cases (default: the paper's three settings)
// with H heads (f = Σ_h ν_hᵀ Xᵀ S(X W_h p_h)), head_nu shared and split, S seeds each, gradient descent
// at the case's horizon with rate lr × H (H identical heads with ν/H at rate lr H are one head at lr:
// one head's time scale). Per (case, H, head_nu): the observed regime's frequencies over seeds
// (Wilson 95%), the majority, mean test accuracy (Student t 95%), per head the mean over seeds of the
// fractions of clean / noisy / test samples whose head-h attention selects each token type, and the
// specialisation readout: per seed max_h − min_h of the noisy samples' weakly-relevant (W_{−y*})
// selection, its mean over seeds with a t interval.
#pragma once
#include <array>
#include <atomic>
#include <string>
#include <utility>
#include <vector>

#include "core/config.hpp"
#include "simulate/dataset.hpp"
#include "verify/cases_file.hpp"
#include "verify/mean_interval.hpp"
#include "verify/wilson_interval.hpp"

namespace benign {

class RunJournal;  // verify/run_journal.hpp

struct HeadsPlan {
  std::vector<long> heads = {1, 2, 4};
  std::vector<std::string> head_nu = {"shared", "split"};  // H = 1: one run (both are the paper's ν)
  long seeds = 4;
  long n_test = 200;
  // Keys set on every run: the sampled source with Gaussian W0 of Kaiming-uniform's variance (cost
  // independent of d, W0_h drawn per head by theory.md §6).
  std::vector<std::pair<std::string, std::string>> keys = {{"w_init", "gaussian"}, {"w_var", "0.3333333333333333"}, {"source", "sampled"}};
  int threads = 0;
  const std::atomic<bool>* stop = nullptr;
  RunJournal* journal = nullptr;  // finished runs journalled under journal_key + " run i" (resume)
  std::string journal_key = "several heads";
};

// Per head h: mean over seeds of the selection fractions by token type (TokenType order).
struct HeadSelection {
  std::array<double, kTokenTypes> clean{}, noisy{}, test{};
};

struct HeadsCell {
  std::string case_name, head_nu;  // head_nu "shared = split" for H = 1
  long heads = 1;
  Config config;                   // the first seed's configuration
  long seeds = 0;
  std::vector<std::string> regimes;  // per seed, seed order
  std::vector<std::pair<std::string, Proportion>> regime_fractions;
  std::string majority;
  MeanInterval test_acc;
  std::vector<HeadSelection> per_head;  // H entries
  MeanInterval specialisation;          // max_h − min_h of noisy samples' W_{−y*} selection
};

struct HeadsResult {
  HeadsPlan plan;
  std::vector<HeadsCell> cells;
  double elapsed_s = 0, cpu_s = 0;
  bool interrupted = false;
};

// The configuration of one run: case c with H heads, head_nu, seed c.seed + k, rate lr × H, plan's keys.
Config heads_run_config(const Config& c, long H, const std::string& head_nu, long k, const HeadsPlan& plan);

// Every (case, H, head_nu, seed) a task of the job (core/task_farm: the same numbers for any thread or rank count).
HeadsResult run_several_heads(const std::vector<NamedCase>& cases, const HeadsPlan& plan);

}  // namespace benign
