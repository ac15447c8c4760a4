#pragma once
// A fixed set of threads running posted jobs in order of arrival: the CPU work of collecting
// (extracting fetched pages and matching them), so both cores work while the threads that
// poll sources wait on the fetcher and the writer.

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace headlined::daemon {

class WorkerPool {
 public:
  // `threads` < 1 means one per core.
  explicit WorkerPool(int threads);
  // Runs the jobs already posted, then joins the threads.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void post(std::function<void()> job);
  int size() const { return static_cast<int>(threads_.size()); }

 private:
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace headlined::daemon
