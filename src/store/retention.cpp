// Retention: deleting old snapshots in short batches, keeping those a pending delivery still
// needs, and remembering purged URLs for a while so they are not collected again at once.
#include <utility>
#include <vector>

#include "backend_shared.hpp"
#include "headlined/core/time.hpp"
#include "headlined/store/store.hpp"
#include "store_impl.hpp"

namespace headlined::store {

namespace {

// A story's head stays while another copy of the story is stored (its pages link to it, and
// it names where the story started); it goes in a later purge, after its copies.
constexpr const char* kPurgeable =
    "FROM snapshots s WHERE s.fetched_at < ?1 AND NOT EXISTS "
    "(SELECT 1 FROM deliveries d WHERE d.snapshot_id = s.id AND d.status = 'pending') "
    "AND NOT EXISTS (SELECT 1 FROM story_members m WHERE m.story_id = s.id "
    "AND m.snapshot_id != s.id)";

// Purges up to one batch; returns how many snapshots it removed.
Result<std::int64_t> purge_batch(Connection& impl, UnixTime cutoff, UnixTime now) {
  const std::string_view op = "purge_older_than";
  return impl.write(op, [&]() -> Result<std::int64_t> {
    std::vector<std::pair<std::int64_t, std::string>> batch;
    {
      Statement st(impl.db, std::string("SELECT s.id, s.url ") + kPurgeable + " LIMIT ?2");
      st.bind(1, cutoff).bind(2, kPurgeBatchSize);
      int rc;
      while ((rc = st.step()) == SQLITE_ROW) batch.emplace_back(st.integer(0), st.text(1));
      if (rc != SQLITE_DONE) return std::unexpected(impl.error(op));
    }
    for (const auto& [id, url] : batch) {
      Statement tomb(impl.db,
                     "INSERT INTO tombstones (url, kind, created_at) VALUES (?1, 'purged', ?2) "
                     "ON CONFLICT (url) DO NOTHING");
      tomb.bind(1, url).bind(2, now);
      if (tomb.step() != SQLITE_DONE) return std::unexpected(impl.error(op));
      // Matches and sent/dead deliveries go by ON DELETE CASCADE, the search entry by trigger.
      Statement remove(impl.db, "DELETE FROM snapshots WHERE id = ?1");
      remove.bind(1, id);
      if (remove.step() != SQLITE_DONE) return std::unexpected(impl.error(op));
    }
    return static_cast<std::int64_t>(batch.size());
  });
}

}  // namespace

Result<PurgeResult> SqliteStore::purge_older_than(UnixTime cutoff) {
  const std::string_view op = "purge_older_than";
  const UnixTime now = now_unix();
  PurgeResult out;
  for (;;) {
    auto removed = purge_batch(*impl_, cutoff, now);
    if (!removed) return std::unexpected(removed.error());
    out.snapshots_removed += *removed;
    if (*removed < kPurgeBatchSize) break;
  }
  auto forget = impl_->write(op, [&]() -> Result<void> {
    // Reminders of URLs purged before the cutoff have served a whole retention period.
    Statement st(impl_->db, "DELETE FROM tombstones WHERE kind = 'purged' AND created_at < ?1");
    st.bind(1, cutoff);
    if (st.step() != SQLITE_DONE) return std::unexpected(impl_->error(op));
    return {};
  });
  if (!forget) return std::unexpected(forget.error());
  std::lock_guard lock(impl_->mutex);
  Statement kept(impl_->db, "SELECT count(*) FROM snapshots WHERE fetched_at < ?1");
  kept.bind(1, cutoff);
  if (kept.step() != SQLITE_ROW) return std::unexpected(impl_->error(op));
  out.kept_for_pending = kept.integer(0);
  return out;
}

}  // namespace headlined::store
