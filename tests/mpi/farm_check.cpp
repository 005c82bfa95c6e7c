// Driver for tests/mpi/run_mpi_checks.sh: core/task_farm over the ranks of an MPI job.
//   farm_check payloads N THREADS   every payload by index on stdout (rank 0); exit 1 if any rank's
//                                   results differ from rank 0's or on_done missed a task
//   farm_check throw N K            task K throws: every rank must end with exit 1, none hang
//   farm_check pieces N THREADS     as payloads, each task emitting its payload in three pieces
//   farm_check overhead N T         N empty tasks (200-byte payloads): rank 0's cost per finished task
//   farm_check die N R              rank R (not 0) kills itself (SIGKILL) on its first task
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <set>
#include <string>

#include "core/job.hpp"
#include "core/task_farm.hpp"

using namespace benign;

namespace {
// Depends on the index only; uneven costs so that dynamic hand-out matters.
std::string payload_of(long i) {
  unsigned long h = 1469598103934665603ul ^ static_cast<unsigned long>(i);
  for (long k = 0; k < (i % 5) * 200000; ++k) h = (h ^ static_cast<unsigned long>(k)) * 1099511628211ul;
  return std::to_string(i) + ":" + std::to_string(h);
}
}  // namespace

int main(int argc, char** argv) {
  JobScope job(argc, argv);
  if (argc < 4) { std::cerr << "usage: farm_check payloads|throw|die N ARG\n"; return 2; }
  const std::string mode = argv[1];
  const long n = std::atol(argv[2]);
  const long arg = std::atol(argv[3]);
  FarmOptions opt;
  opt.threads = (mode == "payloads" || mode == "pieces" || mode == "overhead") ? int(arg) : 1;
  std::set<long> done;
  long ran_here = 0;
  long pieces = 0;
  opt.on_done = [&](long i, const std::string&) { done.insert(i); ++pieces; };
  const auto t0 = std::chrono::steady_clock::now();
  try {
    auto task = [&](long i) -> std::optional<std::string> {
      if (mode == "throw" && i == arg) throw std::runtime_error("task " + std::to_string(i) + ": injected failure");
      if (mode == "die" && job_rank() == int(arg)) std::raise(SIGKILL);  // this rank dies on its first task
      ++ran_here;
      if (mode == "overhead") return std::string(200, char('a' + i % 26));
      return payload_of(i);
    };
    // "pieces": the same payloads handed over in three pieces each.
    const auto out = mode == "pieces"
        ? farm_map_pieces(n, opt, [&](long i, const std::function<void(const std::string&)>& emit) {
            const std::string p = *task(i);
            const std::size_t a = p.size() / 3, b = 2 * p.size() / 3;
            emit(p.substr(0, a)); emit(p.substr(a, b - a)); emit(p.substr(b));
          })
        : farm_map(n, opt, task);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (mode == "overhead") {
      if (job_writer())
        std::printf("%d ranks x %d threads: %ld empty tasks in %.3f s: %.1f us per task at rank 0\n", job_size(), opt.threads, n,
                    wall, 1e6 * wall / double(n));
      return 0;
    }
    std::string all;
    for (const auto& p : out) all += (p ? *p : std::string("-")) + "\n";
    std::string mine = all;
    job_broadcast(all);  // rank 0's results replace this rank's copy
    const bool differs = job_any(mine != all);
    std::fprintf(stderr, "rank %d of %d ran %ld tasks\n", job_rank(), job_size(), ran_here);  // one write: lines stay whole
    if (job_writer()) {
      std::cout << all;
      if (long(done.size()) != n) { std::cerr << "on_done saw " << done.size() << " of " << n << " tasks\n"; return 1; }
      if (pieces != (mode == "pieces" ? 3 * n : n)) { std::cerr << "on_done saw " << pieces << " pieces\n"; return 1; }
    }
    if (differs) { std::cerr << "rank " << job_rank() << ": results differ between ranks\n"; return 1; }
    return 0;
  } catch (const JobError& e) {
    if (job_writer()) std::cerr << "farm_check: error: " << e.what() << "\n";
    return 1;
  }
}
