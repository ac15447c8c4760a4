#include "engine.hpp"

#include <algorithm>
#include <ctime>
#include <utility>

#include "curl_error.hpp"
#include "headlined/core/url.hpp"
#include "retry.hpp"

namespace headlined::fetch {

using detail::Job;
using detail::Transfer;

namespace {

// How often waiting and running fetches are checked for a set cancel flag.
constexpr auto kCancelCheck = std::chrono::milliseconds(50);
// A host's robots.txt that could not be read is asked for again this soon.
constexpr auto kRobotsRetry = std::chrono::seconds(60);
// Idle hosts (no fetch waiting or running, robots.txt expired) are forgotten this often.
constexpr auto kHostSweep = std::chrono::seconds(60);
constexpr std::size_t kSpareEasies = 64;

bool cancelled(const Job& job) {
  return job.options.cancel && job.options.cancel->load();
}

std::string with_attempts(std::string what, int attempts) {
  if (attempts > 1) what += " (after " + std::to_string(attempts) + " attempts)";
  return what;
}

std::string seconds_text(std::chrono::milliseconds d) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(d).count()) + " s";
}

}  // namespace

FetchEngine::FetchEngine(CrawlPolicy policy) : policy_(policy) {
  policy_.max_connections = std::max(1, policy_.max_connections);
  policy_.max_per_host = std::max(1, policy_.max_per_host);
  multi_ = curl_multi_init();
  if (!multi_) return;
  // Idle connections kept for reuse (keep-alive); HTTP/2 streams share one where offered.
  curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, static_cast<long>(policy_.max_connections) * 2);
  curl_multi_setopt(multi_, CURLMOPT_PIPELINING, static_cast<long>(CURLPIPE_MULTIPLEX));
  thread_ = std::thread([this] { run(); });
}

FetchEngine::~FetchEngine() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  if (multi_) curl_multi_wakeup(multi_);
  if (thread_.joinable()) thread_.join();
  for (CURL* easy : spare_easies_) curl_easy_cleanup(easy);
  if (multi_) curl_multi_cleanup(multi_);
}

void FetchEngine::submit(std::string url, FetchOptions options, Fetcher::Done done) {
  Job job;
  job.url = std::move(url);
  job.options = std::move(options);
  job.done = std::move(done);
  {
    std::lock_guard lock(mutex_);
    if (multi_ && !stopping_) {
      submitted_.push_back(std::move(job));
      curl_multi_wakeup(multi_);
      return;
    }
  }
  job.done(fail(multi_ ? "fetcher stopped" : "libcurl could not create a multi handle", job.url));
}

void FetchEngine::run() {
  auto last_cancel_check = Clock::now();
  while (true) {
    take_submitted();
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
    }
    Clock::time_point now = Clock::now();
    release_due_retries(now);
    if (now - last_cancel_check >= kCancelCheck) {
      drop_cancelled();
      last_cancel_check = now;
    }
    start_ready(now);
    int running = 0;
    curl_multi_perform(multi_, &running);
    int left = 0;
    bool finished_any = false;
    while (CURLMsg* message = curl_multi_info_read(multi_, &left)) {
      if (message->msg != CURLMSG_DONE) continue;
      finish(message->easy_handle, message->data.result);
      finished_any = true;
    }
    // A finished transfer frees a slot: go round again at once instead of sleeping.
    if (finished_any) continue;
    if (now - last_sweep_ >= kHostSweep) {
      std::erase_if(hosts_, [&](const auto& entry) {
        const Host& h = entry.second;
        return h.waiting.empty() && h.active == 0 && h.robots_state != RobotsState::Fetching &&
               h.robots_expires <= now && h.next_start <= now;
      });
      last_sweep_ = now;
    }
    curl_multi_poll(multi_, nullptr, 0, wait_timeout_ms(Clock::now()), nullptr);
  }
  fail_everything("fetcher stopped");
}

void FetchEngine::take_submitted() {
  std::vector<Job> jobs;
  {
    std::lock_guard lock(mutex_);
    jobs.swap(submitted_);
  }
  for (Job& job : jobs) enqueue(std::move(job));
}

void FetchEngine::enqueue(Job job) {
  auto url = Url::parse(job.url);
  if (!url || (url->scheme != "http" && url->scheme != "https")) {
    // Not crawlable: libcurl refuses it at once with the reason, no politeness needed.
    start_transfer(std::move(job), false);
    return;
  }
  const std::string port = url->port.empty() ? (url->scheme == "https" ? "443" : "80") : url->port;
  const std::string host =
      url->host.find(':') != std::string::npos ? "[" + url->host + "]" : url->host;
  job.host = url->scheme + "://" + host + ":" + port;
  job.path = url->path + (url->has_query ? "?" + url->query : "");
  hosts_[job.host].waiting.push_back(std::move(job));
  ++waiting_count_;
}

void FetchEngine::release_due_retries(Clock::time_point now) {
  while (!retries_.empty() && retries_.begin()->first <= now) {
    Job job = std::move(retries_.begin()->second);
    retries_.erase(retries_.begin());
    // A retry goes to the front: it has waited its turn already.
    hosts_[job.host].waiting.push_front(std::move(job));
    ++waiting_count_;
  }
}

void FetchEngine::drop_cancelled() {
  std::vector<CURL*> dropped;
  for (const auto& [easy, transfer] : active_)
    if (cancelled(transfer->job)) dropped.push_back(easy);
  for (CURL* easy : dropped) {
    auto it = active_.find(easy);
    std::unique_ptr<Transfer> transfer = std::move(it->second);
    active_.erase(it);
    curl_multi_remove_handle(multi_, easy);
    auto host = hosts_.find(transfer->job.host);
    if (host != hosts_.end()) {
      --host->second.active;
      if (transfer->robots) host->second.robots_state = RobotsState::Unknown;
    }
    if (!transfer->robots) complete(transfer->job, fail("cancelled (stopping)", transfer->job.url));
    release_easy(easy);
  }
  if (waiting_count_ > 0) {
    for (auto& [key, host] : hosts_) {
      for (auto it = host.waiting.begin(); it != host.waiting.end();) {
        if (!cancelled(*it)) {
          ++it;
          continue;
        }
        Job job = std::move(*it);
        it = host.waiting.erase(it);
        --waiting_count_;
        complete(job, fail("cancelled (stopping)", job.url));
      }
    }
  }
  for (auto it = retries_.begin(); it != retries_.end();) {
    if (!cancelled(it->second)) {
      ++it;
      continue;
    }
    Job job = std::move(it->second);
    it = retries_.erase(it);
    complete(job, fail("cancelled (stopping)", job.url));
  }
}

std::chrono::milliseconds FetchEngine::delay_for(const Host& host, const Job& job) const {
  std::chrono::milliseconds delay = policy_.host_delay;
  if (policy_.robots && host.robots_state == RobotsState::Known) {
    if (auto crawl_delay = host.robots.crawl_delay(job.options.user_agent))
      delay = std::max(delay, std::min(*crawl_delay, policy_.max_crawl_delay));
  }
  return delay;
}

void FetchEngine::start_ready(Clock::time_point now) {
  if (waiting_count_ == 0) return;
  const auto max_connections = static_cast<std::size_t>(policy_.max_connections);
  for (auto& [key, host] : hosts_) {
    while (!host.waiting.empty() && active_.size() < max_connections &&
           host.active < policy_.max_per_host && now >= host.next_start) {
      const Job& front = host.waiting.front();
      if (policy_.robots) {
        if (host.robots_state == RobotsState::Known && now >= host.robots_expires)
          host.robots_state = RobotsState::Unknown;
        if (host.robots_state == RobotsState::Fetching) break;
        if (host.robots_state == RobotsState::Unknown) {
          // robots.txt first, with the options (user agent, proxy, limits) of the fetch that
          // needs it; it counts as a request to the host like any other.
          Job robots;
          robots.url = key + "/robots.txt";
          robots.options = front.options;
          robots.options.if_none_match.clear();
          robots.options.if_modified_since.clear();
          robots.host = key;
          if (start_transfer(std::move(robots), true)) {
            host.robots_state = RobotsState::Fetching;
            ++host.active;
          } else {
            host.robots = RobotsTxt{};
            host.robots_state = RobotsState::Known;
            host.robots_expires = now + kRobotsRetry;
          }
          host.next_start = now + policy_.host_delay;
          break;
        }
        if (!host.robots.allowed(front.options.user_agent, front.path)) {
          Job job = std::move(host.waiting.front());
          host.waiting.pop_front();
          --waiting_count_;
          complete(job, fail_permanently("disallowed by robots.txt (user agent '" +
                                             job.options.user_agent + "')",
                                         job.url));
          continue;
        }
      }
      Job job = std::move(host.waiting.front());
      host.waiting.pop_front();
      --waiting_count_;
      host.next_start = now + delay_for(host, job);
      if (start_transfer(std::move(job), false)) ++host.active;
    }
  }
}

bool FetchEngine::start_transfer(Job job, bool robots) {
  CURL* easy = nullptr;
  if (!spare_easies_.empty()) {
    easy = spare_easies_.back();
    spare_easies_.pop_back();
  } else {
    easy = curl_easy_init();
  }
  if (!easy) {
    complete(job, fail("libcurl could not create a handle", job.url));
    return false;
  }
  auto transfer = std::make_unique<Transfer>();
  transfer->easy = easy;
  transfer->job = std::move(job);
  transfer->robots = robots;
  if (!detail::configure(*transfer)) {
    complete(transfer->job, fail("out of memory building request headers", transfer->job.url));
    release_easy(easy);
    return false;
  }
  if (curl_multi_add_handle(multi_, easy) != CURLM_OK) {
    complete(transfer->job, fail("libcurl refused the transfer", transfer->job.url));
    release_easy(easy);
    return false;
  }
  active_.emplace(easy, std::move(transfer));
  return true;
}

void FetchEngine::finish(CURL* easy, CURLcode code) {
  auto it = active_.find(easy);
  if (it == active_.end()) return;
  std::unique_ptr<Transfer> transfer = std::move(it->second);
  active_.erase(it);
  curl_multi_remove_handle(multi_, easy);
  if (auto host = hosts_.find(transfer->job.host); host != hosts_.end()) --host->second.active;
  if (transfer->robots) {
    finish_robots(*transfer, code);
  } else {
    finish_fetch(*transfer, code);
  }
  release_easy(easy);
}

void FetchEngine::finish_robots(Transfer& transfer, CURLcode code) {
  Host& host = hosts_[transfer.job.host];
  long status = 0;
  curl_easy_getinfo(transfer.easy, CURLINFO_RESPONSE_CODE, &status);
  const auto now = Clock::now();
  host.robots_state = RobotsState::Known;
  if (code == CURLE_OK && status >= 200 && status <= 299) {
    host.robots = RobotsTxt::parse(transfer.sink.bytes);
    host.robots_expires = now + policy_.robots_ttl;
  } else if (code == CURLE_OK && status >= 400 && status <= 499) {
    host.robots = RobotsTxt{};  // no robots.txt: everything is allowed
    host.robots_expires = now + policy_.robots_ttl;
  } else {
    // Unreachable or failing: the fetches go ahead (and report their own error); robots.txt
    // is asked for again soon.
    host.robots = RobotsTxt{};
    host.robots_expires = now + kRobotsRetry;
  }
}

void FetchEngine::finish_fetch(Transfer& transfer, CURLcode code) {
  Job& job = transfer.job;
  const FetchOptions& options = job.options;
  if (code != CURLE_OK && !transfer.blocked.empty()) {
    // Refused by the address policy: the same answer on every attempt, so never retried.
    complete(job, fail_permanently(transfer.blocked, job.url));
    return;
  }
  if (code == CURLE_OK) {
    Response response = detail::collect_response(transfer);
    const long status = response.status;
    if (status == 304 || (status >= 200 && status <= 299)) {
      if (status != 304 && transfer.sink.check_type &&
          !detail::is_wanted_content_type(response.content_type)) {
        complete(job, fail("content type '" + response.content_type +
                               "' is not fetched (only HTML, XML and JSON)",
                           job.url));
        return;
      }
      complete(job, std::move(response));
      return;
    }
    std::string what = "HTTP " + std::to_string(status);
    if (!response.url.empty() && response.url != job.url) what += " at " + response.url;
    if (detail::is_transient_status(status)) {
      const std::string header = detail::response_header(transfer.easy, "Retry-After");
      const auto after =
          header.empty() ? std::nullopt : detail::parse_retry_after(header, std::time(nullptr));
      if (after && *after > options.max_retry_wait) {
        complete(job, fail(with_attempts(what + " (Retry-After " + std::to_string(after->count()) +
                                             " s, longer than the " +
                                             seconds_text(options.max_retry_wait) + " waited for)",
                                         job.attempt + 1),
                           job.url));
        return;
      }
      const auto wait = after ? std::chrono::milliseconds(*after)
                              : detail::backoff_delay(job.attempt, options.retry_base);
      if (retry_later(job, wait)) return;
    }
    complete(job, fail(with_attempts(std::move(what), job.attempt + 1), job.url));
    return;
  }
  if (!transfer.sink.refused_type.empty()) {
    complete(job, fail("content type '" + transfer.sink.refused_type +
                           "' is not fetched (only HTML, XML and JSON)",
                       job.url));
    return;
  }
  if (code == CURLE_ABORTED_BY_CALLBACK) {
    complete(job, fail("cancelled (stopping)", job.url));
    return;
  }
  if (!transfer.sink.too_large && detail::is_transient_failure(code) &&
      retry_later(job, detail::backoff_delay(job.attempt, options.retry_base)))
    return;
  complete(job, fail(with_attempts(detail::describe_failure(transfer.easy, code, transfer.error,
                                                            options, transfer.sink.too_large),
                                   job.attempt + 1),
                     job.url));
}

bool FetchEngine::retry_later(Job& job, std::chrono::milliseconds wait) {
  if (job.host.empty() || job.attempt >= job.options.max_retries || cancelled(job)) return false;
  ++job.attempt;
  retries_.emplace(Clock::now() + wait, std::move(job));
  return true;
}

void FetchEngine::complete(Job& job, Result<Response> result) {
  if (job.done) job.done(std::move(result));
}

void FetchEngine::release_easy(CURL* easy) {
  if (spare_easies_.size() < kSpareEasies) {
    curl_easy_reset(easy);
    spare_easies_.push_back(easy);
  } else {
    curl_easy_cleanup(easy);
  }
}

void FetchEngine::fail_everything(const std::string& why) {
  for (auto& [easy, transfer] : active_) {
    curl_multi_remove_handle(multi_, easy);
    if (!transfer->robots) complete(transfer->job, fail(why, transfer->job.url));
    curl_easy_cleanup(easy);
  }
  active_.clear();
  for (auto& [key, host] : hosts_)
    for (Job& job : host.waiting) complete(job, fail(why, job.url));
  hosts_.clear();
  waiting_count_ = 0;
  for (auto& [due, job] : retries_) complete(job, fail(why, job.url));
  retries_.clear();
  std::vector<Job> late;
  {
    std::lock_guard lock(mutex_);
    late.swap(submitted_);
  }
  for (Job& job : late) complete(job, fail(why, job.url));
}

int FetchEngine::wait_timeout_ms(Clock::time_point now) const {
  const bool busy = !active_.empty() || waiting_count_ > 0 || !retries_.empty();
  Clock::time_point wake =
      now + (busy ? std::chrono::milliseconds(kCancelCheck) : std::chrono::milliseconds(1000));
  if (!retries_.empty()) wake = std::min(wake, retries_.begin()->first);
  if (waiting_count_ > 0) {
    for (const auto& [key, host] : hosts_)
      if (!host.waiting.empty() && host.next_start > now) wake = std::min(wake, host.next_start);
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(wake - now).count();
  return static_cast<int>(std::clamp<long long>(ms, 0, 1000));
}

}  // namespace headlined::fetch
