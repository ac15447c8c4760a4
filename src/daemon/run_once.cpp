// `run --once` (Daemon::run_once): one poll of every source and one round of sending, beside
// any nodes running on the same database (docs/scaling.md): each poll under the source's lease,
// a source another node polls now left to it, every lease given up at the end.
#include "headlined/daemon/daemon.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "headlined/core/time.hpp"

namespace headlined::daemon {

void Daemon::run_once(const std::atomic<bool>& stop) {
  const std::shared_ptr<const Runtime> rt = runtime();
  const std::vector<Source>& sources = rt->config.sources;
  // Each source under its lease, as a running node polls it: one another node holds is being
  // polled by that node now, and is left to it (its articles are stored all the same).
  std::mutex skipped_mutex;
  std::vector<std::string> skipped;
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < sources.size() && !stop.load(); i = next++) {
      const std::string& name = sources[i].name;
      if (!node_.take_source(name)) {
        // Held by another node, or the lease could not be written (take_source logged why).
        const std::string holder = node_.holder_of(name);
        if (!holder.empty())
          spdlog::info("source '{}': node {} polls it now; left to it", name, holder);
        std::lock_guard lock(skipped_mutex);
        skipped.push_back(name);
        continue;
      }
      {
        std::lock_guard lock(schedule_mutex_);
        in_flight_[name] = std::chrono::steady_clock::now();
      }
      poll(rt, sources[i], stop);
      {
        std::lock_guard lock(schedule_mutex_);
        in_flight_.erase(name);
      }
      node_.release_source(name);
    }
  };
  // While the round runs, the node beats and renews the leases of its polls in flight, as a
  // running node does, so a long poll keeps its source and the node does not look dead.
  std::mutex keeper_mutex;
  std::condition_variable keeper_wake;
  bool round_over = false;
  std::thread keeper([&] {
    std::unique_lock lock(keeper_mutex);
    while (!keeper_wake.wait_for(lock, node_.lease_period() / 3, [&] { return round_over; })) {
      lock.unlock();
      if (auto beat = node_.heartbeat(); !beat)
        spdlog::warn("node {}: heartbeat not recorded: {}", node_.name(), beat.error().to_string());
      renew_leases_in_flight();
      lock.lock();
    }
  });
  const std::size_t n = std::min<std::size_t>(std::max(1, rt->config.workers),
                                              std::max<std::size_t>(1, sources.size()));
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < n; ++i) threads.emplace_back(worker);
  for (std::thread& t : threads) t.join();
  if (!stop.load()) rt->dispatcher->run_once(now_unix());
  {
    std::lock_guard lock(keeper_mutex);
    round_over = true;
  }
  keeper_wake.notify_all();
  keeper.join();
  if (!skipped.empty())
    spdlog::info("{} of {} source(s) were being polled by other nodes and were left to them",
                 skipped.size(), sources.size());
  // The channel leases the round took: a running node need not wait for their expiry.
  node_.release_all();
}

}  // namespace headlined::daemon
