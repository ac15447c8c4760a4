#include "headlined/daemon/daemon.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <set>

#include "headlined/core/time.hpp"
#include "headlined/daemon/crawl_setup.hpp"
#include "headlined/daemon/due_queue.hpp"
#include "headlined/daemon/raw_page_move.hpp"
#include "headlined/daemon/service_manager.hpp"
#include "headlined/store/pg_url.hpp"

namespace headlined::daemon {

namespace {

constexpr auto kTick = std::chrono::milliseconds(200);
constexpr auto kStatusEvery = std::chrono::seconds(5);

store::SearchIndexOptions index_options_for(const config::CrawlSettings& crawl) {
  store::SearchIndexOptions options;
  options.max_delay = std::chrono::milliseconds(crawl.search_index_delay_ms);
  // Looked at five times per delay (at most every 200 ms), so the lag stays near the delay.
  options.check_every = std::clamp(options.max_delay / 5, std::chrono::milliseconds(10),
                                   std::chrono::milliseconds(200));
  return options;
}

// What a crash left stored but not indexed, or every snapshot after an upgrade that rebuilt
// the index, before the daemon reports ready. A failure (e.g. a full disk) does not stop the
// start: search reads the queue meanwhile, and the indexer tries again. A long catch-up says
// how far it is and asks systemd for more time to start.
void catch_up_search_index(store::Store& store) {
  auto backlog = store.search_backlog();
  if (!backlog || backlog->snapshots == 0) return;
  constexpr std::int64_t kBatch = 2000;
  const std::int64_t queued = backlog->snapshots;
  if (queued > kBatch) {
    spdlog::info(
        "search index: {} snapshot(s) to index before ready (left by a crash, or all of "
        "them after an upgrade that rebuilt the index)",
        queued);
  }
  const ServiceManager service;
  const auto start = std::chrono::steady_clock::now();
  auto last_report = start;
  std::int64_t done = 0;
  for (;;) {
    service.extend_start(std::chrono::seconds(60));  // a batch takes seconds at most
    auto indexed = store.index_pending(kBatch);
    if (!indexed) {
      spdlog::warn("search index: catching up at start failed after {} snapshot(s): {}", done,
                   indexed.error().to_string());
      return;
    }
    done += *indexed;
    if (*indexed < kBatch) break;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_report >= std::chrono::seconds(10)) {
      last_report = now;
      spdlog::info("search index: {} of {} snapshot(s) indexed", done, queued);
      service.status("indexing for search: " + std::to_string(done) + " of " +
                     std::to_string(queued));
    }
  }
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  spdlog::info("search index: indexed {} snapshot(s) a previous run left unindexed in {:.1f} s",
               done, seconds);
}

}  // namespace

Result<std::unique_ptr<Daemon>> Daemon::create(const config::Config& config, EventSink& events,
                                               DaemonOptions options) {
  auto store = open_database(config, options.database_wait);
  if (!store) return std::unexpected(store.error());
  catch_up_search_index(**store);
  move_raw_pages_at_start(**store);
  std::unique_ptr<Daemon> daemon(new Daemon(config, events, options, std::move(*store)));
  auto runtime = daemon->build_runtime(config);
  if (!runtime) {
    // E.g. a read-only database: the sources cannot even be registered. The service
    // manager's restart tries again later.
    Error e = runtime.error();
    if (auto fault = daemon->store_->write_fault()) e.what += " (" + fault->cause + ")";
    return std::unexpected(e);
  }
  daemon->runtime_.store(*runtime);
  // The first beat says the node is here (and since when) before it takes any lease.
  if (auto beat = daemon->node_.heartbeat(); !beat) return std::unexpected(beat.error());
  spdlog::info("node {}: lease period {} s, database {}", config.node, config.lease_period.count(),
               config.database);
  daemon->pipeline_.set_polling(
      [d = daemon.get()](const std::string& name) -> std::optional<config::SourcePolling> {
        const std::shared_ptr<const Runtime> rt = d->runtime();
        auto it = rt->config.source_polling.find(name);
        if (it == rt->config.source_polling.end()) return std::nullopt;
        return it->second;
      });
  if (config.websub) {
    Daemon* d = daemon.get();
    daemon->websub_ = std::make_unique<WebSubSubscriber>(
        *daemon->store_, *config.websub,
        [d](PushedFeed pushed) {
          {
            std::lock_guard lock(d->push_mutex_);
            d->pushed_.push_back(std::move(pushed));
          }
          d->push_ready_.notify_all();
        },
        options.clock);
    if (auto loaded = daemon->websub_->load(); !loaded) return std::unexpected(loaded.error());
    daemon->pipeline_.set_websub(daemon->websub_.get());
  }
  daemon->metrics_.on_scrape([d = daemon.get()](Metrics& m) { d->refresh_gauges(m); });
  return daemon;
}

Daemon::Daemon(const config::Config& config, EventSink& events, DaemonOptions options,
               std::unique_ptr<store::Store> store)
    : options_(options),
      events_(metrics_, events),
      store_(std::move(store)),
      node_(*store_, config.node,
            std::chrono::duration_cast<std::chrono::milliseconds>(config.lease_period),
            options.version),
      indexer_(*store_, index_options_for(config.crawl),
               [](const Error& e) { spdlog::warn("search index: {}", e.to_string()); }),
      fetcher_(fetch_options_for(config, options.fetch), crawl_policy_for(config.crawl)),
      writer_(*store_,
              store::GroupCommitOptions{config.crawl.commit_group,
                                        std::chrono::milliseconds(config.crawl.commit_window_ms)}),
      pool_(0),
      pipeline_(*store_, writer_, pool_, fetcher_, events_) {}

Daemon::~Daemon() = default;

Result<std::shared_ptr<const Runtime>> Daemon::build_runtime(const config::Config& config) {
  auto runtime = std::make_shared<Runtime>();
  runtime->config = config;

  std::map<std::string, std::unique_ptr<notify::Channel>> channels;
  std::map<std::string, ChannelSpec> specs;
  for (const ChannelSpec& spec : config.channels) {
    auto channel = notify::make_channel(spec);
    if (!channel) return std::unexpected(channel.error());
    channels.emplace(spec.name, std::move(*channel));
    specs.emplace(spec.name, spec);
  }
  runtime->dispatcher = std::make_shared<notify::Dispatcher>(*store_, std::move(channels),
                                                             std::move(specs), options_.retry);
  // One node sends through a channel at a time, and claims each message before it sends.
  runtime->dispatcher->set_node({node_.name(), node_.lease_period()});
  runtime->dispatcher->on_event(
      [this](const notify::DispatchEvent& e) { events_.delivery_attempted(e); });

  std::vector<Subscription> subscriptions;
  for (const config::SubscriptionEntry& entry : config.subscriptions) {
    subscriptions.push_back(entry.subscription);
    runtime->routes[entry.subscription.name] = entry.subscription.channels;
  }
  runtime->dispatcher->set_subscriptions(subscriptions);  // delivery modes and templates
  store_->set_story_window(config.story_window);
  std::vector<std::string> errors;
  runtime->matcher = std::make_shared<const match::Matcher>(subscriptions, &errors);
  for (const std::string& e : errors) spdlog::error("subscription left out: {}", e);

  for (const Source& source : config.sources) {
    auto registered = store_->upsert_source(source);
    if (!registered) return std::unexpected(registered.error());
  }
  return std::shared_ptr<const Runtime>(std::move(runtime));
}

Result<void> Daemon::reload(const config::Config& config) {
  const config::Config& running = runtime()->config;
  if (config.database != running.database)
    return fail("the database cannot change on reload (restart headlined for that)", config.path);
  if (config.node != running.node || config.lease_period != running.lease_period)
    return fail("'node' and 'lease_period' cannot change on reload (restart headlined for that)",
                config.path);
  auto next = build_runtime(config);
  if (!next) return std::unexpected(next.error());
  runtime_.store(*next);
  wake_dispatcher();
  spdlog::info("reloaded {}: {} source(s), {} channel(s), {} subscription(s)", config.path,
               config.sources.size(), config.channels.size(), config.subscriptions.size());
  return {};
}

void Daemon::poll(const std::shared_ptr<const Runtime>& runtime, const Source& source,
                  const std::atomic<bool>& stop) {
  PollReport report = pipeline_.poll(source, *runtime->matcher, runtime->routes, stop);
  if (report.stored > 0) wake_dispatcher();
}

void Daemon::wake_dispatcher() {
  {
    std::lock_guard lock(wake_mutex_);
    wake_pending_ = true;
  }
  wake_.notify_all();
}

void Daemon::dispatch_loop(const std::atomic<bool>& stop) {
  std::shared_ptr<notify::Dispatcher> previous;
  while (!stop.load()) {
    // The dispatcher of the runtime in force; a reload's new one takes over next round,
    // with the sends the old one could not record yet (so none is sent twice).
    std::shared_ptr<notify::Dispatcher> current = runtime()->dispatcher;
    if (previous && previous != current) current->adopt_unrecorded(*previous);
    previous = current;
    current->run_once(now_unix());
    std::unique_lock lock(wake_mutex_);
    // Woken by a commit; otherwise a retry that came due is picked up within a second. While
    // the database refuses writes (no claim, no mark), a round is tried only now and then.
    const auto pause = write_paused_.load()
                           ? std::max<std::chrono::milliseconds>(options_.write_probe_every,
                                                                 std::chrono::seconds(1))
                           : std::chrono::milliseconds(1000);
    wake_.wait_for(lock, pause, [&] { return wake_pending_ || stop.load(); });
    wake_pending_ = false;
  }
}

void Daemon::push_loop(const std::atomic<bool>& stop) {
  while (true) {
    PushedFeed pushed;
    {
      std::unique_lock lock(push_mutex_);
      // Bounded: a stop set between the check and the wait is still seen.
      push_ready_.wait_for(lock, kTick, [&] { return !pushed_.empty() || stop.load(); });
      if (stop.load()) return;  // a push not processed is in the feed: the next poll has it
      if (pushed_.empty()) continue;
      pushed = std::move(pushed_.front());
      pushed_.pop_front();
    }
    const std::shared_ptr<const Runtime> rt = runtime();
    const Source* source = nullptr;
    for (const Source& s : rt->config.sources)
      if (s.name == pushed.source) source = &s;
    if (!source || collect_halt_.load()) continue;
    PollReport report = pipeline_.ingest_pushed(*source, std::move(pushed.page), *rt->matcher,
                                                rt->routes, collect_halt_);
    if (report.stored > 0) wake_dispatcher();
  }
}

void Daemon::websub_loop(const std::atomic<bool>& stop) {
  while (!stop.load()) {
    websub_->maintain(runtime()->config.sources);
    std::unique_lock lock(push_mutex_);
    push_ready_.wait_for(lock, options_.websub_every, [&] { return stop.load(); });
  }
}

void Daemon::run(const std::atomic<bool>& stop, const RunControl& control) {
  std::mutex queue_mutex;
  std::condition_variable work_ready;
  DueQueue queue;                           // due sources, the most overdue first
  std::set<std::string> queued_or_running;  // a source is polled by one worker at a time
  std::map<std::string, UnixTime> next_due;

  auto find_source = [](const Runtime& rt, const std::string& name) -> const Source* {
    for (const Source& s : rt.config.sources)
      if (s.name == name) return &s;
    return nullptr;
  };

  auto worker = [&] {
    while (true) {
      std::string name;
      {
        std::unique_lock lock(queue_mutex);
        work_ready.wait_for(lock, kTick, [&] { return !queue.empty() || stop.load(); });
        if (stop.load()) return;
        std::optional<std::string> next = queue.pop();
        if (!next) continue;
        name = std::move(*next);
      }
      // The runtime in force when the poll starts; a reload meanwhile does not disturb it.
      std::shared_ptr<const Runtime> rt = runtime();
      const Source* source = find_source(*rt, name);
      // Queued before the database stopped taking writes: left for when it does again.
      if (source && !collect_halt_.load()) {
        // Another node polls it right now: looked at again in a second, by when it may have
        // recorded the next due time (or died, and its lease runs out). It keeps its place in
        // the queue meanwhile.
        if (!node_.take_source(name)) {
          std::lock_guard lock(queue_mutex);
          next_due[name] = now_unix() + 1;
          queued_or_running.erase(name);
          continue;
        }
        // This node's plan may be older than another node's poll: the stored due time,
        // read under the lease, decides.
        auto fresh = store_->source_state(name);
        if (!fresh || fresh->next_attempt_at <= now_unix()) {
          {
            std::lock_guard lock(schedule_mutex_);
            in_flight_[name] = std::chrono::steady_clock::now();
          }
          // Cancelled by a stop or by the database refusing writes: what was not stored is
          // not recorded either, so it is fetched again later.
          poll(rt, *source, collect_halt_);
          std::lock_guard lock(schedule_mutex_);
          in_flight_.erase(name);
        }
        // After the poll recorded its next due time, so a node that takes the lease next
        // reads it.
        node_.release_source(name);
      }
      auto state = store_->source_state(name);
      std::lock_guard lock(queue_mutex);
      queue.forget(name);
      if (state) {
        next_due[name] = state->next_attempt_at;
      } else if (store_->write_fault()) {
        // The database went away (or refuses writes): the due time is read again once it
        // is back, so a poll cut short is made again first thing after the resume.
        next_due.erase(name);
      } else {
        next_due[name] = now_unix() + 60;
      }
      queued_or_running.erase(name);
    }
  };

  const int workers = std::max(1, runtime()->config.workers);
  std::vector<std::thread> threads;
  for (int i = 0; i < workers; ++i) threads.emplace_back(worker);
  std::thread dispatcher([&] { dispatch_loop(stop); });
  std::thread push_worker, websub_worker;
  if (websub_) {
    push_worker = std::thread([&] { push_loop(stop); });
    websub_worker = std::thread([&] { websub_loop(stop); });
  }
  std::thread reloader;

  const auto watchdog = service_.watchdog_timeout();
  auto last_ping = std::chrono::steady_clock::now();
  auto last_status = std::chrono::steady_clock::time_point{};
  auto last_probe = std::chrono::steady_clock::now();
  auto resumed_at = std::chrono::steady_clock::time_point{};
  std::chrono::milliseconds probe_delay = options_.write_probe_every;
  // Retention runs on its own thread (its batches interleave with the polls' commits).
  std::thread retention;
  std::optional<std::chrono::steady_clock::time_point> last_retention;  // none yet: due at once
  std::atomic<bool> retention_busy{false};
  bool write_status_paused = false;  // as last told to systemd
  // Three beats and three renewals per lease period at least: one late write does not make
  // the node look dead, nor lose a lease of a poll in flight.
  const auto lease_period = node_.lease_period();
  const auto heartbeat_every = std::min(options_.heartbeat_every, lease_period / 3);
  const auto renew_every = lease_period / 3;
  auto last_beat = std::chrono::steady_clock::now();
  auto last_renewal = std::chrono::steady_clock::now();
  service_.ready();
  spdlog::info("ready: node {}, {} source(s), {} worker(s)", node_.name(),
               runtime()->config.sources.size(), workers);

  while (!stop.load()) {
    const auto now_steady = std::chrono::steady_clock::now();
    // Collecting pauses while the database refuses writes; a probe write now and then
    // finds out when it takes them again (space freed, file writable).
    const bool was_paused = write_paused_.load();
    bool paused = check_write_fault();
    if (paused && !was_paused) {
      // Paused again within a minute of resuming: the room a probe found was not enough
      // for an article. Probes then come less often (up to every 5 min), so an almost full
      // disk does not have every source polled in vain every few seconds.
      probe_delay =
          now_steady - resumed_at < std::chrono::minutes(1)
              ? std::min<std::chrono::milliseconds>(probe_delay * 2, std::chrono::minutes(5))
              : options_.write_probe_every;
      last_probe = now_steady;
    }
    // A server that cannot be reached is looked at every tick: the connection itself spaces
    // its reconnects (1 s doubling to "database_retry_max"), and fails at once in between.
    if (paused && (now_steady - last_probe >= probe_delay || database_unreachable())) {
      last_probe = now_steady;
      (void)store_->probe_write();
      paused = check_write_fault();
      if (!paused) resumed_at = now_steady;
    }
    collect_halt_.store(paused || stop.load());
    if (now_steady - last_beat >= heartbeat_every) {
      last_beat = now_steady;
      // While paused the pause's own log line has said why; not one warning per beat.
      if (auto beat = node_.heartbeat(); !beat && !paused)
        spdlog::warn("node {}: heartbeat not recorded: {}", node_.name(), beat.error().to_string());
    }
    if (now_steady - last_renewal >= renew_every) {
      last_renewal = now_steady;
      renew_leases_in_flight();
    }
    // At start, then every retention_every (one purge at a time).
    if ((!last_retention || now_steady - *last_retention >= options_.retention_every) &&
        !retention_busy.load()) {
      if (retention.joinable()) retention.join();
      retention_busy.store(true);
      last_retention = now_steady;
      retention = std::thread([this, &retention_busy] {
        apply_retention();
        retention_busy.store(false);
      });
    }
    if (control.reload_requested && control.reload_requested->exchange(false)) {
      if (reloader.joinable()) reloader.join();  // one reload at a time
      reloader = std::thread([this, &control] {
        service_.reloading();
        if (auto next = control.load_config ? control.load_config() : std::nullopt) {
          if (auto done = reload(*next); !done)
            spdlog::error("reload refused, the running config stays: {}", done.error().to_string());
        }
        service_.ready();
      });
    }
    {
      const std::shared_ptr<const Runtime> rt = runtime();
      const UnixTime now = now_unix();
      std::lock_guard lock(queue_mutex);
      for (const Source& source : rt->config.sources) {
        if (paused) break;  // nothing is queued while the database refuses writes
        if (!next_due.contains(source.name)) {
          auto state = store_->source_state(source.name);
          next_due[source.name] = state ? state->next_attempt_at : 0;
        }
        if (next_due[source.name] <= now && !queued_or_running.contains(source.name)) {
          queued_or_running.insert(source.name);
          queue.push(source.name, next_due[source.name]);
        }
      }
      std::lock_guard schedule_lock(schedule_mutex_);
      sources_due_ = queue.size();
    }
    work_ready.notify_all();

    if (watchdog && now_steady - last_ping >= *watchdog / 2) {
      bool stalled = false;
      {
        std::lock_guard lock(schedule_mutex_);
        for (const auto& [name, started] : in_flight_)
          if (now_steady - started > options_.stall_limit) stalled = true;
      }
      // No ping while a poll is stuck: systemd then restarts a daemon that stopped working.
      if (!stalled) {
        service_.watchdog();
        last_ping = now_steady;
      }
    }
    if (now_steady - last_status >= kStatusEvery || paused != write_status_paused) {
      write_status_paused = paused;
      service_.status(status_line());
      last_status = now_steady;
    }
    std::this_thread::sleep_for(kTick);
  }

  service_.stopping();
  collect_halt_.store(true);
  spdlog::info("stopping: finishing the polls in flight");
  work_ready.notify_all();
  for (std::thread& t : threads) t.join();
  wake_dispatcher();
  dispatcher.join();
  push_ready_.notify_all();
  if (push_worker.joinable()) push_worker.join();
  if (websub_worker.joinable()) websub_worker.join();
  if (reloader.joinable()) reloader.join();
  if (retention.joinable()) retention.join();
  // Other nodes take over this node's sources and channels at once, not after expiry.
  node_.release_all();
  spdlog::info("stopped: everything fetched is committed");
}

bool Daemon::check_write_fault() {
  const std::optional<store::WriteFault> fault = store_->write_fault();
  const bool was = write_paused_.exchange(fault.has_value());
  if (fault && !was) {
    spdlog::error(
        "database {}: {}: collecting paused (what is stored is kept; sources are polled "
        "again once it takes writes): {}",
        fault->path, fault->cause, fault->message);
  } else if (!fault && was) {
    spdlog::info("database {} takes writes again: collecting resumes",
                 store::masked_postgresql_url(runtime()->config.database));
  }
  return fault.has_value();
}

bool Daemon::database_unreachable() const {
  const std::optional<store::WriteFault> fault = store_->write_fault();
  return fault && fault->kind == store::WriteFault::Kind::Unavailable;
}

void Daemon::renew_leases_in_flight() {
  std::vector<std::string> polling;
  {
    std::lock_guard lock(schedule_mutex_);
    for (const auto& [name, started] : in_flight_) polling.push_back(name);
  }
  // Lost only when this node stalled past its lease period: another node may be polling the
  // source too; the articles are stored once all the same (unique URLs).
  for (const std::string& lost : node_.renew_sources(polling))
    spdlog::warn(
        "node {}: lease on source '{}' expired during its poll and was taken by another node",
        node_.name(), lost);
}

void Daemon::apply_retention() {
  const std::chrono::seconds keep = runtime()->config.retention;
  if (keep.count() <= 0) return;
  const UnixTime cutoff = now_unix() - keep.count();
  auto purged = store_->purge_older_than(cutoff);
  if (!purged) {
    spdlog::warn("retention: purge of snapshots older than {} s failed: {}", keep.count(),
                 purged.error().to_string());
    return;
  }
  metrics_.add("headlined_snapshots_purged_total", static_cast<double>(purged->snapshots_removed));
  spdlog::info("retention: purged {} snapshot(s) fetched more than {} s ago{}",
               purged->snapshots_removed, keep.count(),
               purged->kept_for_pending > 0 ? " (" + std::to_string(purged->kept_for_pending) +
                                                  " older kept: a delivery about them is pending)"
                                            : std::string());
}

std::string Daemon::status_line() {
  const std::shared_ptr<const Runtime> rt = runtime();
  int failing = 0;
  std::string last_error;
  if (auto states = store_->source_states()) {
    for (const store::SourceState& s : *states) {
      if (s.consecutive_failures > 0) {
        ++failing;
        last_error = s.name + ": " + s.last_error;
      }
    }
  }
  std::size_t due = 0, polling = 0;
  {
    std::lock_guard lock(schedule_mutex_);
    due = sources_due_;
    polling = in_flight_.size();
  }
  std::string line = std::to_string(rt->config.sources.size()) + " sources (" +
                     std::to_string(failing) + " failing), " + std::to_string(polling) +
                     " polling, " + std::to_string(due) + " due";
  if (auto counts = store_->delivery_counts())
    line += ", " + std::to_string(counts->pending) + " deliveries pending";
  if (!last_error.empty()) line += "; last error: " + last_error;
  line += "; node " + node_.name();
  if (auto fault = store_->write_fault())
    line = "collecting paused: database " + fault->path + ": " + fault->cause + "; " + line;
  return line;
}

void Daemon::refresh_gauges(Metrics& m) {
  const std::optional<store::WriteFault> fault = store_->write_fault();
  m.set("headlined_database_writable", fault ? 0 : 1);
  // PostgreSQL: 0 while the connection to the server is down (collecting is paused then).
  m.set("headlined_database_reachable",
        fault && fault->kind == store::WriteFault::Kind::Unavailable ? 0 : 1);
  refresh_node_gauges(m);
  {
    std::lock_guard lock(schedule_mutex_);
    m.set("headlined_sources_due", static_cast<double>(sources_due_));
    m.set("headlined_polls_in_flight", static_cast<double>(in_flight_.size()));
  }
  const store::GroupCommitStats commits = writer_.stats();
  m.set("headlined_commit_groups", static_cast<double>(commits.groups));
  m.set("headlined_committed_articles", static_cast<double>(commits.articles));
  m.set("headlined_articles_awaiting_commit", static_cast<double>(commits.waiting));
  // The search index's lag: how long the oldest snapshot not yet indexed has waited.
  if (auto backlog = store_->search_backlog()) {
    const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    const std::int64_t waited =
        std::max<std::int64_t>(0, now_ms - backlog->oldest_stored_at_ms.value_or(now_ms));
    m.set("headlined_search_index_lag_seconds", static_cast<double>(waited) / 1000.0);
    m.set("headlined_search_index_backlog", static_cast<double>(backlog->snapshots));
  }
  const store::SearchIndexStats indexed = indexer_.stats();
  m.set("headlined_search_indexed_snapshots", static_cast<double>(indexed.indexed));
  m.set("headlined_search_index_batches", static_cast<double>(indexed.batches));
  if (auto states = store_->source_states()) {
    int failing = 0;
    for (const store::SourceState& s : *states) failing += s.consecutive_failures > 0 ? 1 : 0;
    m.set("headlined_sources_failing", failing);
  }
  // Counted by the database (one grouped query), not by reading every delivery row: a
  // scrape and the STATUS line come every few seconds, and the outbox keeps every sent row.
  if (auto counts = store_->delivery_counts()) {
    m.set("headlined_deliveries", static_cast<double>(counts->pending), {{"state", "pending"}});
    m.set("headlined_deliveries", static_cast<double>(counts->sent), {{"state", "sent"}});
    m.set("headlined_deliveries", static_cast<double>(counts->dead), {{"state", "dead"}});
    const UnixTime now = now_unix();
    const UnixTime oldest = std::min(now, counts->oldest_pending_created.value_or(now));
    m.set("headlined_oldest_pending_delivery_age_seconds", static_cast<double>(now - oldest));
  }
  // 1 for each paused channel, 0 for the config's others: an alert needs no absent series.
  if (auto paused = store_->disabled_channels()) {
    for (const ChannelSpec& c : runtime()->config.channels)
      m.set("headlined_channel_paused", 0, {{"channel", c.name}});
    for (const store::ChannelDisabled& c : *paused)
      m.set("headlined_channel_paused", 1, {{"channel", c.channel}});
  }
}

void Daemon::refresh_node_gauges(Metrics& m) {
  m.set("headlined_node_info", 1, {{"node", node_.name()}});
  auto nodes = store_->nodes(now_unix_ms());
  if (!nodes) return;
  // Live: beat within its own lease period. A stale node's leases have expired or soon will.
  const UnixTime now = now_unix();
  int live = 0, stale = 0;
  for (const store::NodeRecord& n : *nodes) {
    const bool fresh = (now - n.heartbeat_at) * 1000 <= n.lease_period_ms;
    (fresh ? live : stale) += 1;
    if (n.name == node_.name())
      m.set("headlined_source_leases_held", static_cast<double>(n.sources_held));
  }
  m.set("headlined_nodes", live, {{"state", "live"}});
  m.set("headlined_nodes", stale, {{"state", "stale"}});
}

}  // namespace headlined::daemon
