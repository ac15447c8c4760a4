#pragma once
// The running daemon: opens the store, builds the matcher and channels from a checked
// config, and drives the pipeline (worker threads polling due sources) and the dispatcher
// (its own thread sending what the pipeline committed). A reload builds a new runtime in the
// background and swaps it in whole; polls and sends in flight finish on the old one.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "headlined/config/config.hpp"
#include "headlined/core/error.hpp"
#include "headlined/core/time.hpp"
#include "headlined/daemon/database_wait.hpp"
#include "headlined/daemon/events.hpp"
#include "headlined/daemon/metrics.hpp"
#include "headlined/daemon/node_presence.hpp"
#include "headlined/daemon/pipeline.hpp"
#include "headlined/daemon/service_manager.hpp"
#include "headlined/daemon/websub_subscriber.hpp"
#include "headlined/daemon/worker_pool.hpp"
#include "headlined/fetch/fetcher.hpp"
#include "headlined/match/matcher.hpp"
#include "headlined/notify/dispatcher.hpp"
#include "headlined/store/article_writer.hpp"
#include "headlined/store/search_indexer.hpp"
#include "headlined/store/store.hpp"

namespace headlined::daemon {

struct DaemonOptions {
  notify::RetryPolicy retry;
  // The config's user agent and "crawl" settings take precedence over these.
  fetch::FetchOptions fetch;
  // The watchdog is fed only while no poll has been in flight longer than this: a worker
  // stuck past every fetch timeout means the daemon no longer makes progress.
  std::chrono::seconds stall_limit{15 * 60};
  // While the database refuses writes (disk full, read-only), collecting pauses and a tiny
  // write is tried this often; the first that succeeds resumes collecting.
  std::chrono::milliseconds write_probe_every{std::chrono::seconds(5)};
  // How often the config's "retention" is applied (also once right after start).
  std::chrono::seconds retention_every{3600};
  // What the WebSub subscriber takes for now (leases, verification timeouts); tests pass a
  // clock they move.
  std::function<UnixTime()> clock = now_unix;
  // How often the WebSub subscriber renews, retries and times out (maintain()).
  std::chrono::milliseconds websub_every{std::chrono::seconds(1)};
  // The binary's version, recorded with the node's heartbeat (docs/scaling.md).
  std::string version;
  // How often the node records its heartbeat: every 5 s, or more often when the config's
  // lease_period is short (at least three beats per period).
  std::chrono::milliseconds heartbeat_every{std::chrono::seconds(5)};
  // Whether create() waits for a PostgreSQL server that cannot be reached yet
  // (database_wait.hpp); `run` does, `run --once` does not.
  DatabaseWait database_wait;
};

// What a reload replaces: everything derived from the config except the database.
struct Runtime {
  config::Config config;
  std::shared_ptr<const match::Matcher> matcher;
  std::map<std::string, std::vector<std::string>> routes;  // subscription -> channels
  std::shared_ptr<notify::Dispatcher> dispatcher;
};

struct RunControl {
  // Set by SIGHUP; the daemon clears it and calls load_config on a background thread.
  std::atomic<bool>* reload_requested = nullptr;
  // Returns the new config, or nothing when it is refused (the callee logs why).
  std::function<std::optional<config::Config>()> load_config;
};

class Daemon {
 public:
  // The config must have passed load_and_check_config. Errors name the database or channel.
  static Result<std::unique_ptr<Daemon>> create(const config::Config& config, EventSink& events,
                                                DaemonOptions options = {});
  ~Daemon();

  // Polls every source once (up to `workers` at a time), then sends every delivery due. Each
  // poll holds the source's lease; a source another node holds is left to it (run_once.cpp).
  void run_once(const std::atomic<bool>& stop);

  // Polls each source when due and sends deliveries as they are committed, until `stop` is
  // set; then lets polls in flight commit what they have (their fetches are cancelled) and
  // returns. Tells systemd READY, STATUS and WATCHDOG as it goes.
  void run(const std::atomic<bool>& stop, const RunControl& control = {});

  // Builds a runtime from `config` and swaps it in. The database cannot change (restart for
  // that); on any error the running runtime stays and the error is returned.
  Result<void> reload(const config::Config& config);

  store::Store& store() { return *store_; }
  // The WebSub subscriber when the config has "websub" (its routes go on a listener:
  // start_http_frontends), else null.
  WebSubSubscriber* websub() { return websub_.get(); }
  Metrics& metrics() { return metrics_; }

 private:
  Daemon(const config::Config& config, EventSink& events, DaemonOptions options,
         std::unique_ptr<store::Store> store);
  Result<std::shared_ptr<const Runtime>> build_runtime(const config::Config& config);
  std::shared_ptr<const Runtime> runtime() const { return runtime_.load(); }
  void poll(const std::shared_ptr<const Runtime>& runtime, const Source& source,
            const std::atomic<bool>& stop);
  void dispatch_loop(const std::atomic<bool>& stop);
  // Processes the feeds hubs pushed, in order, until `stop`; and keeps the subscriptions.
  void push_loop(const std::atomic<bool>& stop);
  void websub_loop(const std::atomic<bool>& stop);
  void wake_dispatcher();
  void refresh_gauges(Metrics& metrics);
  // This node, the source leases it holds, and how many nodes beat lately.
  void refresh_node_gauges(Metrics& metrics);
  std::string status_line();
  // Logs and reports a change between "the database takes writes" and not; true while it
  // does not (collecting is paused then).
  bool check_write_fault();
  // True while the database is a server the store cannot reach (a write fault of kind
  // Unavailable).
  bool database_unreachable() const;
  // Purges snapshots older than the config's retention, if it has one; logs what it did.
  void apply_retention();
  // Renews the leases of the sources this node is polling now (in_flight_); warns of each one
  // another node took meanwhile. The running loop and run_once both keep their polls' leases.
  void renew_leases_in_flight();

  DaemonOptions options_;
  Metrics metrics_;
  MetricsEventSink events_;
  std::unique_ptr<store::Store> store_;
  // This daemon among the nodes sharing the database: heartbeat and source leases.
  NodePresence node_;
  // Writes the search index behind the articles. Declared before the writer so it ends after
  // it: its last pass indexes the writer's last groups (`run --once` exits fully indexed).
  store::SearchIndexer indexer_;
  fetch::Fetcher fetcher_;
  // The one thread that commits articles (group commit), and the pool that extracts and
  // matches them (a thread per core). Declared in this order so the pool, whose jobs hand
  // articles to the writer, ends first, and the writer commits the rest before it ends.
  store::ArticleWriter writer_;
  WorkerPool pool_;
  Pipeline pipeline_;
  ServiceManager service_;
  std::atomic<std::shared_ptr<const Runtime>> runtime_;
  std::unique_ptr<WebSubSubscriber> websub_;

  std::mutex push_mutex_;
  std::condition_variable push_ready_;
  std::deque<PushedFeed> pushed_;

  // Set while collecting must not go on: the daemon stops, or the database refuses writes.
  // Polls get it as their cancel flag, so the fetches in flight end at once.
  std::atomic<bool> collect_halt_{false};
  std::atomic<bool> write_paused_{false};  // the last check_write_fault() result

  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool wake_pending_ = false;

  // Scheduler state, shared by the scheduler loop, the workers and the metrics.
  std::mutex schedule_mutex_;
  std::size_t sources_due_ = 0;
  std::map<std::string, std::chrono::steady_clock::time_point> in_flight_;  // source -> start
};

}  // namespace headlined::daemon
