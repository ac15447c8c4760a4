// Takedown on request (the seed's promise to delete a snapshot) and the tombstones that keep
// a removed URL from being collected again.
#include "headlined/core/digest.hpp"
#include "headlined/store/store.hpp"
#include "store_impl.hpp"
#include "tombstones.hpp"

namespace headlined::store {

namespace {

// The kind of tombstone recorded for `url`, or "" when there is none.
Result<std::string> tombstone_kind(Connection& impl, std::string_view op, const std::string& url) {
  // Kept prepared: the article writer asks for every article it stores.
  auto st = impl.statements.get(impl.db, "SELECT kind FROM tombstones WHERE url = ?1");
  st->bind(1, url);
  int rc = st->step();
  if (rc == SQLITE_ROW) return st->text(0);
  if (rc == SQLITE_DONE) return std::string();
  return std::unexpected(impl.error(op));
}

Result<std::int64_t> count(Connection& impl, std::string_view op, Statement& st) {
  if (st.step() != SQLITE_ROW) return std::unexpected(impl.error(op));
  return st.integer(0);
}

}  // namespace

Result<bool> tombstone_exists(Connection& impl, std::string_view op, const std::string& url) {
  auto kind = tombstone_kind(impl, op, url);
  if (!kind) return std::unexpected(kind.error());
  return !kind->empty();
}

Result<bool> SqliteStore::is_tombstoned(const std::string& canonical_url) const {
  std::lock_guard lock(impl_->mutex);
  return tombstone_exists(*impl_, "is_tombstoned", canonical_url);
}

Result<bool> SqliteStore::is_known_url(const std::string& canonical_url) const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               "SELECT EXISTS (SELECT 1 FROM snapshots WHERE url = ?1) "
               "OR EXISTS (SELECT 1 FROM tombstones WHERE url = ?1)");
  st.bind(1, canonical_url);
  auto known = count(*impl_, "is_known_url", st);
  if (!known) return std::unexpected(known.error());
  return *known != 0;
}

Result<TakedownResult> SqliteStore::take_down(const std::string& canonical_url,
                                              const std::string& reason, UnixTime now) {
  const std::string_view op = "take_down";
  auto result = impl_->write(op, [&]() -> Result<TakedownResult> {
    TakedownResult out;
    auto kind = tombstone_kind(*impl_, op, canonical_url);
    if (!kind) return std::unexpected(kind.error());
    out.already_taken_down = *kind == "takedown";

    Statement deliveries(impl_->db,
                         "SELECT count(*), coalesce(sum(d.status = 'pending'), 0) "
                         "FROM deliveries d JOIN snapshots s ON s.id = d.snapshot_id "
                         "WHERE s.url = ?1");
    deliveries.bind(1, canonical_url);
    if (deliveries.step() != SQLITE_ROW) return std::unexpected(impl_->error(op));
    out.deliveries_removed = static_cast<int>(deliveries.integer(0));
    out.pending_removed = static_cast<int>(deliveries.integer(1));

    // The id the web front linked the snapshot under, so that link answers 410 Gone.
    std::optional<std::int64_t> removed_id;
    Statement find(impl_->db, "SELECT id FROM snapshots WHERE url = ?1");
    find.bind(1, canonical_url);
    if (find.step() == SQLITE_ROW) removed_id = find.integer(0);

    // Matches and deliveries go by ON DELETE CASCADE, the search entry by trigger.
    Statement remove(impl_->db, "DELETE FROM snapshots WHERE url = ?1");
    remove.bind(1, canonical_url);
    if (remove.step() != SQLITE_DONE) return std::unexpected(impl_->error(op));
    out.snapshot_removed = sqlite3_changes(impl_->db) > 0;

    // A takedown outranks the reminder retention leaves; an earlier takedown keeps its
    // original reason and time.
    Statement tomb(impl_->db,
                   "INSERT INTO tombstones (url, kind, reason, created_at, snapshot_id, url_hash) "
                   "VALUES (?1, 'takedown', ?2, ?3, ?4, ?5) ON CONFLICT (url) DO UPDATE SET "
                   "kind = 'takedown', reason = excluded.reason, created_at = excluded.created_at, "
                   "snapshot_id = coalesce(excluded.snapshot_id, snapshot_id), "
                   "url_hash = excluded.url_hash WHERE kind != 'takedown'");
    tomb.bind(1, canonical_url).bind(2, reason).bind(3, now).bind(4, removed_id);
    tomb.bind(5, url_hash(canonical_url));
    if (tomb.step() != SQLITE_DONE) return std::unexpected(impl_->error(op));

    if (out.snapshot_removed) {
      // FTS5 deletes only add delete markers; merging every segment drops the removed
      // entries from the index for real.
      if (auto r = impl_->exec(op, "INSERT INTO snapshots_fts (snapshots_fts) VALUES ('optimize')");
          !r) {
        return std::unexpected(r.error());
      }
    }
    return out;
  });
  if (result && result->snapshot_removed) {
    // Best effort: old page images stay in the WAL until a checkpoint rewrites the file;
    // a reader in another process may hold it back, and the next checkpoint finishes it.
    std::lock_guard lock(impl_->mutex);
    sqlite3_wal_checkpoint_v2(impl_->db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  }
  return result;
}

}  // namespace headlined::store
