#include "headlined/fetch/fetcher.hpp"

#include <curl/curl.h>

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <utility>

#include "engine.hpp"
#include "headlined/text/charset.hpp"

namespace headlined::fetch {

namespace {

// curl_global_init is not thread-safe and must run before any handle exists; fetchers are
// created on several threads, so it runs exactly once here and is never undone.
CURLcode global_init() {
  static std::once_flag once;
  static CURLcode result = CURLE_OK;
  std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
  return result;
}

}  // namespace

Fetcher::Fetcher(FetchOptions defaults, CrawlPolicy policy)
    : defaults_(std::move(defaults)), policy_(policy) {
  global_init();
  engine_ = std::make_unique<FetchEngine>(policy_);
}

Fetcher::~Fetcher() = default;

Result<Response> Fetcher::get(const std::string& url) const {
  return get(url, defaults_);
}

Result<Response> Fetcher::get(const std::string& url, const FetchOptions& options) const {
  if (const CURLcode init = global_init(); init != CURLE_OK)
    return fail(std::string("libcurl init failed: ") + curl_easy_strerror(init), url);
  std::promise<Result<Response>> promise;
  std::future<Result<Response>> future = promise.get_future();
  engine_->submit(url, options,
                  [&promise](Result<Response> result) { promise.set_value(std::move(result)); });
  Result<Response> result = future.get();
  if (result) decode_body(*result);
  return result;
}

void Fetcher::submit(const std::string& url, const FetchOptions& options, Done done) const {
  engine_->submit(url, options, std::move(done));
}

void decode_body(Response& response) {
  if (response.not_modified) return;
  text::Decoded decoded = text::decode_to_utf8(response.raw_body, response.content_type);
  response.body = std::move(decoded.utf8);
  response.charset = std::move(decoded.charset);
}

struct FetchBatch::State {
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<Completed> done;
};

FetchBatch::FetchBatch(const Fetcher& fetcher)
    : fetcher_(fetcher), state_(std::make_shared<State>()) {}

// Fetches still running keep the state alive through their callbacks and drop their result.
FetchBatch::~FetchBatch() = default;

void FetchBatch::add(const std::string& url, const FetchOptions& options, std::size_t tag) {
  ++outstanding_;
  const auto started = std::chrono::steady_clock::now();
  fetcher_.submit(url, options, [state = state_, tag, started](Result<Response> result) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    {
      std::lock_guard lock(state->mutex);
      state->done.push_back(Completed{tag, std::move(result), seconds});
    }
    state->ready.notify_one();
  });
}

std::optional<FetchBatch::Completed> FetchBatch::next() {
  if (outstanding_ == 0) return std::nullopt;
  std::unique_lock lock(state_->mutex);
  state_->ready.wait(lock, [&] { return !state_->done.empty(); });
  Completed completed = std::move(state_->done.front());
  state_->done.pop_front();
  lock.unlock();
  --outstanding_;
  if (completed.response) decode_body(*completed.response);
  return completed;
}

}  // namespace headlined::fetch
