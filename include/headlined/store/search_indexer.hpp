#pragma once
// The background step that writes the search index (docs/architecture.md, "Search index").
// The articles' transactions only queue each new snapshot (a one-row insert); this thread
// moves the queue into the FTS index in batches, each one transaction on the store's
// connection (so it takes turns with the article writer rather than racing it for the
// database's write lock). A snapshot is indexed at most `max_delay` after it was stored, or
// sooner once `large_batch` wait. Until then search() reads queued snapshots directly, so a
// lag never hides anything; a crash leaves the queue in the database, and the next start
// indexes it (index_all_pending) before the daemon reports ready.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "headlined/store/store.hpp"

namespace headlined::store {

struct SearchIndexOptions {
  std::chrono::milliseconds check_every{200};  // how often the queue is looked at
  std::chrono::milliseconds max_delay{1000};   // the oldest queued snapshot is indexed by then
  std::int64_t large_batch = 256;              // ... or as soon as this many are queued
  // At most this many per transaction: the article writer waits for one batch at most.
  std::int64_t max_batch = 2000;
};

// Counters for the metrics, read from any thread.
struct SearchIndexStats {
  std::uint64_t indexed = 0;  // snapshots indexed since start
  std::uint64_t batches = 0;  // their transactions
  std::uint64_t failures = 0;
};

// Indexes every queued snapshot, `batch` per transaction; returns how many. The catch-up
// after a crash, and what the indexer does before it ends.
Result<std::int64_t> index_all_pending(Store& store, std::int64_t batch = 2000);

class SearchIndexer {
 public:
  using OnError = std::function<void(const Error&)>;

  // `on_error` hears of a batch that failed (it is tried again at the next check).
  SearchIndexer(Store& store, SearchIndexOptions options = {}, OnError on_error = {});
  // Indexes everything still queued (what the article writer committed before it ended), then
  // ends the thread.
  ~SearchIndexer();
  SearchIndexer(const SearchIndexer&) = delete;
  SearchIndexer& operator=(const SearchIndexer&) = delete;

  SearchIndexStats stats() const;

 private:
  void run();
  // Indexes the queue when it is due (old or large enough); false when a batch failed.
  bool index_if_due();
  std::optional<std::int64_t> index_batch();

  Store& store_;
  const SearchIndexOptions options_;
  const OnError on_error_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  SearchIndexStats stats_;
  std::thread thread_;  // last: starts once the rest is set up
};

}  // namespace headlined::store
