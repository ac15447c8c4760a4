#include "headlined/store/search_indexer.hpp"

#include <pthread.h>

#include <optional>
#include <utility>

namespace headlined::store {

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<std::int64_t> index_all_pending(Store& store, std::int64_t batch) {
  std::int64_t total = 0;
  for (;;) {
    auto indexed = store.index_pending(batch);
    if (!indexed) return std::unexpected(indexed.error());
    total += *indexed;
    if (*indexed < batch) return total;
  }
}

SearchIndexer::SearchIndexer(Store& store, SearchIndexOptions options, OnError on_error)
    : store_(store),
      options_(options),
      on_error_(std::move(on_error)),
      thread_([this] { run(); }) {}

SearchIndexer::~SearchIndexer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

SearchIndexStats SearchIndexer::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

void SearchIndexer::run() {
  pthread_setname_np(pthread_self(), "hl-indexer");  // for `top -H` and the benchmarks
  for (;;) {
    bool stopping = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, options_.check_every, [&] { return stopping_; });
      stopping = stopping_;
    }
    if (stopping) {
      // The writer has ended (it is destroyed first): its last groups are queued now.
      for (auto n = index_batch(); n && *n >= options_.max_batch; n = index_batch()) {
      }
      return;
    }
    (void)index_if_due();
  }
}

bool SearchIndexer::index_if_due() {
  auto backlog = store_.search_backlog();
  if (!backlog) {
    if (on_error_) on_error_(backlog.error());
    return false;
  }
  if (backlog->snapshots == 0) return true;
  const bool old_enough = backlog->oldest_stored_at_ms &&
                          now_ms() - *backlog->oldest_stored_at_ms >= options_.max_delay.count();
  if (!old_enough && backlog->snapshots < options_.large_batch) return true;
  // Everything queued now, in batches; what arrives meanwhile waits for its own turn.
  for (std::int64_t left = backlog->snapshots; left > 0; left -= options_.max_batch) {
    auto n = index_batch();
    if (!n) return false;
    if (*n < options_.max_batch) break;
  }
  return true;
}

// One transaction; how many it indexed (a full batch: there may be more), nothing when it
// failed.
std::optional<std::int64_t> SearchIndexer::index_batch() {
  auto indexed = store_.index_pending(options_.max_batch);
  if (!indexed) {
    {
      std::lock_guard lock(mutex_);
      ++stats_.failures;
    }
    if (on_error_) on_error_(indexed.error());
    return std::nullopt;
  }
  std::lock_guard lock(mutex_);
  if (*indexed > 0) {
    ++stats_.batches;
    stats_.indexed += static_cast<std::uint64_t>(*indexed);
  }
  return *indexed;
}

}  // namespace headlined::store
