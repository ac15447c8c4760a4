#pragma once
// The running daemon: opens the store, builds the matcher and channels from a checked
// config, and drives the pipeline (worker threads polling due sources) and the dispatcher
// (its own thread sending what the pipeline committed).

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "headlined/config/config.hpp"
#include "headlined/core/error.hpp"
#include "headlined/daemon/events.hpp"
#include "headlined/daemon/pipeline.hpp"
#include "headlined/fetch/fetcher.hpp"
#include "headlined/match/matcher.hpp"
#include "headlined/notify/dispatcher.hpp"
#include "headlined/store/store.hpp"

namespace headlined::daemon {

struct DaemonOptions {
  notify::RetryPolicy retry;
  fetch::FetchOptions fetch;  // user_agent is taken from the config
};

class Daemon {
 public:
  // The config must have passed load_and_check_config. Errors name the database or channel.
  static Result<std::unique_ptr<Daemon>> create(const config::Config& config, EventSink& events,
                                                DaemonOptions options = {});
  ~Daemon();

  // Polls every source once (up to `workers` at a time), then sends every delivery due.
  void run_once(const std::atomic<bool>& stop);

  // Polls each source when due and sends deliveries as they are committed, until `stop` is
  // set; then lets polls in flight commit what they have and returns.
  void run(const std::atomic<bool>& stop);

  store::Store& store() { return *store_; }

 private:
  Daemon(const config::Config& config, EventSink& events, DaemonOptions options,
         std::unique_ptr<store::Store> store);
  void poll(const Source& source, const std::atomic<bool>& stop);
  void dispatch_loop(const std::atomic<bool>& stop);
  void wake_dispatcher();

  config::Config config_;
  EventSink& events_;
  std::unique_ptr<store::Store> store_;
  fetch::Fetcher fetcher_;
  Pipeline pipeline_;
  // Swapped whole on reload; a poll keeps the one it started with.
  std::atomic<std::shared_ptr<const match::Matcher>> matcher_;
  std::map<std::string, std::vector<std::string>> routes_;  // subscription -> channels
  std::unique_ptr<notify::Dispatcher> dispatcher_;

  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool wake_pending_ = false;
};

}  // namespace headlined::daemon
