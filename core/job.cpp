#include "core/job.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>

#ifdef BENIGN_HAVE_MPI
#include <mpi.h>
#endif

namespace benign {

namespace {
int g_rank = 0, g_size = 1;
bool g_mpi = false;

#ifdef BENIGN_HAVE_MPI
// Started by an MPI launcher: Open MPI's mpirun, a PMIx or PMI launcher (srun, hydra).
bool launched_by_mpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
    if (std::getenv(v)) return true;
  return false;
}
#endif
}  // namespace

JobScope::JobScope(int& argc, char**& argv) {
#ifdef BENIGN_HAVE_MPI
  if (!launched_by_mpi()) return;
  int provided = 0;
  MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
  if (provided < MPI_THREAD_FUNNELED) {
    MPI_Finalize();
    throw std::runtime_error("the MPI library does not support threads (MPI_THREAD_FUNNELED)");
  }
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_size);
  g_mpi = true;
#else
  (void)argc;
  (void)argv;
#endif
}

JobScope::~JobScope() {
#ifdef BENIGN_HAVE_MPI
  if (g_mpi) MPI_Finalize();
#endif
}

int job_rank() { return g_rank; }
int job_size() { return g_size; }

bool job_has_mpi() {
#ifdef BENIGN_HAVE_MPI
  return true;
#else
  return false;
#endif
}

void job_broadcast(std::string& text) {
#ifdef BENIGN_HAVE_MPI
  if (g_size == 1) return;
  std::uint64_t n = text.size();
  MPI_Bcast(&n, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  text.resize(n);
  for (std::uint64_t off = 0; off < n;) {  // MPI counts are int: chunks of at most 1 GiB
    const int chunk = int(std::min<std::uint64_t>(n - off, std::uint64_t(1) << 30));
    MPI_Bcast(text.data() + off, chunk, MPI_BYTE, 0, MPI_COMM_WORLD);
    off += std::uint64_t(chunk);
  }
#else
  (void)text;
#endif
}

void job_on_writer(const std::function<void()>& f) {
  std::string failure;  // "" = none; else 'c' (ConfigError) or 'e' followed by the message
  if (g_rank == 0) {
    try {
      f();
    } catch (const ConfigError& e) {
      failure = std::string("c") + e.what();
    } catch (const std::exception& e) {
      if (g_size == 1) throw;
      failure = std::string("e") + e.what();
    }
  }
  job_broadcast(failure);
  if (failure.empty()) return;
  if (failure[0] == 'c') throw ConfigError(failure.substr(1));
  throw JobError(failure.substr(1));
}

bool job_any(bool flag) {
#ifdef BENIGN_HAVE_MPI
  if (g_size == 1) return flag;
  int in = flag ? 1 : 0, out = 0;
  MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD);
  return out != 0;
#else
  return flag;
#endif
}

}  // namespace benign
