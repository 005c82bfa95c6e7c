// A fixed pool of threads that runs body(i) for i = 0..count-1, each index on one thread, in the
// order the indices are claimed. Results must be written by index (never accumulated across
// indices), so the numbers do not depend on the thread count. Stops claiming indices when *stop
// is set; the first exception thrown by a body is rethrown after every thread has finished.
#pragma once
#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace benign {

// threads ≤ 0: all cores.
template <class Body> void parallel_for(long count, int threads, const std::atomic<bool>* stop, Body&& body) {
  if (threads <= 0) threads = int(std::max(1u, std::thread::hardware_concurrency()));
  threads = int(std::min<long>(threads, std::max<long>(1, count)));
  std::atomic<long> next{0};
  std::exception_ptr error;
  std::mutex mu;
  auto worker = [&]() {
    for (;;) {
      if (stop && stop->load()) return;
      const long i = next.fetch_add(1);
      if (i >= count) return;
      try {
        body(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(mu);
        if (!error) error = std::current_exception();
        next.store(count);  // claim nothing more
      }
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace benign
