#pragma once
// The writer's copy of the newest story members (docs/stories.md, "The writer's cache"): their
// sketches, stories and band keys, so the story step finds candidates under a band key shared
// by many articles without walking the band index and reading each candidate's sketch.
//
// The store stays the truth. The cache holds *every* member whose snapshot id lies in
// (floor, watermark], and nothing else, so for a band key the newest candidates it lists are
// exactly the newest the store would list, as far as it has them; below the floor the store is
// asked. Keeping that true is the caller's job (stories.cpp): it brings the cache up to date at
// the start of each write transaction (members other connections or nodes added since have
// higher ids; a deletion anywhere is counted by a trigger, and a changed count empties the
// cache), and undoes what a failed article or transaction added.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <unordered_map>
#include <vector>

#include "headlined/core/types.hpp"

namespace headlined::store {

class StoryCache {
 public:
  struct Member {
    std::int64_t id = 0;
    std::int64_t story_id = 0;
    UnixTime fetched_at = 0;
    // As the store gives it back: kSketchSize values, or empty for a sketch of another length.
    std::vector<std::uint32_t> sketch;
    std::vector<std::int64_t> band_keys;  // distinct, as story_bands holds them
  };

  // About 1.5 KB a member with its band-key entries: the default keeps the cache near 12 MB.
  static constexpr std::size_t kDefaultCapacity = 8192;

  explicit StoryCache(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}

  // Empty and unprimed: the next transaction starts over from the store.
  void reset();
  bool primed() const { return primed_; }
  // Starts empty with every member up to `watermark` (the store's highest member id) left to
  // the store, which is asked below the floor; `changes` is the store's count of deleted or
  // changed members at that moment (story_member_changes).
  void prime(std::int64_t watermark, std::int64_t changes);
  std::int64_t changes() const { return changes_; }

  // The highest member id the cache has seen; members above it are not in the cache yet.
  std::int64_t watermark() const { return watermark_; }
  // Members at or below the floor are not in the cache (never loaded, or evicted).
  std::int64_t floor() const { return floor_; }

  // Adds the newest member (its id above the watermark), evicting the oldest beyond capacity.
  void add(Member member);
  // Forgets members above `watermark` (an article whose savepoint was rolled back).
  void truncate_above(std::int64_t watermark);

  // Appends to `out` the newest members under band key `key`, newest first, fetched at or after
  // `since` and other than `self`, at most `limit`; returns how many it appended.
  int newest_under(std::int64_t key, std::int64_t self, UnixTime since, int limit,
                   std::vector<const Member*>& out) const;
  // Whether the store may hold a member below the floor fetched at or after `since`.
  bool store_may_hold_older(UnixTime since) const;

  std::size_t size() const { return members_.size(); }

 private:
  const Member* find(std::int64_t id) const;
  void evict_oldest();

  std::size_t capacity_;
  bool primed_ = false;
  std::int64_t changes_ = 0;
  std::int64_t watermark_ = 0;
  std::int64_t floor_ = 0;
  // Newest fetch time among members at or below the floor, when known: nullopt while members
  // stored before the cache was primed are among them (their times were never read).
  std::optional<UnixTime> older_fetched_at_;
  std::deque<Member> members_;  // ascending ids
  // Band key -> member ids, ascending; `start` skips evicted ones until the next compaction.
  struct Ids {
    std::vector<std::int64_t> ids;
    std::size_t start = 0;
  };
  std::unordered_map<std::int64_t, Ids> by_key_;
};

}  // namespace headlined::store
