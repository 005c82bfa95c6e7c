// The job this process belongs to: one process alone, or one rank of an MPI job (mpirun / srun).
// MPI is initialised only when the process was started by an MPI launcher (BENIGN_MPI builds), so a
// plain `benign ...` never touches MPI. Rank 0 is the job's only writer.
#pragma once
#include <functional>
#include <stdexcept>
#include <string>

namespace benign {

// A failure every rank of an MPI job sees alike (core/task_farm.hpp shares it): reported once, by
// rank 0. Alone it is an ordinary error (exit code 1).
struct JobError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Initialises MPI (threads: funneled) when launched under MPI; finalises it when destroyed.
class JobScope {
 public:
  JobScope(int& argc, char**& argv);
  ~JobScope();
  JobScope(const JobScope&) = delete;
  JobScope& operator=(const JobScope&) = delete;
};

int job_rank();            // 0 when alone
int job_size();            // 1 when alone
inline bool job_writer() { return job_rank() == 0; }
bool job_has_mpi();        // built with MPI (BENIGN_MPI)

// Rank 0's `text` replaces every other rank's (a no-op when alone).
void job_broadcast(std::string& text);
// Runs `f` on rank 0 only (checks and writes of the one writer). Collective: if it throws, every
// rank throws the same (ConfigError stays ConfigError, anything else becomes JobError), so the
// job ends alike everywhere instead of leaving ranks waiting.
void job_on_writer(const std::function<void()>& f);
// Every rank's flag OR-ed (alone: the flag itself); collective.
bool job_any(bool flag);

}  // namespace benign
