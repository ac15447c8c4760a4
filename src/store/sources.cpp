// Source registration and the fetch state kept per source.
#include <string>

#include "backend_shared.hpp"
#include "headlined/store/store.hpp"
#include "store_impl.hpp"

namespace headlined::store {

namespace {

SourceState read_state(const Statement& st) {
  SourceState s;
  s.name = st.text(0);
  s.url = st.text(1);
  s.etag = st.text(2);
  s.last_modified = st.text(3);
  s.last_success = st.optional_integer(4);
  s.last_error = st.text(5);
  s.consecutive_failures = static_cast<int>(st.integer(6));
  s.next_attempt_at = st.integer(7);
  s.discovered_kind = st.text(8);
  s.discovered_url = st.text(9);
  s.discovered_reason = st.text(10);
  s.poll_interval = st.integer(11);
  s.poll_reason = st.text(12);
  return s;
}

// Runs an UPDATE of one source and turns "no row changed" into an error naming the source.
Result<void> update_source(Connection& impl, std::string_view op, const std::string& name,
                           Statement& st) {
  if (st.step() != SQLITE_DONE) return std::unexpected(impl.error(op));
  if (sqlite3_changes(impl.db) == 0) {
    return std::unexpected(impl.error(op, "no source named '" + name + "'"));
  }
  return {};
}

}  // namespace

Result<void> SqliteStore::upsert_source(const Source& source) {
  return impl_->write("upsert_source", [&]() -> Result<void> {
    Statement st(impl_->db,
                 "INSERT INTO sources (name, url, kind) VALUES (?1, ?2, ?3) "
                 "ON CONFLICT (name) DO UPDATE SET "
                 "etag = CASE WHEN url = excluded.url THEN etag ELSE '' END, "
                 "last_modified = CASE WHEN url = excluded.url THEN last_modified ELSE '' END, "
                 // A discovery made from another URL says nothing about this one.
                 "discovered_kind = CASE WHEN url = excluded.url THEN discovered_kind ELSE '' "
                 "END, "
                 "discovered_url = CASE WHEN url = excluded.url THEN discovered_url ELSE '' END, "
                 "discovered_reason = CASE WHEN url = excluded.url THEN discovered_reason "
                 "ELSE '' END, "
                 "url = excluded.url, kind = excluded.kind");
    st.bind(1, source.name).bind(2, source.url).bind(3, source_kind_name(source.kind));
    if (st.step() != SQLITE_DONE) return std::unexpected(impl_->error("upsert_source"));
    return {};
  });
}

Result<SourceState> SqliteStore::source_state(const std::string& name) const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db, std::string(kSelectSourceState) + " WHERE name = ?1");
  st.bind(1, name);
  int rc = st.step();
  if (rc == SQLITE_ROW) return read_state(st);
  if (rc == SQLITE_DONE) {
    return std::unexpected(impl_->error("source_state", "no source named '" + name + "'"));
  }
  return std::unexpected(impl_->error("source_state"));
}

Result<std::vector<SourceState>> SqliteStore::source_states() const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db, std::string(kSelectSourceState) + " ORDER BY name");
  std::vector<SourceState> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back(read_state(st));
  if (rc != SQLITE_DONE) return std::unexpected(impl_->error("source_states"));
  return out;
}

Result<void> SqliteStore::record_poll_success(const std::string& name, const std::string& etag,
                                              const std::string& last_modified, UnixTime now,
                                              UnixTime next_attempt_at) {
  return impl_->write("record_poll_success", [&]() -> Result<void> {
    Statement st(impl_->db,
                 "UPDATE sources SET "
                 "etag = ?2, last_modified = ?3, "
                 "last_success = ?4, last_error = '', consecutive_failures = 0, "
                 "next_attempt_at = ?5 WHERE name = ?1");
    st.bind(1, name).bind(2, etag).bind(3, last_modified).bind(4, now).bind(5, next_attempt_at);
    return update_source(*impl_, "record_poll_success", name, st);
  });
}

Result<void> SqliteStore::record_poll_failure(const std::string& name, const std::string& error,
                                              UnixTime /*now*/, UnixTime next_attempt_at) {
  return impl_->write("record_poll_failure", [&]() -> Result<void> {
    Statement st(impl_->db,
                 "UPDATE sources SET last_error = ?2, "
                 "consecutive_failures = consecutive_failures + 1, next_attempt_at = ?3 "
                 "WHERE name = ?1");
    st.bind(1, name).bind(2, error).bind(3, next_attempt_at);
    return update_source(*impl_, "record_poll_failure", name, st);
  });
}

Result<void> SqliteStore::record_discovery(const std::string& name, const std::string& kind,
                                           const std::string& url, const std::string& reason) {
  return impl_->write("record_discovery", [&]() -> Result<void> {
    Statement st(impl_->db,
                 // The validators belong to the URL polled before; a new choice starts afresh.
                 "UPDATE sources SET "
                 "etag = CASE WHEN discovered_url = ?3 THEN etag ELSE '' END, "
                 "last_modified = CASE WHEN discovered_url = ?3 THEN last_modified ELSE '' END, "
                 "discovered_kind = ?2, discovered_url = ?3, discovered_reason = ?4 "
                 "WHERE name = ?1");
    st.bind(1, name).bind(2, kind).bind(3, url).bind(4, reason);
    return update_source(*impl_, "record_discovery", name, st);
  });
}

Result<std::vector<UnixTime>> SqliteStore::stored_times(const std::string& source,
                                                        UnixTime since) const {
  std::lock_guard lock(impl_->mutex);
  // Served by the (source_name, fetched_at) index.
  Statement st(impl_->db,
               "SELECT fetched_at FROM snapshots WHERE source_name = ?1 AND fetched_at >= ?2 "
               "ORDER BY fetched_at LIMIT 100000");
  st.bind(1, source).bind(2, since);
  std::vector<UnixTime> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back(st.integer(0));
  if (rc != SQLITE_DONE) return std::unexpected(impl_->error("stored_times"));
  return out;
}

Result<void> SqliteStore::record_poll_interval(const std::string& name, std::int64_t seconds,
                                               const std::string& reason) {
  return impl_->write("record_poll_interval", [&]() -> Result<void> {
    Statement st(impl_->db,
                 "UPDATE sources SET poll_interval = ?2, poll_reason = ?3 WHERE name = ?1");
    st.bind(1, name).bind(2, seconds).bind(3, reason);
    return update_source(*impl_, "record_poll_interval", name, st);
  });
}

}  // namespace headlined::store
