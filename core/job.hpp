// The job this process belongs to: one process alone, or one rank of an MPI job (mpirun / srun).
// MPI is initialised only when the process was started by an MPI launcher (BENIGN_MPI builds), so a
// plain `benign ...` never touches MPI. Rank 0 is the job's only writer.
#pragma once
#include <string>

namespace benign {

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
// Every rank's flag OR-ed (alone: the flag itself); collective.
bool job_any(bool flag);

}  // namespace benign
