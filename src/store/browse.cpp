// What the web front reads besides search: pages of the newest snapshots, stable links by
// URL hash, and whether a missing snapshot was taken down (410) or never existed (404).
#include "headlined/store/store.hpp"
#include "store_impl.hpp"

namespace headlined::store {

namespace {

Result<bool> exists(Connection& impl, std::string_view op, Statement& st) {
  const int rc = st.step();
  if (rc == SQLITE_ROW) return st.integer(0) != 0;
  return std::unexpected(impl.error(op));
}

}  // namespace

Result<std::vector<SnapshotSummary>> SqliteStore::snapshot_page(
    const SnapshotPageQuery& query) const {
  // Keyset paging on (fetched_at, id), newest first: every page costs the same however deep
  // it is, and a snapshot stored meanwhile does not shift the next page.
  std::string sql =
      "SELECT id, url, url_hash, title, source_name, published, fetched_at FROM snapshots "
      "WHERE 1";
  if (!query.source.empty()) sql += " AND source_name = ?1";
  if (query.before) sql += " AND (fetched_at < ?2 OR (fetched_at = ?2 AND id < ?3))";
  sql += " ORDER BY fetched_at DESC, id DESC LIMIT ?4";
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db, sql);
  if (!query.source.empty()) st.bind(1, query.source);
  if (query.before) st.bind(2, query.before->first).bind(3, query.before->second);
  st.bind(4, static_cast<std::int64_t>(query.limit));
  std::vector<SnapshotSummary> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    out.push_back(SnapshotSummary{st.integer(0), st.text(1), st.text(2), st.text(3), st.text(4),
                                  st.text(5), st.integer(6)});
  }
  if (rc != SQLITE_DONE) return std::unexpected(impl_->error("snapshot_page"));
  return out;
}

Result<std::optional<Snapshot>> SqliteStore::snapshot_by_url_hash(const std::string& hash) const {
  std::int64_t id = 0;
  {
    std::lock_guard lock(impl_->mutex);
    Statement st(impl_->db, "SELECT min(id) FROM snapshots WHERE url_hash = ?1");
    st.bind(1, hash);
    if (st.step() != SQLITE_ROW) return std::unexpected(impl_->error("snapshot_by_url_hash"));
    if (!st.optional_integer(0)) return std::optional<Snapshot>{};
    id = st.integer(0);
  }
  return snapshot_text_by_id(id);
}

Result<std::optional<SnapshotPageState>> SqliteStore::snapshot_page_state(
    std::int64_t snapshot_id) const {
  std::lock_guard lock(impl_->mutex);
  // The row by its rowid alone (no column of it is read), the copies through the
  // story_members indexes.
  Statement st(impl_->db,
               "SELECT count(m.snapshot_id), ifnull(max(m.snapshot_id), 0) FROM snapshots s "
               "LEFT JOIN story_members self ON self.snapshot_id = s.id "
               "LEFT JOIN story_members m ON m.story_id = self.story_id "
               "AND m.snapshot_id != s.id WHERE s.id = ?1 GROUP BY s.id");
  st.bind(1, snapshot_id);
  const int rc = st.step();
  if (rc == SQLITE_ROW) return SnapshotPageState{st.integer(0), st.integer(1)};
  if (rc == SQLITE_DONE) return std::optional<SnapshotPageState>{};
  return std::unexpected(impl_->error("snapshot_page_state"));
}

Result<std::string> SqliteStore::url_hash_of(std::int64_t snapshot_id) const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db, "SELECT url_hash FROM snapshots WHERE id = ?1");
  st.bind(1, snapshot_id);
  const int rc = st.step();
  if (rc == SQLITE_ROW) return st.text(0);
  if (rc == SQLITE_DONE) return std::string();
  return std::unexpected(impl_->error("url_hash_of"));
}

Result<bool> SqliteStore::taken_down_id(std::int64_t snapshot_id) const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               "SELECT EXISTS (SELECT 1 FROM tombstones WHERE snapshot_id = ?1 "
               "AND kind = 'takedown')");
  st.bind(1, snapshot_id);
  return exists(*impl_, "taken_down_id", st);
}

Result<bool> SqliteStore::taken_down_hash(const std::string& hash) const {
  std::lock_guard lock(impl_->mutex);
  Statement st(
      impl_->db,
      "SELECT EXISTS (SELECT 1 FROM tombstones WHERE url_hash = ?1 AND kind = 'takedown')");
  st.bind(1, hash);
  return exists(*impl_, "taken_down_hash", st);
}

Result<std::vector<std::string>> SqliteStore::snapshot_sources() const {
  // The sources table (one row per configured source) rather than DISTINCT over every
  // snapshot, which would scan the whole index on each request.
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db, "SELECT name FROM sources ORDER BY name");
  std::vector<std::string> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back(st.text(0));
  if (rc != SQLITE_DONE) return std::unexpected(impl_->error("snapshot_sources"));
  return out;
}

}  // namespace headlined::store
