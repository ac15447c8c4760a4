#include "page_cache.hpp"

namespace headlined::web {

namespace {

std::size_t cost(const CachedPage& page) {
  // The text and the bookkeeping around it (map node, list node, control block).
  return page.gzipped.size() + page.etag.size() + 128;
}

}  // namespace

std::shared_ptr<const CachedPage> PageCache::find(std::int64_t id,
                                                  const store::SnapshotPageState& state) {
  std::lock_guard lock(mutex_);
  auto it = slots_.find(id);
  if (it == slots_.end()) return nullptr;
  if (!(it->second.page->state == state)) {
    erase_locked(it);
    return nullptr;
  }
  order_.splice(order_.begin(), order_, it->second.position);
  return it->second.page;
}

void PageCache::put(std::int64_t id, std::shared_ptr<const CachedPage> page) {
  if (!page || cost(*page) > max_bytes_ / 4) return;  // none fills the cache alone
  std::lock_guard lock(mutex_);
  if (auto it = slots_.find(id); it != slots_.end()) erase_locked(it);
  bytes_ += cost(*page);
  order_.push_front(id);
  slots_.emplace(id, Slot{std::move(page), order_.begin()});
  while (bytes_ > max_bytes_ && !order_.empty()) erase_locked(slots_.find(order_.back()));
}

void PageCache::erase(std::int64_t id) {
  std::lock_guard lock(mutex_);
  if (auto it = slots_.find(id); it != slots_.end()) erase_locked(it);
}

void PageCache::erase_locked(std::unordered_map<std::int64_t, Slot>::iterator it) {
  bytes_ -= cost(*it->second.page);
  order_.erase(it->second.position);
  slots_.erase(it);
}

}  // namespace headlined::web
