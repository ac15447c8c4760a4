#include "story_cache.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace headlined::store {

void StoryCache::reset() {
  primed_ = false;
  changes_ = 0;
  watermark_ = 0;
  floor_ = 0;
  older_fetched_at_.reset();
  members_.clear();
  by_key_.clear();
}

void StoryCache::prime(std::int64_t watermark, std::int64_t changes) {
  reset();
  primed_ = true;
  changes_ = changes;
  watermark_ = watermark;
  floor_ = watermark;
  // An empty store has nothing below the floor: the lowest time stands for "none".
  if (watermark == 0) older_fetched_at_ = std::numeric_limits<UnixTime>::min();
}

void StoryCache::add(Member member) {
  std::sort(member.band_keys.begin(), member.band_keys.end());
  member.band_keys.erase(std::unique(member.band_keys.begin(), member.band_keys.end()),
                         member.band_keys.end());
  for (std::int64_t key : member.band_keys) by_key_[key].ids.push_back(member.id);
  watermark_ = member.id;
  members_.push_back(std::move(member));
  while (members_.size() > capacity_) evict_oldest();
}

void StoryCache::evict_oldest() {
  const Member& oldest = members_.front();
  for (std::int64_t key : oldest.band_keys) {
    auto it = by_key_.find(key);
    Ids& list = it->second;
    ++list.start;  // the oldest member is the first live id of every list it is in
    if (list.start == list.ids.size()) {
      by_key_.erase(it);
    } else if (list.start * 2 > list.ids.size()) {
      list.ids.erase(list.ids.begin(), list.ids.begin() + static_cast<std::ptrdiff_t>(list.start));
      list.start = 0;
    }
  }
  floor_ = oldest.id;
  if (older_fetched_at_) older_fetched_at_ = std::max(*older_fetched_at_, oldest.fetched_at);
  members_.pop_front();
}

void StoryCache::truncate_above(std::int64_t watermark) {
  while (!members_.empty() && members_.back().id > watermark) {
    const Member& newest = members_.back();
    for (std::int64_t key : newest.band_keys) {
      auto it = by_key_.find(key);
      it->second.ids.pop_back();
      if (it->second.ids.size() == it->second.start) by_key_.erase(it);
    }
    members_.pop_back();
  }
  watermark_ = std::max(floor_, std::min(watermark_, watermark));
}

const StoryCache::Member* StoryCache::find(std::int64_t id) const {
  auto it = std::lower_bound(members_.begin(), members_.end(), id,
                             [](const Member& m, std::int64_t v) { return m.id < v; });
  return it != members_.end() && it->id == id ? &*it : nullptr;
}

int StoryCache::newest_under(std::int64_t key, std::int64_t self, UnixTime since, int limit,
                             std::vector<const Member*>& out) const {
  auto it = by_key_.find(key);
  if (it == by_key_.end()) return 0;
  const Ids& list = it->second;
  int found = 0;
  for (std::size_t i = list.ids.size(); i > list.start && found < limit; --i) {
    const Member* m = find(list.ids[i - 1]);
    if (!m || m->id == self || m->fetched_at < since) continue;
    out.push_back(m);
    ++found;
  }
  return found;
}

bool StoryCache::store_may_hold_older(UnixTime since) const {
  return !older_fetched_at_ || *older_fetched_at_ >= since;
}

}  // namespace headlined::store
