#include "headlined/daemon/daemon.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <deque>
#include <set>
#include <thread>

#include "headlined/core/time.hpp"

namespace headlined::daemon {

namespace {

constexpr auto kTick = std::chrono::milliseconds(200);

// Forwards dispatcher events to the sink (the dispatcher takes a std::function).
std::function<void(const notify::DispatchEvent&)> forward_to(EventSink& sink) {
  return [&sink](const notify::DispatchEvent& e) { sink.delivery_attempted(e); };
}

}  // namespace

Result<std::unique_ptr<Daemon>> Daemon::create(const config::Config& config, EventSink& events,
                                               DaemonOptions options) {
  auto store = store::Store::open(config.database);
  if (!store) return std::unexpected(store.error());
  for (const Source& source : config.sources) {
    auto registered = (*store)->upsert_source(source);
    if (!registered) return std::unexpected(registered.error());
  }
  std::unique_ptr<Daemon> daemon(new Daemon(config, events, options, std::move(*store)));

  std::map<std::string, std::unique_ptr<notify::Channel>> channels;
  std::map<std::string, ChannelSpec> specs;
  for (const ChannelSpec& spec : config.channels) {
    auto channel = notify::make_channel(spec);
    if (!channel) return std::unexpected(channel.error());
    channels.emplace(spec.name, std::move(*channel));
    specs.emplace(spec.name, spec);
  }
  daemon->dispatcher_ = std::make_unique<notify::Dispatcher>(*daemon->store_, std::move(channels),
                                                             std::move(specs), options.retry);
  daemon->dispatcher_->on_event(forward_to(events));
  return daemon;
}

Daemon::Daemon(const config::Config& config, EventSink& events, DaemonOptions options,
               std::unique_ptr<store::Store> store)
    : config_(config),
      events_(events),
      store_(std::move(store)),
      fetcher_([&] {
        fetch::FetchOptions fetch = options.fetch;
        fetch.user_agent = config.user_agent;
        return fetch;
      }()),
      pipeline_(*store_, fetcher_, events_) {
  std::vector<Subscription> subscriptions;
  for (const config::SubscriptionEntry& entry : config.subscriptions) {
    subscriptions.push_back(entry.subscription);
    routes_[entry.subscription.name] = entry.subscription.channels;
  }
  std::vector<std::string> errors;
  matcher_.store(std::make_shared<const match::Matcher>(subscriptions, &errors));
  for (const std::string& e : errors) spdlog::error("subscription left out: {}", e);
}

Daemon::~Daemon() = default;

void Daemon::poll(const Source& source, const std::atomic<bool>& stop) {
  std::shared_ptr<const match::Matcher> matcher = matcher_.load();
  PollReport report = pipeline_.poll(source, *matcher, routes_, stop);
  if (report.stored > 0) wake_dispatcher();
}

void Daemon::wake_dispatcher() {
  {
    std::lock_guard lock(wake_mutex_);
    wake_pending_ = true;
  }
  wake_.notify_all();
}

void Daemon::run_once(const std::atomic<bool>& stop) {
  // Sources are polled in parallel, each by one thread at a time.
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < config_.sources.size() && !stop.load(); i = next++)
      poll(config_.sources[i], stop);
  };
  const std::size_t n = std::min<std::size_t>(std::max(1, config_.workers),
                                              std::max<std::size_t>(1, config_.sources.size()));
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < n; ++i) threads.emplace_back(worker);
  for (std::thread& t : threads) t.join();
  if (!stop.load()) dispatcher_->run_once(now_unix());
}

void Daemon::dispatch_loop(const std::atomic<bool>& stop) {
  while (!stop.load()) {
    dispatcher_->run_once(now_unix());
    std::unique_lock lock(wake_mutex_);
    // Woken by a commit; otherwise a retry that came due is picked up within a second.
    wake_.wait_for(lock, std::chrono::seconds(1), [&] { return wake_pending_ || stop.load(); });
    wake_pending_ = false;
  }
}

void Daemon::run(const std::atomic<bool>& stop) {
  std::mutex mutex;
  std::condition_variable work_ready;
  std::deque<std::size_t> queue;    // indexes of due sources
  std::set<std::size_t> in_flight;  // queued or being polled
  std::vector<UnixTime> next_due(config_.sources.size(), 0);
  for (std::size_t i = 0; i < config_.sources.size(); ++i) {
    auto state = store_->source_state(config_.sources[i].name);
    if (state) next_due[i] = state->next_attempt_at;
  }

  auto worker = [&] {
    while (true) {
      std::size_t index;
      {
        std::unique_lock lock(mutex);
        work_ready.wait_for(lock, kTick, [&] { return !queue.empty() || stop.load(); });
        if (stop.load()) return;
        if (queue.empty()) continue;
        index = queue.front();
        queue.pop_front();
      }
      const Source& source = config_.sources[index];
      poll(source, stop);
      auto state = store_->source_state(source.name);
      std::lock_guard lock(mutex);
      next_due[index] = state ? state->next_attempt_at : now_unix() + source.interval.count();
      in_flight.erase(index);
    }
  };

  std::vector<std::thread> threads;
  for (int i = 0; i < std::max(1, config_.workers); ++i) threads.emplace_back(worker);
  std::thread dispatcher([&] { dispatch_loop(stop); });

  while (!stop.load()) {
    {
      std::lock_guard lock(mutex);
      const UnixTime now = now_unix();
      for (std::size_t i = 0; i < config_.sources.size(); ++i) {
        if (next_due[i] <= now && !in_flight.contains(i)) {
          in_flight.insert(i);
          queue.push_back(i);
        }
      }
    }
    work_ready.notify_all();
    std::this_thread::sleep_for(kTick);
  }

  work_ready.notify_all();
  for (std::thread& t : threads) t.join();
  wake_dispatcher();
  dispatcher.join();
  spdlog::info("stopped: polls in flight committed");
}

}  // namespace headlined::daemon
