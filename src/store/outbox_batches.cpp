// Outbox batches: the dispatcher's claims, digest windows, rate-limit deferrals and the
// outcome of a message that covers several deliveries, each as one transaction; requeueing
// for `headlined redeliver`; channels paused because their receiver refuses them.
#include <string>

#include "headlined/core/unique_key.hpp"
#include "headlined/store/store.hpp"
#include "store_impl.hpp"

namespace headlined::store {

namespace {

// Runs `sql` once per id (bound as ?1, the rest bound by `bind_rest`) in one transaction.
template <class BindRest>
Result<void> update_each(Connection& impl, std::string_view op, const char* sql,
                         const std::vector<std::int64_t>& ids, BindRest bind_rest) {
  return impl.write(op, [&]() -> Result<void> {
    for (std::int64_t id : ids) {
      Statement st(impl.db, sql);
      st.bind(1, id);
      bind_rest(st);
      if (st.step() != SQLITE_DONE) return std::unexpected(impl.error(op));
    }
    return {};
  });
}

Result<void> enable_locked(Connection& impl, std::string_view op, const std::string& channel) {
  Statement st(impl.db, "DELETE FROM channel_state WHERE channel = ?1");
  st.bind(1, channel);
  if (st.step() != SQLITE_DONE) return std::unexpected(impl.error(op));
  return {};
}

}  // namespace

Result<void> SqliteStore::assign_digest_window(const std::vector<std::int64_t>& ids,
                                               UnixTime window_end) {
  return update_each(*impl_, "assign_digest_window",
                     "UPDATE deliveries SET window_end = ?2, "
                     "next_attempt_at = MAX(next_attempt_at, ?2) "
                     "WHERE id = ?1 AND status = 'pending'",
                     ids, [&](Statement& st) { st.bind(2, window_end); });
}

Result<void> SqliteStore::claim_batch(const std::vector<std::int64_t>& ids,
                                      const std::string& key) {
  return update_each(*impl_, "claim_batch",
                     "UPDATE deliveries SET batch_key = ?2 WHERE id = ?1 AND status = 'pending'",
                     ids, [&](Statement& st) { st.bind(2, key); });
}

Result<void> SqliteStore::defer_deliveries(const std::vector<std::int64_t>& ids, UnixTime until) {
  return update_each(*impl_, "defer_deliveries",
                     "UPDATE deliveries SET next_attempt_at = ?2 "
                     "WHERE id = ?1 AND status = 'pending'",
                     ids, [&](Statement& st) { st.bind(2, until); });
}

Result<void> SqliteStore::mark_batch_sent(const std::vector<std::int64_t>& ids, UnixTime now) {
  return update_each(*impl_, "mark_batch_sent",
                     "UPDATE deliveries SET status = 'sent', sent_at = ?2, "
                     "attempts = attempts + 1, last_error = '', claimed_by = '', "
                     "claim_expires_ms = 0 WHERE id = ?1 AND status = 'pending'",
                     ids, [&](Statement& st) { st.bind(2, now); });
}

Result<void> SqliteStore::mark_batch_failed(const std::vector<std::int64_t>& ids,
                                            const std::string& error, UnixTime next_attempt_at,
                                            bool dead) {
  return update_each(*impl_, "mark_batch_failed",
                     "UPDATE deliveries SET status = ?2, attempts = attempts + 1, "
                     "last_error = ?3, next_attempt_at = ?4, claimed_by = '', "
                     "claim_expires_ms = 0 WHERE id = ?1 AND status = 'pending'",
                     ids, [&](Statement& st) {
                       st.bind(2, dead ? "dead" : "pending").bind(3, error);
                       st.bind(4, next_attempt_at);
                     });
}

Result<std::vector<UnixTime>> SqliteStore::message_send_times(const std::string& channel,
                                                              UnixTime since) const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               "SELECT MIN(sent_at) FROM deliveries "
               "WHERE channel = ?1 AND status = 'sent' AND sent_at >= ?2 "
               "GROUP BY CASE batch_key WHEN '' THEN CAST(id AS TEXT) ELSE batch_key END "
               "ORDER BY 1");
  st.bind(1, channel).bind(2, since);
  std::vector<UnixTime> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back(st.integer(0));
  if (rc != SQLITE_DONE) return std::unexpected(impl_->error("message_send_times"));
  return out;
}

Result<bool> SqliteStore::requeue_delivery(std::int64_t delivery_id, UnixTime now) {
  return impl_->write("requeue_delivery", [&]() -> Result<bool> {
    Statement find(impl_->db, "SELECT status, channel FROM deliveries WHERE id = ?1");
    find.bind(1, delivery_id);
    int rc = find.step();
    if (rc == SQLITE_DONE) {
      return std::unexpected(
          impl_->error("requeue_delivery", "no delivery with id " + std::to_string(delivery_id)));
    }
    if (rc != SQLITE_ROW) return std::unexpected(impl_->error("requeue_delivery"));
    const std::string status = find.text(0);
    if (status == "pending") return false;
    // A dead delivery was never accepted: it goes out again as the same message, under the
    // key it was claimed for, so a receiver that did take it after all can drop the repeat.
    // A sent one is asked for again: a new message with a new key of its own.
    Statement st(impl_->db, status == "dead"
                                ? "UPDATE deliveries SET status = 'pending', attempts = 0, "
                                  "last_error = '', next_attempt_at = ?2 WHERE id = ?1"
                                : "UPDATE deliveries SET status = 'pending', attempts = 0, "
                                  "last_error = '', next_attempt_at = ?2, sent_at = NULL, "
                                  "batch_key = '', key = ?3 WHERE id = ?1");
    st.bind(1, delivery_id).bind(2, now);
    if (status != "dead") st.bind(3, make_unique_key());
    if (st.step() != SQLITE_DONE) return std::unexpected(impl_->error("requeue_delivery"));
    if (auto r = enable_locked(*impl_, "requeue_delivery", find.text(1)); !r) {
      return std::unexpected(r.error());
    }
    return true;
  });
}

Result<int> SqliteStore::requeue_dead(UnixTime now) {
  return impl_->write("requeue_dead", [&]() -> Result<int> {
    Statement enable(impl_->db,
                     "DELETE FROM channel_state WHERE channel IN "
                     "(SELECT channel FROM deliveries WHERE status = 'dead')");
    if (enable.step() != SQLITE_DONE) return std::unexpected(impl_->error("requeue_dead"));
    Statement st(impl_->db,
                 "UPDATE deliveries SET status = 'pending', attempts = 0, last_error = '', "
                 "next_attempt_at = ?1 WHERE status = 'dead'");
    st.bind(1, now);
    if (st.step() != SQLITE_DONE) return std::unexpected(impl_->error("requeue_dead"));
    return sqlite3_changes(impl_->db);
  });
}

Result<void> SqliteStore::disable_channel(const ChannelDisabled& state) {
  return impl_->write("disable_channel", [&]() -> Result<void> {
    Statement st(impl_->db,
                 "INSERT INTO channel_state (channel, disabled_reason, disabled_url, disabled_at) "
                 "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (channel) DO UPDATE SET "
                 "disabled_reason = excluded.disabled_reason, "
                 "disabled_url = excluded.disabled_url, disabled_at = excluded.disabled_at");
    st.bind(1, state.channel).bind(2, state.reason).bind(3, state.url).bind(4, state.at);
    if (st.step() != SQLITE_DONE) return std::unexpected(impl_->error("disable_channel"));
    return {};
  });
}

Result<void> SqliteStore::enable_channel(const std::string& channel) {
  return impl_->write("enable_channel", [&]() -> Result<void> {
    return enable_locked(*impl_, "enable_channel", channel);
  });
}

Result<int> SqliteStore::resume_channel(const std::string& channel, UnixTime now, bool lift_pause) {
  return impl_->write("resume_channel", [&]() -> Result<int> {
    if (lift_pause) {
      if (auto r = enable_locked(*impl_, "resume_channel", channel); !r)
        return std::unexpected(r.error());
    }
    Statement st(impl_->db,
                 "UPDATE deliveries SET next_attempt_at = ?2 "
                 "WHERE channel = ?1 AND status = 'pending' AND next_attempt_at > ?2 "
                 "AND (window_end IS NULL OR window_end <= ?2)");
    st.bind(1, channel).bind(2, now);
    if (st.step() != SQLITE_DONE) return std::unexpected(impl_->error("resume_channel"));
    return sqlite3_changes(impl_->db);
  });
}

Result<std::vector<ChannelDisabled>> SqliteStore::disabled_channels() const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               "SELECT channel, disabled_reason, disabled_url, disabled_at FROM channel_state "
               "ORDER BY channel");
  std::vector<ChannelDisabled> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    out.push_back({st.text(0), st.text(1), st.text(2), st.integer(3)});
  }
  if (rc != SQLITE_DONE) return std::unexpected(impl_->error("disabled_channels"));
  return out;
}

}  // namespace headlined::store
