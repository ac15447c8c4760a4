// Figures for the admin commands and metrics: deliveries by state, snapshots stored,
// matches per subscription. Read-only, each one statement.
#include "headlined/store/store.hpp"
#include "store_impl.hpp"

namespace headlined::store {

Result<DeliveryCounts> SqliteStore::delivery_counts() const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               "SELECT status, count(*), coalesce(sum(attempts > 0), 0), min(created_at) "
               "FROM deliveries GROUP BY status");
  DeliveryCounts out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    const std::string status = st.text(0);
    if (status == "pending") {
      out.pending = st.integer(1);
      out.failing = st.integer(2);
      out.oldest_pending_created = st.optional_integer(3);
    } else if (status == "sent") {
      out.sent = st.integer(1);
    } else if (status == "dead") {
      out.dead = st.integer(1);
    }
  }
  if (rc != SQLITE_DONE) return std::unexpected(impl_->error("delivery_counts"));
  return out;
}

Result<std::int64_t> SqliteStore::snapshot_count(UnixTime since) const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db, "SELECT count(*) FROM snapshots WHERE fetched_at >= ?1");
  st.bind(1, since);
  if (st.step() != SQLITE_ROW) return std::unexpected(impl_->error("snapshot_count"));
  return st.integer(0);
}

Result<std::map<std::string, SubscriptionStats>> SqliteStore::subscription_stats() const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               "SELECT m.subscription, count(*), max(s.fetched_at) FROM matches m "
               "JOIN snapshots s ON s.id = m.snapshot_id GROUP BY m.subscription");
  std::map<std::string, SubscriptionStats> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    out[st.text(0)] = SubscriptionStats{st.integer(1), st.optional_integer(2)};
  }
  if (rc != SQLITE_DONE) return std::unexpected(impl_->error("subscription_stats"));
  return out;
}

}  // namespace headlined::store
