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

TEST_CASE("farm_map_pieces: each piece reaches on_done before its task ends, and the payload is its pieces in order", "[task_farm]") {
  FarmOptions opt;
  opt.threads = 2;
  std::vector<long> pieces_seen(6, 0);  // written by on_done (under the farm's lock)
  opt.on_done = [&](long i, const std::string&) { ++pieces_seen[std::size_t(i)]; };
  std::atomic<long> delivered_late{0};
  const auto out = farm_map_pieces(6, opt, [&](long i, const std::function<void(const std::string&)>& emit) {
    for (int k = 0; k < 3; ++k) {
      emit(std::to_string(i) + "." + std::to_string(k) + ";");
      // One process: on_done has run by the time emit returns (a kill after it keeps the piece).
      if (pieces_seen[std::size_t(i)] != k + 1) ++delivered_late;
    }
  });
  CHECK(delivered_late.load() == 0);
  for (long i = 0; i < 6; ++i) {
    const std::string s = std::to_string(i);
    CHECK(out[std::size_t(i)] == s + ".0;" + s + ".1;" + s + ".2;");
  }
}

TEST_CASE("farm_map_pieces: a task that throws after emitting keeps its pieces with on_done and fails the call", "[task_farm]") {
  FarmOptions opt;
  opt.threads = 1;
  std::vector<std::string> seen;
  opt.on_done = [&](long i, const std::string& piece) { seen.push_back(std::to_string(i) + ":" + piece); };
  CHECK_THROWS_AS(farm_map_pieces(3, opt, [&](long i, const std::function<void(const std::string&)>& emit) {
                    emit("a");
                    if (i == 1) throw std::runtime_error("task 1 broke after one piece");
                    emit("b");
                  }),
                  JobError);
  // Task 0 finished, task 1 emitted one piece before failing; task 2 was never started.
  CHECK(seen == std::vector<std::string>{"0:a", "0:b", "1:a"});
}
