#pragma once
// The SQLite store: WAL, synchronous=FULL, busy_timeout, every write in BEGIN IMMEDIATE, a
// versioned schema migrated on open. No network I/O ever happens inside a transaction here:
// callers hand finished values in and get values out.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "headlined/core/error.hpp"
#include "headlined/core/types.hpp"

namespace headlined::store {

// What the daemon remembers about polling a source.
struct SourceState {
  std::string name;
  std::string url;
  std::string etag;
  std::string last_modified;
  std::optional<UnixTime> last_success;
  std::string last_error;
  int consecutive_failures = 0;
  UnixTime next_attempt_at = 0;
};

struct NewDelivery {
  std::string subscription;
  std::string channel;
};

class Store {
 public:
  static Result<std::unique_ptr<Store>> open(const std::string& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  int schema_version() const;

  // The value of a connection PRAGMA (e.g. "synchronous", "journal_mode") as text, for
  // diagnostics and tests: some settings are per connection and invisible from outside.
  // Only names made of [a-z_] are accepted.
  Result<std::string> pragma_value(const std::string& name) const;

  // Sources: registered from the config on start-up; fetch state survives restarts.
  // Upserting a source whose URL changed clears its etag/last_modified (they belonged to the
  // old URL). Poll success stores etag/last_modified exactly as given: "" clears them
  // (the daemon does so when a poll did not take in every article).
  Result<void> upsert_source(const Source& source);
  Result<SourceState> source_state(const std::string& name) const;
  Result<std::vector<SourceState>> source_states() const;
  Result<void> record_poll_success(const std::string& name, const std::string& etag,
                                   const std::string& last_modified, UnixTime now,
                                   UnixTime next_attempt_at);
  Result<void> record_poll_failure(const std::string& name, const std::string& error, UnixTime now,
                                   UnixTime next_attempt_at);

  // True when a snapshot with this canonical URL is already stored.
  Result<bool> has_snapshot_url(const std::string& canonical_url) const;

  // One transaction: the snapshot, its matches, and one pending delivery per entry of
  // `deliveries` (due now). Returns the snapshot id; when the URL is already stored, nothing
  // is written and the existing id is returned with `*inserted = false`.
  Result<std::int64_t> commit_article(const Snapshot& snapshot, const std::vector<Match>& matches,
                                      const std::vector<NewDelivery>& deliveries,
                                      bool* inserted = nullptr);

  Result<std::optional<Snapshot>> snapshot_by_id(std::int64_t id) const;
  Result<std::optional<Snapshot>> snapshot_by_url(const std::string& canonical_url) const;
  Result<std::vector<Match>> matches_for(std::int64_t snapshot_id) const;

  // Outbox. Pending deliveries whose next_attempt_at <= now, the longest-due first (then by
  // id). New deliveries are due at the snapshot's fetched_at (never later than the clock).
  Result<std::vector<Delivery>> due_deliveries(UnixTime now, int limit) const;
  Result<void> mark_sent(std::int64_t delivery_id, UnixTime now);
  // Both count one attempt. mark_sent on an already sent delivery is a no-op; mark_failed
  // only touches a pending one. An unknown id is an error.
  // Records the error and the attempt; `dead` ends retrying.
  Result<void> mark_failed(std::int64_t delivery_id, const std::string& error,
                           UnixTime next_attempt_at, bool dead);
  Result<std::vector<Delivery>> deliveries(std::optional<DeliveryStatus> status = {}) const;
  // The earliest next_attempt_at of a pending delivery, for the dispatcher's sleep.
  Result<std::optional<UnixTime>> next_due_delivery() const;

 private:
  struct Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace headlined::store
