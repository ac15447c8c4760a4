#pragma once
// The story step of commit_article (docs/stories.md), run inside its transaction so a
// snapshot is never stored without its place in a story, nor a story alert sent twice.

#include <cstdint>
#include <string>

#include "headlined/core/error.hpp"
#include "headlined/core/types.hpp"
#include "store_impl.hpp"

namespace headlined::store {

// Brings the connection's story cache (story_cache.hpp) up to date with the store; call at
// the start of every write transaction that stores articles, before join_story.
Result<void> sync_story_cache(Connection& impl);
// Empties the cache after a write transaction that stored articles was rolled back.
void forget_story_cache(Connection& impl);

// Records the snapshot's signature and puts it in the story of the most resembling earlier
// snapshot within the story window (when one is the same story), else makes it a story's
// head. Returns the story id (the head's snapshot id); 0 when the snapshot has no signature.
Result<std::int64_t> join_story(Connection& impl, std::int64_t snapshot_id,
                                const Snapshot& snapshot);

// True when a copy of the story other than `snapshot_id` already matched `subscription`.
Result<bool> story_matched_before(Connection& impl, std::int64_t story_id, std::int64_t snapshot_id,
                                  const std::string& subscription);

}  // namespace headlined::store
