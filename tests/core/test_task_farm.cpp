// core/task_farm: every task's payload by index, on_done once per finished task, results
// independent of the thread count, interruption and failures (one process; MPI: tests/mpi/).
#include <catch2/catch.hpp>

#include <atomic>
#include <set>
#include <string>

#include "core/job.hpp"
#include "core/task_farm.hpp"

using namespace benign;

namespace {
// A payload that depends on the index only, with uneven costs (task i spins i % 7 * 2000 steps).
std::optional<std::string> payload_of(long i) {
  unsigned long h = 1469598103934665603ul ^ static_cast<unsigned long>(i);
  for (long k = 0; k < (i % 7) * 2000; ++k) h = (h ^ static_cast<unsigned long>(k)) * 1099511628211ul;
  return std::to_string(i) + ":" + std::to_string(h);
}
}  // namespace

TEST_CASE("farm_map returns each task's payload at its index, whatever the thread count", "[task_farm]") {
  std::vector<std::optional<std::string>> ref;
  for (int threads : {1, 2, 3, 8}) {
    FarmOptions opt;
    opt.threads = threads;
    std::vector<long> seen;
    opt.on_done = [&](long i, const std::string& p) {
      seen.push_back(i);
      CHECK(p == *payload_of(i));
    };
    const auto out = farm_map(57, opt, payload_of);
    REQUIRE(out.size() == 57);
    for (long i = 0; i < 57; ++i) REQUIRE(out[std::size_t(i)] == payload_of(i));
    // on_done saw every task exactly once.
    CHECK(seen.size() == 57);
    CHECK(std::set<long>(seen.begin(), seen.end()).size() == 57);
    if (ref.empty()) ref = out; else CHECK(out == ref);
  }
}

TEST_CASE("farm_map: an interrupted task is neither recorded nor passed to on_done", "[task_farm]") {
  FarmOptions opt;
  opt.threads = 2;
  long calls = 0;
  opt.on_done = [&](long, const std::string&) { ++calls; };
  const auto out = farm_map(10, opt, [](long i) -> std::optional<std::string> {
    if (i % 3 == 0) return std::nullopt;  // "interrupted"
    return std::to_string(i);
  });
  long present = 0;
  for (long i = 0; i < 10; ++i) {
    CHECK(out[std::size_t(i)].has_value() == (i % 3 != 0));
    present += out[std::size_t(i)].has_value();
  }
  CHECK(calls == present);
  CHECK(present == 6);
}

TEST_CASE("farm_map: once the stop flag is set no task is started", "[task_farm]") {
  std::atomic<bool> stop{false};
  FarmOptions opt;
  opt.threads = 1;
  opt.stop = &stop;
  std::atomic<long> started{0};
  const auto out = farm_map(100, opt, [&](long i) -> std::optional<std::string> {
    ++started;
    if (i == 4) stop = true;
    return std::to_string(i);
  });
  CHECK(started.load() == 5);  // one thread: tasks 0..4, then the flag is seen
  for (long i = 0; i < 100; ++i) CHECK(out[std::size_t(i)].has_value() == (i <= 4));
}

TEST_CASE("farm_map: a task that throws fails the call with its message", "[task_farm]") {
  FarmOptions opt;
  opt.threads = 2;
  try {
    farm_map(20, opt, [](long i) -> std::optional<std::string> {
      if (i == 13) throw std::runtime_error("cell exploded");
      return std::to_string(i);
    });
    FAIL("no exception");
  } catch (const JobError& e) {
    CHECK(std::string(e.what()) == "cell exploded");
  }
}
