// The search index written behind the articles: the snapshots' insert trigger queues each new
// id in snapshots_fts_pending (schema.cpp), and index_pending moves queued snapshots into the
// FTS index (the `headlined` tokenizer, search_tokenizer.hpp) in one transaction per batch,
// so the articles' own transactions do not pay for the index inserts.
#include "headlined/store/store.hpp"
#include "store_impl.hpp"

namespace headlined::store {

Result<SearchBacklog> SqliteStore::search_backlog() const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db, "SELECT count(*), min(stored_at_ms) FROM snapshots_fts_pending");
  if (st.step() != SQLITE_ROW) return std::unexpected(impl_->error("search_backlog"));
  return SearchBacklog{st.integer(0), st.optional_integer(1)};
}

Result<std::int64_t> SqliteStore::index_pending(std::int64_t max_snapshots) {
  const std::string_view op = "index_pending";
  return impl_->write(op, [&]() -> Result<std::int64_t> {
    // The batch is every queued id up to the `max_snapshots`-th lowest: both statements below
    // take exactly that range, so what is indexed and what leaves the queue are the same rows.
    Statement last(impl_->db,
                   "SELECT max(snapshot_id), count(*) FROM (SELECT snapshot_id FROM "
                   "snapshots_fts_pending ORDER BY snapshot_id LIMIT ?1)");
    last.bind(1, max_snapshots);
    if (last.step() != SQLITE_ROW) return std::unexpected(impl_->error(op));
    const std::optional<std::int64_t> through = last.optional_integer(0);
    const std::int64_t count = last.integer(1);
    if (!through) return std::int64_t{0};
    Statement index(impl_->db,
                    "INSERT INTO snapshots_fts (rowid, title, subtitle, byline, attribution, body) "
                    "SELECT s.id, s.title, s.subtitle, s.byline, s.attribution, s.body "
                    "FROM snapshots_fts_pending p JOIN snapshots s ON s.id = p.snapshot_id "
                    "WHERE p.snapshot_id <= ?1");
    index.bind(1, *through);
    if (index.step() != SQLITE_DONE) return std::unexpected(impl_->error(op));
    Statement dequeue(impl_->db, "DELETE FROM snapshots_fts_pending WHERE snapshot_id <= ?1");
    dequeue.bind(1, *through);
    if (dequeue.step() != SQLITE_DONE) return std::unexpected(impl_->error(op));
    return count;
  });
}

}  // namespace headlined::store
