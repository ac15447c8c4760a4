#pragma once
// The I/O thread behind a Fetcher: one libcurl multi handle running every transfer, and the
// scheduler deciding which waiting fetch may start (global and per-host limits, per-host
// delay, robots.txt), which failure is retried when, and which fetch was cancelled.
// Private to fetch.

#include <curl/curl.h>

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "headlined/fetch/fetcher.hpp"
#include "headlined/fetch/robots.hpp"
#include "transfer.hpp"

namespace headlined::fetch {

class FetchEngine {
 public:
  explicit FetchEngine(CrawlPolicy policy);
  ~FetchEngine();
  FetchEngine(const FetchEngine&) = delete;
  FetchEngine& operator=(const FetchEngine&) = delete;

  // Thread-safe; `done` is called on the I/O thread.
  void submit(std::string url, FetchOptions options, Fetcher::Done done);

 private:
  using Clock = std::chrono::steady_clock;
  enum class RobotsState { Unknown, Fetching, Known };
  struct Host {
    std::deque<detail::Job> waiting;
    int active = 0;
    Clock::time_point next_start{};
    RobotsState robots_state = RobotsState::Unknown;
    RobotsTxt robots;
    Clock::time_point robots_expires{};
  };

  void run();
  void take_submitted();
  void enqueue(detail::Job job);
  void release_due_retries(Clock::time_point now);
  void drop_cancelled();
  void start_ready(Clock::time_point now);
  bool start_transfer(detail::Job job, bool robots);
  void finish(CURL* easy, CURLcode code);
  void finish_robots(detail::Transfer& transfer, CURLcode code);
  void finish_fetch(detail::Transfer& transfer, CURLcode code);
  // Schedules another attempt after `wait` when attempts remain; false otherwise.
  bool retry_later(detail::Job& job, std::chrono::milliseconds wait);
  void complete(detail::Job& job, Result<Response> result);
  void release_easy(CURL* easy);
  void fail_everything(const std::string& why);
  std::chrono::milliseconds delay_for(const Host& host, const detail::Job& job) const;
  int wait_timeout_ms(Clock::time_point now) const;

  CrawlPolicy policy_;
  CURLM* multi_ = nullptr;

  std::mutex mutex_;  // guards submitted_ and stopping_
  std::vector<detail::Job> submitted_;
  bool stopping_ = false;

  // Owned by the I/O thread alone.
  std::unordered_map<std::string, Host> hosts_;
  std::multimap<Clock::time_point, detail::Job> retries_;
  std::unordered_map<CURL*, std::unique_ptr<detail::Transfer>> active_;
  std::vector<CURL*> spare_easies_;
  std::size_t waiting_count_ = 0;
  Clock::time_point last_sweep_{};

  std::thread thread_;
};

}  // namespace headlined::fetch
