// The delivery outbox: due deliveries for the dispatcher and the outcome of each attempt.
#include <string>

#include "backend_shared.hpp"
#include "headlined/core/delivery_status.hpp"
#include "headlined/store/store.hpp"
#include "store_impl.hpp"
#include "terms_json.hpp"

namespace headlined::store {

namespace {

Delivery read_delivery(const Statement& st) {
  Delivery d;
  d.id = st.integer(0);
  d.snapshot_id = st.integer(1);
  d.subscription = st.text(2);
  d.channel = st.text(3);
  d.status = parse_delivery_status(st.text(4));
  d.attempts = static_cast<int>(st.integer(5));
  d.next_attempt_at = st.integer(6);
  d.last_error = st.text(7);
  d.created_at = st.integer(8);
  d.sent_at = st.optional_integer(9);
  d.terms = terms_from_json(st.text(10));
  d.snippet = st.text(11);
  d.batch_key = st.text(12);
  d.window_end = st.optional_integer(13);
  d.key = st.text(14);
  return d;
}

Result<std::vector<Delivery>> read_all(Connection& impl, std::string_view op, Statement& st) {
  std::vector<Delivery> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back(read_delivery(st));
  if (rc != SQLITE_DONE) return std::unexpected(impl.error(op));
  return out;
}

// After an UPDATE that changed nothing: an error if the id does not exist at all.
Result<void> require_delivery(Connection& impl, std::string_view op, std::int64_t id) {
  Statement st(impl.db, "SELECT 1 FROM deliveries WHERE id = ?1");
  st.bind(1, id);
  int rc = st.step();
  if (rc == SQLITE_ROW) return {};
  if (rc == SQLITE_DONE) {
    return std::unexpected(impl.error(op, "no delivery with id " + std::to_string(id)));
  }
  return std::unexpected(impl.error(op));
}

}  // namespace

Result<std::vector<Delivery>> SqliteStore::due_deliveries(UnixTime now, int limit) const {
  return due_deliveries_for("", now, 0, limit);
}

Result<std::vector<Delivery>> SqliteStore::due_deliveries_for(const std::string& node, UnixTime now,
                                                              std::int64_t now_ms,
                                                              int limit) const {
  std::lock_guard lock(impl_->mutex);
  // `waiting`: per channel, the oldest delivery that failed and waits for its retry, or that
  // another node claimed and may be sending right now (?3: this node; '' = one node, no
  // claims); the channel's younger deliveries wait behind it (FIFO per channel,
  // head-of-line). A claim that expired is due again, to be sent again under its key.
  // `limit` counts articles, not rows: every due row of an article comes in the same batch,
  // or an article matched by many subscriptions of one channel (hundreds at 50k
  // subscriptions) would be cut at the batch edge into two messages.
  Statement st(impl_->db,
               "WITH waiting AS (SELECT channel, MIN(id) AS first FROM deliveries "
               "WHERE status = 'pending' AND ((next_attempt_at > ?1 AND attempts > 0) OR "
               "(?3 <> '' AND claimed_by NOT IN ('', ?3) AND claim_expires_ms > ?4)) "
               "GROUP BY channel), "
               "due AS (SELECT d.id, d.snapshot_id FROM deliveries d "
               "WHERE d.status = 'pending' AND d.next_attempt_at <= ?1 AND "
               "(?3 = '' OR d.claimed_by IN ('', ?3) OR d.claim_expires_ms <= ?4) AND NOT EXISTS "
               "(SELECT 1 FROM waiting w WHERE w.channel = d.channel AND w.first < d.id)), "
               "articles AS (SELECT snapshot_id FROM due GROUP BY snapshot_id "
               "ORDER BY MIN(id) LIMIT ?2) " +
                   std::string(kSelectDelivery) +
                   " WHERE d.id IN (SELECT id FROM due WHERE snapshot_id IN "
                   "(SELECT snapshot_id FROM articles)) ORDER BY d.id");
  st.bind(1, now).bind(2, static_cast<std::int64_t>(limit)).bind(3, node).bind(4, now_ms);
  return read_all(*impl_, "due_deliveries", st);
}

Result<void> SqliteStore::mark_sent(std::int64_t delivery_id, UnixTime now) {
  return impl_->write("mark_sent", [&]() -> Result<void> {
    Statement st(impl_->db,
                 "UPDATE deliveries SET status = 'sent', sent_at = ?2, attempts = attempts + 1, "
                 "last_error = '' WHERE id = ?1 AND status != 'sent'");
    st.bind(1, delivery_id).bind(2, now);
    if (st.step() != SQLITE_DONE) return std::unexpected(impl_->error("mark_sent"));
    if (sqlite3_changes(impl_->db) == 0) return require_delivery(*impl_, "mark_sent", delivery_id);
    return {};
  });
}

Result<void> SqliteStore::mark_failed(std::int64_t delivery_id, const std::string& error,
                                      UnixTime next_attempt_at, bool dead) {
  return impl_->write("mark_failed", [&]() -> Result<void> {
    Statement st(impl_->db,
                 "UPDATE deliveries SET status = ?2, attempts = attempts + 1, last_error = ?3, "
                 "next_attempt_at = ?4 WHERE id = ?1 AND status = 'pending'");
    st.bind(1, delivery_id).bind(2, dead ? "dead" : "pending").bind(3, error);
    st.bind(4, next_attempt_at);
    if (st.step() != SQLITE_DONE) return std::unexpected(impl_->error("mark_failed"));
    if (sqlite3_changes(impl_->db) == 0) {
      return require_delivery(*impl_, "mark_failed", delivery_id);
    }
    return {};
  });
}

Result<std::vector<Delivery>> SqliteStore::deliveries(std::optional<DeliveryStatus> status) const {
  std::lock_guard lock(impl_->mutex);
  std::string sql = kSelectDelivery;
  if (status) sql += " WHERE d.status = ?1";
  sql += " ORDER BY d.id";
  Statement st(impl_->db, sql);
  if (status) st.bind(1, std::string_view(delivery_status_name(*status)));
  return read_all(*impl_, "deliveries", st);
}

Result<std::optional<UnixTime>> SqliteStore::next_due_delivery() const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db, "SELECT MIN(next_attempt_at) FROM deliveries WHERE status = 'pending'");
  if (st.step() != SQLITE_ROW) return std::unexpected(impl_->error("next_due_delivery"));
  return st.optional_integer(0);
}

}  // namespace headlined::store
