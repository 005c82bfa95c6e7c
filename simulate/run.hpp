// Running a simulation: the public entry point of simulate/ (the library API others link).
#pragma once
#include <atomic>
#include <functional>

#include "core/config.hpp"
#include "simulate/dataset.hpp"
#include "simulate/trajectory.hpp"

namespace benign {

struct GramCoefficients;  // simulate/gram_reuse.hpp

struct RunOptions {
  bool progress = false;                        // progress lines on stderr
  const std::atomic<bool>* stop = nullptr;      // set to stop early (SIGINT): finished checkpoints are kept
  std::function<void(const Checkpoint&)> on_checkpoint;  // called after each checkpoint
  bool final_selection = true;                  // record per-sample final selections (train and test)
  // Reduced engine: the Grams are assembled from these coefficients of the run's group (a sweep along
  // ‖μ‖) instead of set up from D; D may then hold only its signal columns (cell_dataset).
  const GramCoefficients* grams_from = nullptr;
};

// Train the model of theory.md §2 on D with the engine, integrator and precision of c.
// `simulate/` knows nothing of `bounds/`: nothing here depends on a prediction.
RunResult run_simulation(const Config& c, const Dataset& D, const RunOptions& opt = {});

// Same, for one scalar type (instantiated in simulate/instantiate/).
template <class T> RunResult run_simulation_typed(const Config& c, const Dataset& D, const RunOptions& opt);

// The several-head gradient-descent trainer (issue 15; run_simulation uses it for heads > 1). With
// heads = 1 it gives the single-head trainer's bits (tests/simulate/test_heads.cpp checks it).
template <class T> RunResult run_gradient_descent_heads(const Config& c, const Dataset& D, const RunOptions& opt);

// Checkpoint steps of a gradient-descent run: every K steps, or log-spaced (K = 0), always 0 and the end.
std::vector<long> checkpoint_steps(long steps, long every, long per_decade);
// The steps a gradient-descent run of c evaluates: checkpoint_steps for observe = all, only the last
// step for observe = final (nothing between is computed: Figure 5 needs the end state only).
std::vector<long> observed_steps(const Config& c);

// Install a SIGINT/SIGTERM handler that sets the returned flag (a second signal exits at once).
const std::atomic<bool>& install_interrupt_handler();

}  // namespace benign
