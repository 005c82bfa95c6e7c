// Independent tasks over every process of the job and their threads, with dynamic load balancing
// (tasks differ in cost by orders of magnitude). Rank 0 hands out task indices one at a time as
// threads become free, on its own threads and on the other ranks'; every finished task's payload
// reaches rank 0 (its only writer, through on_done) and, at the end, every rank. A task's payload
// depends only on its index, so the results do not depend on the rank or thread count.
#pragma once
#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace benign {

struct FarmOptions {
  // Threads per process: ≤ 0 means all cores when the job is one process, one per rank otherwise.
  int threads = 0;
  // Each rank's own interrupt flag: once set on rank 0 no task is handed out; a task that sees it
  // returns std::nullopt (not finished, not recorded).
  const std::atomic<bool>* stop = nullptr;
  // Rank 0 only, one call at a time, for each piece of a payload as soon as it reaches rank 0
  // (a whole payload is one piece): journal and progress.
  std::function<void(long index, const std::string& piece)> on_done;
};

// A task that hands its payload over in pieces, each as soon as it is ready: emit(piece). Its
// payload is the concatenation of its pieces (none: not finished). A task of several units of work
// emits one piece per unit, so a job killed mid-task keeps the units on_done has already seen.
using PiecewiseTask = std::function<void(long index, const std::function<void(const std::string& piece)>& emit)>;

// task(i) is the payload of task i (nullopt: interrupted). Collective: every rank calls it with the
// same count. Returns, on every rank, each task's payload by index (nullopt: not run or
// interrupted). A task that throws stops the handing out; when the running tasks are done every
// rank throws JobError (core/job.hpp) with the first failure's message (a task names itself
// in its message: only the caller knows what a task is).
std::vector<std::optional<std::string>> farm_map(long count, const FarmOptions& opt,
                                                 const std::function<std::optional<std::string>(long)>& task);
// The same for tasks that emit their payload in pieces (a task that throws keeps the pieces it emitted).
std::vector<std::optional<std::string>> farm_map_pieces(long count, const FarmOptions& opt, const PiecewiseTask& task);

// The threads a process uses for `requested` (FarmOptions::threads).
int farm_threads(int requested);

}  // namespace benign
