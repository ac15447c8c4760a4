#include "migrate_plan.hpp"

namespace headlined::store::migration {

namespace {

constexpr Kind I = Kind::Integer;
constexpr Kind T = Kind::Text;
constexpr Kind B = Kind::Bytes;

}  // namespace

const std::vector<TablePlan>& copied_tables() {
  static const std::vector<TablePlan> plans = {
      // Source state: due times, validators, failures, discovery and the adaptive interval.
      {"sources",
       "sources t",
       "t.rowid",
       {{"name", T},
        {"url", T},
        {"kind", T},
        {"etag", T},
        {"last_modified", T},
        {"last_success", I},
        {"last_error", T},
        {"consecutive_failures", I},
        {"next_attempt_at", I},
        {"discovered_kind", T},
        {"discovered_url", T},
        {"discovered_reason", T},
        {"poll_interval", I},
        {"poll_reason", T}}},
      // The raw page is in snapshot_pages, or still in the row for a row stored before that
      // table and not moved yet (raw_pages.cpp): the same choice as SQLite's own reads.
      {"snapshots",
       "snapshots t LEFT JOIN snapshot_pages p ON p.snapshot_id = t.id",
       "t.id",
       {{"id", I},
        {"url", T},
        {"original_url", T},
        {"source_name", T},
        {"title", T},
        {"subtitle", T},
        {"byline", T},
        {"attribution", T},
        {"published", T},
        {"body", T},
        {"raw_page", B, "CASE WHEN p.snapshot_id IS NULL THEN t.raw_page ELSE p.raw_page END"},
        {"charset", T},
        {"fetched_at", I},
        {"url_hash", T}},
       true,
       "id"},
      // PostgreSQL numbers matches itself (SQLite's have no id column).
      {"matches",
       "matches t",
       "t.rowid",
       {{"snapshot_id", I}, {"subscription", T}, {"terms", T}, {"snippet", T}}},
      {"story_members",
       "story_members t",
       "t.snapshot_id",
       {{"snapshot_id", I}, {"story_id", I}, {"fetched_at", I}, {"shingles", I}, {"sketch", B}}},
      {"story_bands",
       "story_bands t",
       "t.band_key, t.snapshot_id",
       {{"band_key", I}, {"snapshot_id", I}}},
      // The outbox with everything a send depends on: the delivery's own key and the batch
      // key it was claimed under, state, attempts, due time, digest window, send time (what
      // a rate limit counts) and any claim by a node.
      {"deliveries",
       "deliveries t",
       "t.id",
       {{"id", I},
        {"snapshot_id", I},
        {"subscription", T},
        {"channel", T},
        {"status", T},
        {"attempts", I},
        {"next_attempt_at", I},
        {"last_error", T},
        {"created_at", I},
        {"sent_at", I},
        {"batch_key", T},
        {"window_end", I},
        {"key", T},
        {"claimed_by", T},
        {"claim_expires_ms", I}},
       false,
       "id"},
      {"tombstones",
       "tombstones t",
       "t.rowid",
       {{"url", T},
        {"kind", T},
        {"reason", T},
        {"created_at", I},
        {"snapshot_id", I},
        {"url_hash", T}}},
      // Channels disabled by their receiver.
      {"channel_state",
       "channel_state t",
       "t.rowid",
       {{"channel", T}, {"disabled_reason", T}, {"disabled_url", T}, {"disabled_at", I}}},
      {"takedown_requests",
       "takedown_requests t",
       "t.id",
       {{"id", I}, {"url", T}, {"contact", T}, {"reason", T}, {"client", T}, {"created_at", I}},
       false,
       "id"},
      {"websub_subscriptions",
       "websub_subscriptions t",
       "t.rowid",
       {{"source_name", T},
        {"hub", T},
        {"topic", T},
        {"callback_token", T},
        {"secret", T},
        {"state", T},
        {"requested_at", I},
        {"lease_expires", I},
        {"last_error", T},
        {"retry_at", I}}},
  };
  return plans;
}

const char* left_out_reason(std::string_view table) {
  // SQLite's own tables (sqlite_sequence, sqlite_stat1, ...).
  if (table.starts_with("sqlite_")) return "SQLite's own";
  // The FTS5 table and its shadow tables, and the indexer's queue: PostgreSQL keeps each
  // snapshot's search tokens in its row, derived again from the text.
  if (table.starts_with("snapshots_fts")) return "the search index (rebuilt from the text)";
  if (table == "snapshot_pages") return "copied into snapshots.raw_page";
  if (table == "raw_page_moves") return "the raw-page move (nothing to move on PostgreSQL)";
  if (table == "write_probe") return "always empty";
  // A counter that tells the SQLite writer's story cache a member was deleted or changed;
  // PostgreSQL's writer keeps no such cache.
  if (table == "story_member_changes") return "the SQLite story cache's change counter";
  // Running nodes' state: a stopped daemon holds nothing that matters, and each node
  // records itself again when it starts on the new database.
  if (table == "nodes") return "heartbeats of running nodes";
  if (table == "leases") return "leases of running nodes";
  return nullptr;
}

}  // namespace headlined::store::migration
