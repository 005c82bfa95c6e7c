#include "core/task_farm.hpp"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "core/errors.hpp"
#include "core/job.hpp"
#include "core/parallel_for.hpp"

#ifdef BENIGN_HAVE_MPI
#include <mpi.h>
#endif

namespace benign {

int farm_threads(int requested) {
  if (requested > 0) return requested;
  if (job_size() > 1) return 1;
  return int(std::max(1u, std::thread::hardware_concurrency()));
}

namespace {

// One process alone: a thread pool; on_done under a lock, at every piece.
std::vector<std::optional<std::string>> farm_alone(long count, const FarmOptions& opt, const PiecewiseTask& task) {
  std::vector<std::optional<std::string>> out(std::size_t(std::max(0L, count)));
  std::mutex mu;
  std::string error;
  try {
    parallel_for(count, farm_threads(opt.threads), opt.stop, [&](long i) {
      auto emit = [&](const std::string& piece) {
        std::lock_guard<std::mutex> lock(mu);
        if (opt.on_done) opt.on_done(i, piece);
        auto& slot = out[std::size_t(i)];
        slot = slot ? *slot + piece : piece;
      };
      try {
        task(i, emit);
      } catch (const std::exception& e) {
        std::lock_guard<std::mutex> lock(mu);
        if (error.empty()) error = e.what();
        throw;
      }
    });
  } catch (...) {
    if (error.empty()) throw;  // not a task's failure (on_done's, say): as it is
    throw JobError(error);
  }
  return out;
}

#ifdef BENIGN_HAVE_MPI

constexpr int kTagRequest = 101, kTagAssign = 102, kTagResult = 103;
enum : char { kPiece = 'p', kDone = 'd', kFailed = 'f' };  // a piece, or the task's end

struct Finished {
  long index;
  char status;
  std::string text;  // a piece of the payload, or the error message
};

// This rank's threads: run queued indices, put what they finish in the outbox. Only the main
// thread talks MPI (MPI_THREAD_FUNNELED).
class LocalPool {
 public:
  LocalPool(int threads, const FarmOptions& opt, const PiecewiseTask& task) : threads_(threads) {
    for (int t = 0; t < threads; ++t)
      pool_.emplace_back([this, &opt, &task]() {
        for (;;) {
          long i;
          {
            std::unique_lock<std::mutex> lock(mu_);
            cv_.wait(lock, [&] { return closed_ || !queue_.empty(); });
            if (queue_.empty()) return;
            i = queue_.front();
            queue_.pop_front();
          }
          Finished end{i, kDone, {}};
          try {
            if (!(opt.stop && opt.stop->load())) task(i, [&](const std::string& piece) { post(Finished{i, kPiece, piece}); });
          } catch (const std::exception& e) {
            end.status = kFailed;
            end.text = e.what();
          }
          post(std::move(end));
        }
      });
  }
  ~LocalPool() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      closed_ = true;
      queue_.clear();
    }
    cv_.notify_all();
    for (auto& t : pool_) t.join();
  }
  int free_slots() const { return threads_ - in_flight_; }
  int in_flight() const { return in_flight_; }
  void push(long i) {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(i);
    ++in_flight_;
    cv_.notify_all();
  }
  void post(Finished f) {
    std::lock_guard<std::mutex> lock(mu_);
    outbox_.push_back(std::move(f));
    cv_.notify_all();
  }
  // Pieces and ends of tasks so far; when there is none, waits up to `wait` for one (forever if `wait` < 0:
  // a worker rank with every slot busy has nothing else to do).
  std::deque<Finished> take(std::chrono::microseconds wait) {
    std::unique_lock<std::mutex> lock(mu_);
    auto ready = [&] { return !outbox_.empty(); };
    if (wait.count() < 0) cv_.wait(lock, ready);
    else if (wait.count() > 0) cv_.wait_for(lock, wait, ready);
    std::deque<Finished> got;
    got.swap(outbox_);
    for (const auto& f : got) in_flight_ -= f.status != kPiece;
    return got;
  }

 private:
  int threads_;
  int in_flight_ = 0;  // queued or running; touched by the main thread only (push/take)
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<long> queue_;
  std::deque<Finished> outbox_;
  bool closed_ = false;
  std::vector<std::thread> pool_;
};

std::string pack(const Finished& f) {
  std::string m(sizeof(std::int64_t) + 1, '\0');
  const std::int64_t i = f.index;
  std::memcpy(m.data(), &i, sizeof i);
  m[sizeof i] = f.status;
  return m + f.text;
}

Finished unpack(const std::string& m) {
  std::int64_t i;
  std::memcpy(&i, m.data(), sizeof i);
  return Finished{long(i), m[sizeof i], m.substr(sizeof i + 1)};
}

// Every payload (and the error) from rank 0 to all: [error length, error, then per task a flag
// and, when present, length + bytes].
void share(std::vector<std::optional<std::string>>& out, std::string& error) {
  std::string blob;
  auto put_len = [&](std::uint64_t n) { blob.append(reinterpret_cast<const char*>(&n), sizeof n); };
  if (job_rank() == 0) {
    put_len(error.size());
    blob += error;
    for (const auto& p : out) {
      blob += p ? '1' : '0';
      if (p) { put_len(p->size()); blob += *p; }
    }
  }
  job_broadcast(blob);
  if (job_rank() == 0) return;
  std::size_t at = 0;
  auto get_len = [&]() { std::uint64_t n; std::memcpy(&n, blob.data() + at, sizeof n); at += sizeof n; return std::size_t(n); };
  const std::size_t ne = get_len();
  error = blob.substr(at, ne);
  at += ne;
  for (auto& p : out) {
    const bool has = blob[at++] == '1';
    if (!has) { p.reset(); continue; }
    const std::size_t n = get_len();
    p = blob.substr(at, n);
    at += n;
  }
}

std::vector<std::optional<std::string>> farm_job(long count, const FarmOptions& opt, const PiecewiseTask& task) {
  std::vector<std::optional<std::string>> out(std::size_t(std::max(0L, count)));
  std::string error;
  const int size = job_size();
  LocalPool local(farm_threads(opt.threads), opt, task);
  if (job_rank() == 0) {
    long next = 0;
    bool handing = true;  // false once stopped, failed or exhausted
    std::vector<long> outstanding(std::size_t(size), 0);
    std::vector<char> released(std::size_t(size), 0);
    released[0] = 1;
    auto finish = [&](Finished f) {
      if (f.status == kPiece) {
        if (opt.on_done) opt.on_done(f.index, f.text);
        auto& slot = out[std::size_t(f.index)];
        slot = slot ? *slot + f.text : f.text;
      } else if (f.status == kFailed) {
        if (error.empty()) error = f.text;
        handing = false;
      }
    };
    auto claim = [&]() -> long {
      if (opt.stop && opt.stop->load()) handing = false;
      if (!handing || next >= count) { handing = false; return -1; }
      return next++;
    };
    for (;;) {
      bool busy = false;
      if ((opt.stop && opt.stop->load()) || next >= count) handing = false;
      while (local.free_slots() > 0) {
        const long i = claim();
        if (i < 0) break;
        local.push(i);
      }
      for (auto& f : local.take(std::chrono::microseconds(0))) { finish(std::move(f)); busy = true; }
      int flag = 0;
      MPI_Status st;
      MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st);
      if (flag) {
        busy = true;
        const int src = st.MPI_SOURCE;
        if (st.MPI_TAG == kTagRequest) {
          int slots = 0;
          MPI_Recv(&slots, 1, MPI_INT, src, kTagRequest, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
          std::vector<std::int64_t> given;
          for (int s = 0; s < slots; ++s) {
            const long i = claim();
            if (i < 0) break;
            given.push_back(i);
          }
          MPI_Send(given.data(), int(given.size()), MPI_INT64_T, src, kTagAssign, MPI_COMM_WORLD);
          outstanding[std::size_t(src)] += long(given.size());
          if (given.empty()) released[std::size_t(src)] = 1;
        } else if (st.MPI_TAG == kTagResult) {
          int n = 0;
          MPI_Get_count(&st, MPI_BYTE, &n);
          std::string m(std::size_t(n), '\0');
          MPI_Recv(m.data(), n, MPI_BYTE, src, kTagResult, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
          Finished f = unpack(m);
          if (f.status != kPiece) --outstanding[std::size_t(src)];
          finish(std::move(f));
        }
      }
      bool all_done = !handing && local.in_flight() == 0;
      for (int r = 0; r < size && all_done; ++r) all_done = released[std::size_t(r)] && outstanding[std::size_t(r)] == 0;
      if (all_done) break;
      if (!busy)  // nothing came: wait briefly for a local result instead of spinning
        for (auto& f : local.take(std::chrono::microseconds(500))) finish(std::move(f));
    }
  } else {
    bool released = false;
    for (;;) {
      if (!released && local.free_slots() > 0) {
        int slots = (opt.stop && opt.stop->load()) ? 0 : local.free_slots();
        MPI_Send(&slots, 1, MPI_INT, 0, kTagRequest, MPI_COMM_WORLD);
        MPI_Status st;
        MPI_Probe(0, kTagAssign, MPI_COMM_WORLD, &st);
        int n = 0;
        MPI_Get_count(&st, MPI_INT64_T, &n);
        std::vector<std::int64_t> given(static_cast<std::size_t>(n));
        MPI_Recv(given.data(), n, MPI_INT64_T, 0, kTagAssign, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (given.empty()) released = true;
        for (auto i : given) local.push(long(i));
      }
      if (released && local.in_flight() == 0) break;
      const bool idle = released || local.free_slots() == 0;  // nothing to ask for: wait for a result
      std::deque<Finished> done = local.take(std::chrono::microseconds(idle ? -1 : 0));
      for (const auto& f : done) {
        const std::string m = pack(f);
        MPI_Send(m.data(), int(m.size()), MPI_BYTE, 0, kTagResult, MPI_COMM_WORLD);
      }
    }
  }
  share(out, error);
  if (!error.empty()) throw JobError(error);
  return out;
}

#endif  // BENIGN_HAVE_MPI

}  // namespace

std::vector<std::optional<std::string>> farm_map_pieces(long count, const FarmOptions& opt, const PiecewiseTask& task) {
#ifdef BENIGN_HAVE_MPI
  if (job_size() > 1) return farm_job(count, opt, task);
#endif
  return farm_alone(count, opt, task);
}

std::vector<std::optional<std::string>> farm_map(long count, const FarmOptions& opt,
                                                 const std::function<std::optional<std::string>(long)>& task) {
  return farm_map_pieces(count, opt, [&](long i, const std::function<void(const std::string&)>& emit) {
    if (std::optional<std::string> p = task(i)) emit(*p);
  });
}

}  // namespace benign
