#include "schema.hpp"

#include <array>
#include <string>

namespace headlined::store {

namespace {

// Migration N (1-based) takes the schema from version N-1 to N. Append only: a released
// migration never changes, since databases in the field have already run it.
constexpr std::array kMigrations = {
    // 1: sources, snapshots, matches and the delivery outbox.
    R"sql(
CREATE TABLE sources (
  name TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  kind TEXT NOT NULL,
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  last_success INTEGER,
  last_error TEXT NOT NULL DEFAULT '',
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE snapshots (
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL UNIQUE,
  original_url TEXT NOT NULL,
  source_name TEXT NOT NULL,
  title TEXT NOT NULL,
  subtitle TEXT NOT NULL,
  byline TEXT NOT NULL,
  attribution TEXT NOT NULL,
  published TEXT NOT NULL,
  body TEXT NOT NULL,
  raw_page BLOB NOT NULL,
  charset TEXT NOT NULL,
  fetched_at INTEGER NOT NULL
);
CREATE TABLE matches (
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  subscription TEXT NOT NULL,
  terms TEXT NOT NULL,
  snippet TEXT NOT NULL,
  UNIQUE (snapshot_id, subscription)
);
CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY,
  snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  subscription TEXT NOT NULL,
  channel TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'dead')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  UNIQUE (snapshot_id, subscription, channel)
);
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
)sql",
    // 2: full-text search over snapshots (trigram, so Chinese without spaces is searchable),
    // kept in step by triggers so no writer can forget it; tombstones of URLs that must never
    // be collected again (takedowns) or not soon again (purged by retention); an index for
    // retention by fetch time. The FTS index is backfilled from the snapshots already stored.
    R"sql(
CREATE VIRTUAL TABLE snapshots_fts USING fts5(
  title, subtitle, byline, attribution, body,
  content = 'snapshots', content_rowid = 'id', tokenize = 'trigram'
);
CREATE TRIGGER snapshots_fts_insert AFTER INSERT ON snapshots BEGIN
  INSERT INTO snapshots_fts (rowid, title, subtitle, byline, attribution, body)
  VALUES (new.id, new.title, new.subtitle, new.byline, new.attribution, new.body);
END;
CREATE TRIGGER snapshots_fts_delete AFTER DELETE ON snapshots BEGIN
  INSERT INTO snapshots_fts (snapshots_fts, rowid, title, subtitle, byline, attribution, body)
  VALUES ('delete', old.id, old.title, old.subtitle, old.byline, old.attribution, old.body);
END;
CREATE TRIGGER snapshots_fts_update
AFTER UPDATE OF title, subtitle, byline, attribution, body ON snapshots BEGIN
  INSERT INTO snapshots_fts (snapshots_fts, rowid, title, subtitle, byline, attribution, body)
  VALUES ('delete', old.id, old.title, old.subtitle, old.byline, old.attribution, old.body);
  INSERT INTO snapshots_fts (rowid, title, subtitle, byline, attribution, body)
  VALUES (new.id, new.title, new.subtitle, new.byline, new.attribution, new.body);
END;
INSERT INTO snapshots_fts (snapshots_fts) VALUES ('rebuild');
CREATE TABLE tombstones (
  url TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('takedown', 'purged')),
  reason TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE INDEX snapshots_fetched_at ON snapshots (fetched_at);
)sql",
    // 3: delivery batches (the idempotency key a message was claimed under, kept across
    // retries and crashes), digest windows, the sends a channel's rate limit counts, and
    // channels disabled by their receiver (410 Gone).
    R"sql(
ALTER TABLE deliveries ADD COLUMN batch_key TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN window_end INTEGER;
CREATE INDEX deliveries_channel_sent ON deliveries (channel, sent_at);
CREATE TABLE channel_state (
  channel TEXT PRIMARY KEY,
  disabled_reason TEXT NOT NULL,
  disabled_url TEXT NOT NULL DEFAULT '',
  disabled_at INTEGER NOT NULL
);
)sql",
    // 4: a table that is always empty: Store::probe_write inserts and deletes a row of it in
    // one transaction to find out whether a full disk has room again.
    R"sql(
CREATE TABLE write_probe (bytes BLOB NOT NULL);
)sql",
    // 5: each delivery's own idempotency key, made when the delivery is created and unique
    // across time and installations (row ids come back after a delete or a restored backup).
    // Rows already here keep the key they were (or would have been) sent with.
    R"sql(
ALTER TABLE deliveries ADD COLUMN key TEXT NOT NULL DEFAULT '';
UPDATE deliveries SET key = 'headlined-delivery-' || id;
CREATE UNIQUE INDEX deliveries_key ON deliveries (key);
)sql",
    // 6: what feed discovery chose for a source of type "auto" (kind "feed", "sitemap" or "list",
    // the URL polled, and why), so a restart polls it without discovering again; '' until a
    // discovery, and again when the source's URL changes or the choice keeps failing.
    R"sql(
ALTER TABLE sources ADD COLUMN discovered_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN discovered_url TEXT NOT NULL DEFAULT '';
ALTER TABLE sources ADD COLUMN discovered_reason TEXT NOT NULL DEFAULT '';
)sql",
    // 7: the web front (src/web): each snapshot's stable link (url_hash: the first 16 hex digits
    // of SHA-256 of its canonical URL, headlined_url_hash() registered on every connection);
    // the snapshot id and URL hash a takedown removed, so the old links answer 410 Gone
    // rather than 404; and deletion requests sent through its /takedown form.
    R"sql(
ALTER TABLE snapshots ADD COLUMN url_hash TEXT NOT NULL DEFAULT '';
UPDATE snapshots SET url_hash = headlined_url_hash(url);
CREATE INDEX snapshots_url_hash ON snapshots (url_hash);
CREATE INDEX snapshots_source_fetched_at ON snapshots (source_name, fetched_at);
ALTER TABLE tombstones ADD COLUMN snapshot_id INTEGER;
ALTER TABLE tombstones ADD COLUMN url_hash TEXT NOT NULL DEFAULT '';
UPDATE tombstones SET url_hash = headlined_url_hash(url) WHERE kind = 'takedown';
CREATE INDEX tombstones_snapshot_id ON tombstones (snapshot_id);
CREATE INDEX tombstones_url_hash ON tombstones (url_hash);
CREATE TABLE takedown_requests (
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL,
  contact TEXT NOT NULL,
  reason TEXT NOT NULL,
  client TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
)sql",
    // WebSub (docs/sources.md): one subscription per source that announced a hub (its hub,
    // topic, callback token and secret, "pending", "active", "failed" or "unsubscribing",
    // and the lease's end), kept so a restart re-subscribes and a removed source is
    // unsubscribed; and each source's current poll interval and why (adaptive polling).
    R"sql(
CREATE TABLE websub_subscriptions (
  source_name TEXT PRIMARY KEY,
  hub TEXT NOT NULL,
  topic TEXT NOT NULL,
  callback_token TEXT NOT NULL UNIQUE,
  secret TEXT NOT NULL,
  state TEXT NOT NULL,
  requested_at INTEGER NOT NULL,
  lease_expires INTEGER,
  last_error TEXT NOT NULL DEFAULT '',
  retry_at INTEGER NOT NULL DEFAULT 0
);
ALTER TABLE sources ADD COLUMN poll_interval INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sources ADD COLUMN poll_reason TEXT NOT NULL DEFAULT '';
)sql",
    // Stories (docs/stories.md): each signed snapshot's MinHash sketch and the story it belongs
    // to (the head's snapshot id, its own when it is the head), and its LSH band keys, by which
    // commit_article finds earlier copies. Both go with their snapshot (ON DELETE CASCADE).
    R"sql(
CREATE TABLE story_members (
  snapshot_id INTEGER PRIMARY KEY REFERENCES snapshots (id) ON DELETE CASCADE,
  story_id INTEGER NOT NULL,
  fetched_at INTEGER NOT NULL,
  shingles INTEGER NOT NULL,
  sketch BLOB NOT NULL
);
CREATE INDEX story_members_story ON story_members (story_id);
CREATE TABLE story_bands (
  band_key INTEGER NOT NULL,
  snapshot_id INTEGER NOT NULL REFERENCES snapshots (id) ON DELETE CASCADE,
  PRIMARY KEY (band_key, snapshot_id)
) WITHOUT ROWID;
CREATE INDEX story_bands_snapshot ON story_bands (snapshot_id);
)sql",
    // The search index written behind the articles (docs/architecture.md, "Search index"):
    // the insert trigger no longer writes FTS rows inside the articles' transaction; it
    // queues the snapshot's id (and when it was stored, in ms) for the background indexer,
    // which moves queued rows into snapshots_fts in batches. A snapshot still queued has
    // no FTS row, so the delete and update triggers touch the index only for indexed ones
    // (an FTS5 'delete' of a row it never had would corrupt it). The queue starts empty:
    // everything stored before this migration is already indexed. (IF [NOT] EXISTS: tests
    // that turn a database back into an older version by hand leave this one's objects.)
    R"sql(
DROP TRIGGER IF EXISTS snapshots_fts_insert;
DROP TRIGGER IF EXISTS snapshots_fts_delete;
DROP TRIGGER IF EXISTS snapshots_fts_update;
CREATE TABLE IF NOT EXISTS snapshots_fts_pending (
  snapshot_id INTEGER PRIMARY KEY,
  stored_at_ms INTEGER NOT NULL
);
CREATE TRIGGER IF NOT EXISTS snapshots_fts_queue AFTER INSERT ON snapshots BEGIN
  INSERT INTO snapshots_fts_pending (snapshot_id, stored_at_ms)
  VALUES (new.id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
END;
CREATE TRIGGER snapshots_fts_delete AFTER DELETE ON snapshots BEGIN
  INSERT INTO snapshots_fts (snapshots_fts, rowid, title, subtitle, byline, attribution, body)
  SELECT 'delete', old.id, old.title, old.subtitle, old.byline, old.attribution, old.body
  WHERE NOT EXISTS (SELECT 1 FROM snapshots_fts_pending WHERE snapshot_id = old.id);
  DELETE FROM snapshots_fts_pending WHERE snapshot_id = old.id;
END;
CREATE TRIGGER snapshots_fts_update
AFTER UPDATE OF title, subtitle, byline, attribution, body ON snapshots
WHEN NOT EXISTS (SELECT 1 FROM snapshots_fts_pending WHERE snapshot_id = old.id) BEGIN
  INSERT INTO snapshots_fts (snapshots_fts, rowid, title, subtitle, byline, attribution, body)
  VALUES ('delete', old.id, old.title, old.subtitle, old.byline, old.attribution, old.body);
  INSERT INTO snapshots_fts (rowid, title, subtitle, byline, attribution, body)
  VALUES (new.id, new.title, new.subtitle, new.byline, new.attribution, new.body);
END;
)sql",
    // The search index with our own tokenizer (`headlined`, search_tokenizer.cpp: normalised
    // text, CJK characters and bigrams, Latin words, each once) and without positions
    // (detail=none): it finds words of 1 and 2 CJK characters, which the trigram index could
    // not, and costs much less to write. The trigram table goes; every stored snapshot is
    // queued for the background indexer, which rebuilds the index (the daemon does so before
    // it reports ready; search reads queued snapshots directly meanwhile). The delete and
    // update triggers are made again for the new table, unchanged: an external-content
    // 'delete' tokenises the old values with the same tokenizer.
    R"sql(
DROP TRIGGER IF EXISTS snapshots_fts_delete;
DROP TRIGGER IF EXISTS snapshots_fts_update;
DROP TABLE IF EXISTS snapshots_fts;
CREATE VIRTUAL TABLE snapshots_fts USING fts5(
  title, subtitle, byline, attribution, body,
  content = 'snapshots', content_rowid = 'id', tokenize = 'headlined', detail = none
);
INSERT OR IGNORE INTO snapshots_fts_pending (snapshot_id, stored_at_ms)
SELECT id, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) FROM snapshots;
CREATE TRIGGER snapshots_fts_delete AFTER DELETE ON snapshots BEGIN
  INSERT INTO snapshots_fts (snapshots_fts, rowid, title, subtitle, byline, attribution, body)
  SELECT 'delete', old.id, old.title, old.subtitle, old.byline, old.attribution, old.body
  WHERE NOT EXISTS (SELECT 1 FROM snapshots_fts_pending WHERE snapshot_id = old.id);
  DELETE FROM snapshots_fts_pending WHERE snapshot_id = old.id;
END;
CREATE TRIGGER snapshots_fts_update
AFTER UPDATE OF title, subtitle, byline, attribution, body ON snapshots
WHEN NOT EXISTS (SELECT 1 FROM snapshots_fts_pending WHERE snapshot_id = old.id) BEGIN
  INSERT INTO snapshots_fts (snapshots_fts, rowid, title, subtitle, byline, attribution, body)
  VALUES ('delete', old.id, old.title, old.subtitle, old.byline, old.attribution, old.body);
  INSERT INTO snapshots_fts (rowid, title, subtitle, byline, attribution, body)
  VALUES (new.id, new.title, new.subtitle, new.byline, new.attribution, new.body);
END;
)sql",
    // Each snapshot's raw page in a table of its own (docs/web.md, "Cold pages"): SQLite
    // stores a row's columns in order, so with tens of KB of page before charset and
    // fetched_at every read of a snapshot's text walked the page's overflow chain (~10 pages
    // of 4 KiB, each a disk read when not cached). New snapshots keep an empty raw_page in
    // their row; the rows already stored are moved in batches by Store::move_raw_pages
    // (the daemon does so at start, resumable: raw_page_moves is how far it got, and goes
    // when done). Until then reads take the page from whichever table has it.
    // (IF NOT EXISTS: tests that turn a database back into an older version by hand leave
    // this one's tables.)
    R"sql(
CREATE TABLE IF NOT EXISTS snapshot_pages (
  snapshot_id INTEGER PRIMARY KEY REFERENCES snapshots (id) ON DELETE CASCADE,
  raw_page BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS raw_page_moves (
  next_id INTEGER NOT NULL,
  last_id INTEGER NOT NULL
);
INSERT INTO raw_page_moves (next_id, last_id)
SELECT min(id), max(id) FROM snapshots
HAVING count(*) > 0 AND NOT EXISTS (SELECT 1 FROM raw_page_moves);
)sql",
    // Several nodes on one database (docs/scaling.md): each node's heartbeat (and its lease
    // period, so `status` can call it stale without the node's config); leases on sources
    // (one node polls a source at a time) and on channels (one node sends through a channel
    // at a time, so its order and rate limit hold), in Unix milliseconds; and which node
    // claimed a delivery for a send, until when (an unfinished claim expires and another
    // node sends the delivery again under the same key).
    R"sql(
CREATE TABLE nodes (
  name TEXT PRIMARY KEY,
  started_at INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL,
  version TEXT NOT NULL DEFAULT '',
  lease_period_ms INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE leases (
  kind TEXT NOT NULL CHECK (kind IN ('source', 'channel')),
  name TEXT NOT NULL,
  node TEXT NOT NULL,
  expires_at_ms INTEGER NOT NULL,
  PRIMARY KEY (kind, name)
);
ALTER TABLE deliveries ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN claim_expires_ms INTEGER NOT NULL DEFAULT 0;
)sql",
    // The article writer's story cache (docs/stories.md, "The writer's cache"): a count of
    // story members deleted (takedown, retention: with their snapshot) or changed, by any
    // connection or node. A writer that sees it move empties its cache, which holds only
    // what the store holds. SQLite only: PostgreSQL's writer has no cache. (IF NOT EXISTS:
    // tests that turn a database back into an older version by hand leave these objects.)
    R"sql(
CREATE TABLE IF NOT EXISTS story_member_changes (count INTEGER NOT NULL);
INSERT INTO story_member_changes (count)
SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM story_member_changes);
CREATE TRIGGER IF NOT EXISTS story_members_deleted AFTER DELETE ON story_members BEGIN
  UPDATE story_member_changes SET count = count + 1;
END;
CREATE TRIGGER IF NOT EXISTS story_members_updated AFTER UPDATE ON story_members BEGIN
  UPDATE story_member_changes SET count = count + 1;
END;
)sql",
};

Result<int> read_user_version(Connection& impl) {
  Statement st(impl.db, "PRAGMA user_version");
  if (st.step() != SQLITE_ROW) return std::unexpected(impl.error("read schema version"));
  return static_cast<int>(st.integer(0));
}

}  // namespace

int latest_schema_version() {
  return static_cast<int>(kMigrations.size());
}

const char* migration_sql(int version) {
  return kMigrations.at(static_cast<std::size_t>(version - 1));
}

Result<void> migrate(Connection& impl) {
  std::lock_guard lock(impl.mutex);
  auto current = read_user_version(impl);
  if (!current) return std::unexpected(current.error());
  if (*current > latest_schema_version()) {
    return std::unexpected(impl.error("open", "database schema version " +
                                                  std::to_string(*current) +
                                                  " is newer than this build understands (" +
                                                  std::to_string(latest_schema_version()) + ")"));
  }
  for (int v = *current; v < latest_schema_version(); ++v) {
    std::string op = "migration " + std::to_string(v + 1);
    auto body = [&]() -> Result<void> {
      // Re-read inside the write lock: another process may have migrated meanwhile.
      auto seen = read_user_version(impl);
      if (!seen) return std::unexpected(seen.error());
      if (*seen > v) return {};
      if (auto r = impl.exec(op, kMigrations[static_cast<std::size_t>(v)]); !r) return r;
      std::string bump = "PRAGMA user_version = " + std::to_string(v + 1);
      return impl.exec(op, bump.c_str());
    };
    if (auto r = impl.write_locked(op, body); !r) return r;
  }
  auto final_version = read_user_version(impl);
  if (!final_version) return std::unexpected(final_version.error());
  impl.version = *final_version;
  return {};
}

}  // namespace headlined::store
