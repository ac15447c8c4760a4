#pragma once
// Rendered snapshot pages, gzipped, by snapshot id. A stored snapshot never changes, so its
// page changes only when a copy of its story joins or leaves, or when it is taken down or
// purged; each request asks the store for that state (index lookups, no text) and uses a
// cached page only when the state is the one it was rendered for, so a takedown answers
// 410 at once. Bounded by bytes; the least recently used pages go first.

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "headlined/store/store.hpp"

namespace headlined::web {

struct CachedPage {
  store::SnapshotPageState state;  // what it was rendered for
  std::string etag;                // of the plain HTML, as an uncached answer has it
  std::string gzipped;             // the whole page, gzip-encoded
};

class PageCache {
 public:
  // max_bytes 0: nothing is kept.
  explicit PageCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  // The page for `id` if it was rendered for `state`; a page for another state is dropped.
  std::shared_ptr<const CachedPage> find(std::int64_t id, const store::SnapshotPageState& state);
  void put(std::int64_t id, std::shared_ptr<const CachedPage> page);
  void erase(std::int64_t id);
  bool enabled() const { return max_bytes_ > 0; }

 private:
  using Order = std::list<std::int64_t>;  // most recently used first
  struct Slot {
    std::shared_ptr<const CachedPage> page;
    Order::iterator position;
  };
  void erase_locked(std::unordered_map<std::int64_t, Slot>::iterator it);

  const std::size_t max_bytes_;
  std::mutex mutex_;
  std::unordered_map<std::int64_t, Slot> slots_;
  Order order_;
  std::size_t bytes_ = 0;
};

}  // namespace headlined::web
