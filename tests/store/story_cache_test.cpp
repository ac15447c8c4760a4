// The writer's story cache on its own (src/store/story_cache.hpp): what it lists under a band
// key, when it sends the lookup to the store below its floor, eviction and undo.

#include "../../src/store/story_cache.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace headlined::store {
namespace {

StoryCache::Member member(std::int64_t id, UnixTime at, std::vector<std::int64_t> keys) {
  return StoryCache::Member{id, id, at, {}, std::move(keys)};
}

std::vector<std::int64_t> ids_under(const StoryCache& cache, std::int64_t key, UnixTime since,
                                    int limit, std::int64_t self = 0) {
  std::vector<const StoryCache::Member*> found;
  const int n = cache.newest_under(key, self, since, limit, found);
  EXPECT_EQ(static_cast<std::size_t>(n), found.size());
  std::vector<std::int64_t> ids;
  for (const auto* m : found) ids.push_back(m->id);
  return ids;
}

TEST(StoryCache, ListsTheNewestMembersOfAKeyWithinTheWindow) {
  StoryCache cache;
  cache.prime(0, 0);
  cache.add(member(1, 100, {7, 8}));
  cache.add(member(2, 50, {7}));
  cache.add(member(3, 300, {7, 7}));  // a key twice is listed once, as story_bands holds it
  cache.add(member(4, 400, {9}));
  EXPECT_EQ(ids_under(cache, 7, 0, 32), (std::vector<std::int64_t>{3, 2, 1}));
  EXPECT_EQ(ids_under(cache, 7, 0, 2), (std::vector<std::int64_t>{3, 2}));
  EXPECT_EQ(ids_under(cache, 7, 100, 32), (std::vector<std::int64_t>{3, 1}));  // 2 is too old
  EXPECT_EQ(ids_under(cache, 7, 0, 32, 3), (std::vector<std::int64_t>{2, 1}));
  EXPECT_TRUE(ids_under(cache, 5, 0, 32).empty());
  // Primed on an empty store: nothing lies below the floor.
  EXPECT_EQ(cache.floor(), 0);
  EXPECT_FALSE(cache.store_may_hold_older(0));
}

TEST(StoryCache, PrimedOnAStoreWithMembersAsksTheStoreBelowItsFloor) {
  StoryCache cache;
  cache.prime(40, 3);
  EXPECT_EQ(cache.floor(), 40);
  EXPECT_EQ(cache.watermark(), 40);
  EXPECT_EQ(cache.changes(), 3);
  EXPECT_TRUE(cache.store_may_hold_older(1'000'000));  // their times were never read
  cache.add(member(41, 10, {1}));
  EXPECT_EQ(cache.watermark(), 41);
  EXPECT_EQ(ids_under(cache, 1, 0, 32), (std::vector<std::int64_t>{41}));
}

TEST(StoryCache, EvictsTheOldestAndRemembersHowNewTheEvictedWere) {
  StoryCache cache(3);
  cache.prime(0, 0);
  cache.add(member(1, 500, {7}));
  cache.add(member(2, 100, {7, 8}));
  cache.add(member(3, 300, {8}));
  cache.add(member(4, 200, {7}));  // evicts 1
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(cache.floor(), 1);
  EXPECT_EQ(ids_under(cache, 7, 0, 32), (std::vector<std::int64_t>{4, 2}));
  // Member 1 (fetched at 500) is in the store only now.
  EXPECT_TRUE(cache.store_may_hold_older(500));
  EXPECT_FALSE(cache.store_may_hold_older(501));
  cache.add(member(5, 50, {8}));  // evicts 2
  cache.add(member(6, 60, {8}));  // evicts 3
  EXPECT_EQ(cache.floor(), 3);
  EXPECT_EQ(ids_under(cache, 7, 0, 32), (std::vector<std::int64_t>{4}));
  EXPECT_EQ(ids_under(cache, 8, 0, 32), (std::vector<std::int64_t>{6, 5}));
  EXPECT_TRUE(cache.store_may_hold_older(500));
}

TEST(StoryCache, ForgetsWhatAnUndoneArticleAdded) {
  StoryCache cache;
  cache.prime(10, 0);
  cache.add(member(11, 100, {7}));
  const std::int64_t before = cache.watermark();
  cache.add(member(12, 100, {7, 8}));
  cache.truncate_above(before);
  EXPECT_EQ(cache.watermark(), 11);
  EXPECT_EQ(ids_under(cache, 7, 0, 32), (std::vector<std::int64_t>{11}));
  EXPECT_TRUE(ids_under(cache, 8, 0, 32).empty());
  cache.add(member(12, 100, {8}));  // the id is free again, as in the store
  EXPECT_EQ(ids_under(cache, 8, 0, 32), (std::vector<std::int64_t>{12}));
}

TEST(StoryCache, ResetLeavesItUnprimed) {
  StoryCache cache;
  cache.prime(0, 0);
  cache.add(member(1, 100, {7}));
  cache.reset();
  EXPECT_FALSE(cache.primed());
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_TRUE(ids_under(cache, 7, 0, 32).empty());
}

}  // namespace
}  // namespace headlined::store
