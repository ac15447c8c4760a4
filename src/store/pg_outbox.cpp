// The delivery outbox on PostgreSQL (as outbox.cpp and outbox_batches.cpp on SQLite).
#include "backend_shared.hpp"
#include "headlined/core/delivery_status.hpp"
#include "headlined/core/unique_key.hpp"
#include "pg_store.hpp"
#include "terms_json.hpp"

namespace headlined::store {

namespace {

Result<std::vector<Delivery>> read_all(Result<pg::Rows> rows) {
  if (!rows) return std::unexpected(rows.error());
  std::vector<Delivery> out;
  for (int i = 0; i < rows->size(); ++i) {
    Delivery d;
    d.id = rows->integer(i, 0);
    d.snapshot_id = rows->integer(i, 1);
    d.subscription = rows->text(i, 2);
    d.channel = rows->text(i, 3);
    d.status = parse_delivery_status(rows->text(i, 4));
    d.attempts = static_cast<int>(rows->integer(i, 5));
    d.next_attempt_at = rows->integer(i, 6);
    d.last_error = rows->text(i, 7);
    d.created_at = rows->integer(i, 8);
    d.sent_at = rows->optional_integer(i, 9);
    d.terms = terms_from_json(rows->text(i, 10));
    d.snippet = rows->text(i, 11);
    d.batch_key = rows->text(i, 12);
    d.window_end = rows->optional_integer(i, 13);
    d.key = rows->text(i, 14);
    out.push_back(std::move(d));
  }
  return out;
}

// After an UPDATE that changed nothing: an error if the id does not exist at all.
Result<void> require_delivery(pg::Connection& db, std::string_view op, std::int64_t id) {
  auto rows = db.run(op, "SELECT 1 FROM deliveries WHERE id = $1", {pg::integer(id)});
  if (!rows) return std::unexpected(rows.error());
  if (rows->size() == 0)
    return std::unexpected(db.error(op, "no delivery with id " + std::to_string(id)));
  return {};
}

// Runs `sql` for every id ($1 the ids as an array, the rest `params`) in one transaction.
Result<void> update_each(pg::Connection& db, std::string_view op, const std::string& sql,
                         const std::vector<std::int64_t>& ids, std::vector<pg::Param> params) {
  params.insert(params.begin(), pg::integer_array(ids));
  return db.write(op, [&]() -> Result<void> {
    auto r = db.run(op, sql, params);
    if (!r) return std::unexpected(r.error());
    return {};
  });
}

Result<std::int64_t> run_count(pg::Connection& db, std::string_view op, const std::string& sql,
                               const std::vector<pg::Param>& params) {
  auto r = db.run(op, sql, params);
  if (!r) return std::unexpected(r.error());
  return r->affected();
}

}  // namespace

Result<std::vector<Delivery>> PgStore::due_deliveries(UnixTime now, int limit) const {
  return due_deliveries_for("", now, 0, limit);
}

Result<std::vector<Delivery>> PgStore::due_deliveries_for(const std::string& node, UnixTime now,
                                                          std::int64_t now_ms, int limit) const {
  // As outbox.cpp: FIFO per channel behind a delivery waiting for its retry or claimed by
  // another node ($3: this node; '' = one node, no claims), and `limit` counts articles,
  // every due row of an article in the same batch.
  return read_all(db().read(
      "due_deliveries",
      "WITH waiting AS (SELECT channel, MIN(id) AS first FROM deliveries "
      "WHERE status = 'pending' AND ((next_attempt_at > $1 AND attempts > 0) OR "
      "($3::text <> '' AND claimed_by NOT IN ('', $3) AND claim_expires_ms > $4)) GROUP BY "
      "channel), "
      "due AS (SELECT d.id, d.snapshot_id FROM deliveries d "
      "WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND "
      "($3::text = '' OR d.claimed_by IN ('', $3) OR d.claim_expires_ms <= $4) AND NOT EXISTS "
      "(SELECT 1 FROM waiting w WHERE w.channel = d.channel AND w.first < d.id)), "
      "articles AS (SELECT snapshot_id FROM due GROUP BY snapshot_id ORDER BY MIN(id) LIMIT $2) " +
          std::string(kSelectDelivery) +
          " WHERE d.id IN (SELECT id FROM due WHERE snapshot_id IN "
          "(SELECT snapshot_id FROM articles)) ORDER BY d.id",
      {pg::integer(now), pg::integer(limit), pg::text(node), pg::integer(now_ms)}));
}

Result<void> PgStore::mark_sent(std::int64_t delivery_id, UnixTime now) {
  return db().write("mark_sent", [&]() -> Result<void> {
    auto changed = run_count(db(), "mark_sent",
                             "UPDATE deliveries SET status = 'sent', sent_at = $2, "
                             "attempts = attempts + 1, last_error = '' "
                             "WHERE id = $1 AND status <> 'sent'",
                             {pg::integer(delivery_id), pg::integer(now)});
    if (!changed) return std::unexpected(changed.error());
    if (*changed == 0) return require_delivery(db(), "mark_sent", delivery_id);
    return {};
  });
}

Result<void> PgStore::mark_failed(std::int64_t delivery_id, const std::string& error,
                                  UnixTime next_attempt_at, bool dead) {
  return db().write("mark_failed", [&]() -> Result<void> {
    auto changed = run_count(db(), "mark_failed",
                             "UPDATE deliveries SET status = $2, attempts = attempts + 1, "
                             "last_error = $3, next_attempt_at = $4 "
                             "WHERE id = $1 AND status = 'pending'",
                             {pg::integer(delivery_id), pg::text(dead ? "dead" : "pending"),
                              pg::text(error), pg::integer(next_attempt_at)});
    if (!changed) return std::unexpected(changed.error());
    if (*changed == 0) return require_delivery(db(), "mark_failed", delivery_id);
    return {};
  });
}

Result<std::vector<Delivery>> PgStore::deliveries(std::optional<DeliveryStatus> status) const {
  std::string sql = kSelectDelivery;
  std::vector<pg::Param> params;
  if (status) {
    sql += " WHERE d.status = $1";
    params.push_back(pg::text(delivery_status_name(*status)));
  }
  sql += " ORDER BY d.id";
  return read_all(db().read("deliveries", sql, params));
}

Result<std::optional<UnixTime>> PgStore::next_due_delivery() const {
  auto rows = db().read("next_due_delivery",
                        "SELECT MIN(next_attempt_at) FROM deliveries WHERE status = 'pending'");
  if (!rows) return std::unexpected(rows.error());
  return rows->optional_integer(0, 0);
}

Result<void> PgStore::assign_digest_window(const std::vector<std::int64_t>& ids,
                                           UnixTime window_end) {
  return update_each(db(), "assign_digest_window",
                     "UPDATE deliveries SET window_end = $2, "
                     "next_attempt_at = GREATEST(next_attempt_at, $2) "
                     "WHERE id = ANY($1::bigint[]) AND status = 'pending'",
                     ids, {pg::integer(window_end)});
}

Result<void> PgStore::claim_batch(const std::vector<std::int64_t>& ids, const std::string& key) {
  return update_each(db(), "claim_batch",
                     "UPDATE deliveries SET batch_key = $2 "
                     "WHERE id = ANY($1::bigint[]) AND status = 'pending'",
                     ids, {pg::text(key)});
}

Result<void> PgStore::defer_deliveries(const std::vector<std::int64_t>& ids, UnixTime until) {
  return update_each(db(), "defer_deliveries",
                     "UPDATE deliveries SET next_attempt_at = $2 "
                     "WHERE id = ANY($1::bigint[]) AND status = 'pending'",
                     ids, {pg::integer(until)});
}

Result<void> PgStore::mark_batch_sent(const std::vector<std::int64_t>& ids, UnixTime now) {
  return update_each(db(), "mark_batch_sent",
                     "UPDATE deliveries SET status = 'sent', sent_at = $2, "
                     "attempts = attempts + 1, last_error = '', claimed_by = '', "
                     "claim_expires_ms = 0 WHERE id = ANY($1::bigint[]) AND status = 'pending'",
                     ids, {pg::integer(now)});
}

Result<void> PgStore::mark_batch_failed(const std::vector<std::int64_t>& ids,
                                        const std::string& error, UnixTime next_attempt_at,
                                        bool dead) {
  return update_each(
      db(), "mark_batch_failed",
      "UPDATE deliveries SET status = $2, attempts = attempts + 1, "
      "last_error = $3, next_attempt_at = $4, claimed_by = '', claim_expires_ms = 0 "
      "WHERE id = ANY($1::bigint[]) AND status = 'pending'",
      ids, {pg::text(dead ? "dead" : "pending"), pg::text(error), pg::integer(next_attempt_at)});
}

Result<std::vector<UnixTime>> PgStore::message_send_times(const std::string& channel,
                                                          UnixTime since) const {
  auto rows = db().read("message_send_times",
                        "SELECT MIN(sent_at) FROM deliveries "
                        "WHERE channel = $1 AND status = 'sent' AND sent_at >= $2 "
                        "GROUP BY CASE batch_key WHEN '' THEN id::text ELSE batch_key END "
                        "ORDER BY 1",
                        {pg::text(channel), pg::integer(since)});
  if (!rows) return std::unexpected(rows.error());
  std::vector<UnixTime> out;
  for (int i = 0; i < rows->size(); ++i) out.push_back(rows->integer(i, 0));
  return out;
}

Result<bool> PgStore::requeue_delivery(std::int64_t delivery_id, UnixTime now) {
  const std::string_view op = "requeue_delivery";
  return db().write(op, [&]() -> Result<bool> {
    auto found = db().run(op, "SELECT status, channel FROM deliveries WHERE id = $1 FOR UPDATE",
                          {pg::integer(delivery_id)});
    if (!found) return std::unexpected(found.error());
    if (found->size() == 0)
      return std::unexpected(db().error(op, "no delivery with id " + std::to_string(delivery_id)));
    const std::string status = found->text(0, 0);
    if (status == "pending") return false;
    // As outbox_batches.cpp: a dead delivery keeps its keys, a sent one gets a new key.
    auto updated =
        status == "dead"
            ? db().run(op,
                       "UPDATE deliveries SET status = 'pending', attempts = 0, last_error = '', "
                       "next_attempt_at = $2 WHERE id = $1",
                       {pg::integer(delivery_id), pg::integer(now)})
            : db().run(op,
                       "UPDATE deliveries SET status = 'pending', attempts = 0, last_error = '', "
                       "next_attempt_at = $2, sent_at = NULL, batch_key = '', key = $3 "
                       "WHERE id = $1",
                       {pg::integer(delivery_id), pg::integer(now), pg::text(make_unique_key())});
    if (!updated) return std::unexpected(updated.error());
    auto enabled =
        db().run(op, "DELETE FROM channel_state WHERE channel = $1", {pg::text(found->text(0, 1))});
    if (!enabled) return std::unexpected(enabled.error());
    return true;
  });
}

Result<int> PgStore::requeue_dead(UnixTime now) {
  const std::string_view op = "requeue_dead";
  return db().write(op, [&]() -> Result<int> {
    auto enabled = db().run(op,
                            "DELETE FROM channel_state WHERE channel IN "
                            "(SELECT channel FROM deliveries WHERE status = 'dead')");
    if (!enabled) return std::unexpected(enabled.error());
    auto changed = run_count(db(), op,
                             "UPDATE deliveries SET status = 'pending', attempts = 0, "
                             "last_error = '', next_attempt_at = $1 WHERE status = 'dead'",
                             {pg::integer(now)});
    if (!changed) return std::unexpected(changed.error());
    return static_cast<int>(*changed);
  });
}

Result<void> PgStore::disable_channel(const ChannelDisabled& state) {
  return db().write("disable_channel", [&]() -> Result<void> {
    auto r = db().run("disable_channel",
                      "INSERT INTO channel_state (channel, disabled_reason, disabled_url, "
                      "disabled_at) VALUES ($1, $2, $3, $4) ON CONFLICT (channel) DO UPDATE SET "
                      "disabled_reason = excluded.disabled_reason, "
                      "disabled_url = excluded.disabled_url, disabled_at = excluded.disabled_at",
                      {pg::text(state.channel), pg::text(state.reason), pg::text(state.url),
                       pg::integer(state.at)});
    if (!r) return std::unexpected(r.error());
    return {};
  });
}

Result<void> PgStore::enable_channel(const std::string& channel) {
  return db().write("enable_channel", [&]() -> Result<void> {
    auto r = db().run("enable_channel", "DELETE FROM channel_state WHERE channel = $1",
                      {pg::text(channel)});
    if (!r) return std::unexpected(r.error());
    return {};
  });
}

Result<int> PgStore::resume_channel(const std::string& channel, UnixTime now, bool lift_pause) {
  const std::string_view op = "resume_channel";
  return db().write(op, [&]() -> Result<int> {
    if (lift_pause) {
      auto r = db().run(op, "DELETE FROM channel_state WHERE channel = $1", {pg::text(channel)});
      if (!r) return std::unexpected(r.error());
    }
    auto changed = run_count(db(), op,
                             "UPDATE deliveries SET next_attempt_at = $2 "
                             "WHERE channel = $1 AND status = 'pending' AND next_attempt_at > $2 "
                             "AND (window_end IS NULL OR window_end <= $2)",
                             {pg::text(channel), pg::integer(now)});
    if (!changed) return std::unexpected(changed.error());
    return static_cast<int>(*changed);
  });
}

Result<std::vector<ChannelDisabled>> PgStore::disabled_channels() const {
  auto rows = db().read("disabled_channels",
                        "SELECT channel, disabled_reason, disabled_url, disabled_at "
                        "FROM channel_state ORDER BY channel");
  if (!rows) return std::unexpected(rows.error());
  std::vector<ChannelDisabled> out;
  for (int i = 0; i < rows->size(); ++i)
    out.push_back({rows->text(i, 0), rows->text(i, 1), rows->text(i, 2), rows->integer(i, 3)});
  return out;
}

}  // namespace headlined::store
