#pragma once
// What SqliteStore and PgStore share: SQL both databases accept, the names stored in text
// columns, batch sizes and caps. One copy here so the two backends cannot drift apart.

#include <cstdint>

#include "headlined/core/types.hpp"
#include "headlined/store/store.hpp"

namespace headlined::store {

// The outbox's deliveries with the terms and snippet of the match that caused them, in
// Delivery's order.
inline constexpr const char* kSelectDelivery =
    "SELECT d.id, d.snapshot_id, d.subscription, d.channel, d.status, d.attempts, "
    "d.next_attempt_at, d.last_error, d.created_at, d.sent_at, m.terms, m.snippet, "
    "d.batch_key, d.window_end, d.key "
    "FROM deliveries d LEFT JOIN matches m "
    "ON m.snapshot_id = d.snapshot_id AND m.subscription = d.subscription";

// A source's stored state, in SourceState's order.
inline constexpr const char* kSelectSourceState =
    "SELECT name, url, etag, last_modified, last_success, last_error, consecutive_failures, "
    "next_attempt_at, discovered_kind, discovered_url, discovered_reason, poll_interval, "
    "poll_reason FROM sources";

// Snapshots removed per transaction by retention and takedown purges: each batch is its own
// short transaction, so the daemon's writer waits at most one batch, and a story's head
// stays while a copy of it is stored.
inline constexpr std::int64_t kPurgeBatchSize = 200;

// Story candidates per band key, newest first. A key that many bodies share comes from text
// they all carry (a site's standing note); capping it keeps one lookup's cost bounded whatever
// the store's size, at the price of not finding copies behind that many others.
inline constexpr int kCandidatesPerBand = 32;

inline const char* source_kind_name(SourceKind kind) {
  if (kind == SourceKind::Auto) return "auto";  // the poll finds out (feed discovery)
  return kind == SourceKind::Feed ? "feed" : "list_page";
}

inline const char* lease_kind_name(LeaseKind kind) {
  return kind == LeaseKind::Source ? "source" : "channel";
}

}  // namespace headlined::store
