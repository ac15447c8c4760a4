// Sources, their fetch state and WebSub subscriptions on PostgreSQL (as sources.cpp and
// websub.cpp on SQLite).
#include "backend_shared.hpp"
#include "pg_store.hpp"

namespace headlined::store {

namespace {

SourceState read_state(const pg::Rows& r, int i) {
  SourceState s;
  s.name = r.text(i, 0);
  s.url = r.text(i, 1);
  s.etag = r.text(i, 2);
  s.last_modified = r.text(i, 3);
  s.last_success = r.optional_integer(i, 4);
  s.last_error = r.text(i, 5);
  s.consecutive_failures = static_cast<int>(r.integer(i, 6));
  s.next_attempt_at = r.integer(i, 7);
  s.discovered_kind = r.text(i, 8);
  s.discovered_url = r.text(i, 9);
  s.discovered_reason = r.text(i, 10);
  s.poll_interval = r.integer(i, 11);
  s.poll_reason = r.text(i, 12);
  return s;
}

// An UPDATE of one source; "no row changed" is an error naming the source.
Result<void> update_source(pg::Connection& db, std::string_view op, const std::string& name,
                           const std::string& sql, const std::vector<pg::Param>& params) {
  return db.write(op, [&]() -> Result<void> {
    auto done = db.run(op, sql, params);
    if (!done) return std::unexpected(done.error());
    if (done->affected() == 0)
      return std::unexpected(db.error(op, "no source named '" + name + "'"));
    return {};
  });
}

}  // namespace

Result<void> PgStore::upsert_source(const Source& source) {
  return db().write("upsert_source", [&]() -> Result<void> {
    auto done = db().run(
        "upsert_source",
        "INSERT INTO sources AS s (name, url, kind) VALUES ($1, $2, $3) "
        "ON CONFLICT (name) DO UPDATE SET "
        "etag = CASE WHEN s.url = excluded.url THEN s.etag ELSE '' END, "
        "last_modified = CASE WHEN s.url = excluded.url THEN s.last_modified ELSE '' END, "
        // A discovery made from another URL says nothing about this one.
        "discovered_kind = CASE WHEN s.url = excluded.url THEN s.discovered_kind ELSE '' END, "
        "discovered_url = CASE WHEN s.url = excluded.url THEN s.discovered_url ELSE '' END, "
        "discovered_reason = CASE WHEN s.url = excluded.url THEN s.discovered_reason "
        "ELSE '' END, url = excluded.url, kind = excluded.kind",
        {pg::text(source.name), pg::text(source.url), pg::text(source_kind_name(source.kind))});
    if (!done) return std::unexpected(done.error());
    return {};
  });
}

Result<SourceState> PgStore::source_state(const std::string& name) const {
  auto rows = db().read("source_state", std::string(kSelectSourceState) + " WHERE name = $1",
                        {pg::text(name)});
  if (!rows) return std::unexpected(rows.error());
  if (rows->size() == 0)
    return std::unexpected(db().error("source_state", "no source named '" + name + "'"));
  return read_state(*rows, 0);
}

Result<std::vector<SourceState>> PgStore::source_states() const {
  auto rows = db().read("source_states", std::string(kSelectSourceState) + " ORDER BY name");
  if (!rows) return std::unexpected(rows.error());
  std::vector<SourceState> out;
  for (int i = 0; i < rows->size(); ++i) out.push_back(read_state(*rows, i));
  return out;
}

Result<void> PgStore::record_poll_success(const std::string& name, const std::string& etag,
                                          const std::string& last_modified, UnixTime now,
                                          UnixTime next_attempt_at) {
  return update_source(db(), "record_poll_success", name,
                       "UPDATE sources SET etag = $2, last_modified = $3, last_success = $4, "
                       "last_error = '', consecutive_failures = 0, next_attempt_at = $5 "
                       "WHERE name = $1",
                       {pg::text(name), pg::text(etag), pg::text(last_modified), pg::integer(now),
                        pg::integer(next_attempt_at)});
}

Result<void> PgStore::record_poll_failure(const std::string& name, const std::string& error,
                                          UnixTime /*now*/, UnixTime next_attempt_at) {
  return update_source(db(), "record_poll_failure", name,
                       "UPDATE sources SET last_error = $2, "
                       "consecutive_failures = consecutive_failures + 1, next_attempt_at = $3 "
                       "WHERE name = $1",
                       {pg::text(name), pg::text(error), pg::integer(next_attempt_at)});
}

Result<void> PgStore::record_discovery(const std::string& name, const std::string& kind,
                                       const std::string& url, const std::string& reason) {
  // The validators belong to the URL polled before; a new choice starts afresh.
  return update_source(db(), "record_discovery", name,
                       "UPDATE sources SET "
                       "etag = CASE WHEN discovered_url = $3 THEN etag ELSE '' END, "
                       "last_modified = CASE WHEN discovered_url = $3 THEN last_modified "
                       "ELSE '' END, discovered_kind = $2, discovered_url = $3, "
                       "discovered_reason = $4 WHERE name = $1",
                       {pg::text(name), pg::text(kind), pg::text(url), pg::text(reason)});
}

Result<void> PgStore::record_poll_interval(const std::string& name, std::int64_t seconds,
                                           const std::string& reason) {
  return update_source(db(), "record_poll_interval", name,
                       "UPDATE sources SET poll_interval = $2, poll_reason = $3 WHERE name = $1",
                       {pg::text(name), pg::integer(seconds), pg::text(reason)});
}

Result<std::vector<UnixTime>> PgStore::stored_times(const std::string& source,
                                                    UnixTime since) const {
  auto rows = db().read("stored_times",
                        "SELECT fetched_at FROM snapshots WHERE source_name = $1 AND "
                        "fetched_at >= $2 ORDER BY fetched_at LIMIT 100000",
                        {pg::text(source), pg::integer(since)});
  if (!rows) return std::unexpected(rows.error());
  std::vector<UnixTime> out;
  for (int i = 0; i < rows->size(); ++i) out.push_back(rows->integer(i, 0));
  return out;
}

Result<std::vector<WebSubRecord>> PgStore::websub_records() const {
  auto rows = db().read("websub_records",
                        "SELECT source_name, hub, topic, callback_token, secret, state, "
                        "requested_at, lease_expires, last_error, retry_at "
                        "FROM websub_subscriptions ORDER BY source_name");
  if (!rows) return std::unexpected(rows.error());
  std::vector<WebSubRecord> out;
  for (int i = 0; i < rows->size(); ++i) {
    WebSubRecord r;
    r.source = rows->text(i, 0);
    r.hub = rows->text(i, 1);
    r.topic = rows->text(i, 2);
    r.callback_token = rows->text(i, 3);
    r.secret = rows->text(i, 4);
    r.state = rows->text(i, 5);
    r.requested_at = rows->integer(i, 6);
    r.lease_expires = rows->optional_integer(i, 7);
    r.last_error = rows->text(i, 8);
    r.retry_at = rows->integer(i, 9);
    out.push_back(std::move(r));
  }
  return out;
}

Result<void> PgStore::save_websub(const WebSubRecord& r) {
  return db().write("save_websub", [&]() -> Result<void> {
    // INSERT OR REPLACE: a row with the same source or the same callback token goes first.
    auto removed = db().run("save_websub",
                            "DELETE FROM websub_subscriptions WHERE source_name = $1 OR "
                            "callback_token = $2",
                            {pg::text(r.source), pg::text(r.callback_token)});
    if (!removed) return std::unexpected(removed.error());
    auto done = db().run(
        "save_websub",
        "INSERT INTO websub_subscriptions (source_name, hub, topic, "
        "callback_token, secret, state, requested_at, lease_expires, "
        "last_error, retry_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        {pg::text(r.source), pg::text(r.hub), pg::text(r.topic), pg::text(r.callback_token),
         pg::text(r.secret), pg::text(r.state), pg::integer(r.requested_at),
         pg::optional_integer(r.lease_expires), pg::text(r.last_error), pg::integer(r.retry_at)});
    if (!done) return std::unexpected(done.error());
    return {};
  });
}

Result<void> PgStore::delete_websub(const std::string& source) {
  return db().write("delete_websub", [&]() -> Result<void> {
    auto done = db().run("delete_websub", "DELETE FROM websub_subscriptions WHERE source_name = $1",
                         {pg::text(source)});
    if (!done) return std::unexpected(done.error());
    return {};
  });
}

}  // namespace headlined::store
