// Raw pages out of the snapshots row (the migration that made snapshot_pages, schema.cpp):
// rows stored before it carry their page inline, and move_raw_pages moves them over in
// batches of ids, each batch with its progress in raw_page_moves, so a stop at any point
// resumes where it was.
#include "headlined/store/store.hpp"
#include "sqlite_store.hpp"
#include "store_impl.hpp"

namespace headlined::store {

Result<std::int64_t> SqliteStore::raw_pages_to_move() const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db, "SELECT ifnull(sum(last_id - next_id + 1), 0) FROM raw_page_moves");
  if (st.step() != SQLITE_ROW) return std::unexpected(impl_->error("raw_pages_to_move"));
  return st.integer(0);
}

Result<std::int64_t> SqliteStore::move_raw_pages(std::int64_t max_snapshots) {
  const std::string_view op = "move_raw_pages";
  return impl_->write(op, [&]() -> Result<std::int64_t> {
    Statement span(impl_->db, "SELECT next_id, last_id FROM raw_page_moves");
    const int rc = span.step();
    if (rc == SQLITE_DONE) return std::int64_t{0};
    if (rc != SQLITE_ROW) return std::unexpected(impl_->error(op));
    const std::int64_t from = span.integer(0);
    const std::int64_t last = span.integer(1);
    const std::int64_t through = std::min(last, from + max_snapshots - 1);
    // length() of a blob reads the row's header, not the page, so the rows with nothing to
    // move (an empty page, or stored after the migration) cost little.
    Statement copy(impl_->db,
                   "INSERT OR IGNORE INTO snapshot_pages (snapshot_id, raw_page) "
                   "SELECT id, raw_page FROM snapshots "
                   "WHERE id BETWEEN ?1 AND ?2 AND length(raw_page) > 0");
    copy.bind(1, from).bind(2, through);
    if (copy.step() != SQLITE_DONE) return std::unexpected(impl_->error(op));
    Statement empty(impl_->db,
                    "UPDATE snapshots SET raw_page = X'' "
                    "WHERE id BETWEEN ?1 AND ?2 AND length(raw_page) > 0");
    empty.bind(1, from).bind(2, through);
    if (empty.step() != SQLITE_DONE) return std::unexpected(impl_->error(op));
    Statement progress(impl_->db, through >= last ? "DELETE FROM raw_page_moves"
                                                  : "UPDATE raw_page_moves SET next_id = ?1");
    if (through < last) progress.bind(1, through + 1);
    if (progress.step() != SQLITE_DONE) return std::unexpected(impl_->error(op));
    return through - from + 1;
  });
}

}  // namespace headlined::store
