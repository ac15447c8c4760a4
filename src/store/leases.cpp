// Leases (docs/scaling.md): a source or a channel is worked on by one node at a time. A
// lease is a row (kind, name) -> (node, expires_at_ms), taken by one INSERT ... ON CONFLICT
// DO UPDATE whose WHERE lets the update through only when the lease is ours or has expired:
// the statement is atomic on any SQL database, so two nodes never both hold a lease. A node
// that dies keeps its leases only until they expire.
#include <string>

#include "backend_shared.hpp"
#include "headlined/store/store.hpp"
#include "sqlite_store.hpp"
#include "store_impl.hpp"

namespace headlined::store {

Result<bool> SqliteStore::take_lease(LeaseKind kind, const std::string& name,
                                     const std::string& node, std::int64_t now_ms,
                                     std::int64_t expires_at_ms) {
  return impl_->write("take_lease", [&]() -> Result<bool> {
    Statement st(impl_->db,
                 "INSERT INTO leases (kind, name, node, expires_at_ms) VALUES (?1, ?2, ?3, ?4) "
                 "ON CONFLICT (kind, name) DO UPDATE SET node = excluded.node, "
                 "expires_at_ms = excluded.expires_at_ms "
                 "WHERE leases.node = excluded.node OR leases.expires_at_ms <= ?5 "
                 "RETURNING node");
    st.bind(1, lease_kind_name(kind)).bind(2, name).bind(3, node).bind(4, expires_at_ms);
    st.bind(5, now_ms);
    // A row comes back only when the insert or the update happened: the lease is ours.
    bool taken = false;
    int rc;
    while ((rc = st.step()) == SQLITE_ROW) taken = true;
    if (rc != SQLITE_DONE) return std::unexpected(impl_->error("take_lease"));
    return taken;
  });
}

Result<void> SqliteStore::release_lease(LeaseKind kind, const std::string& name,
                                        const std::string& node) {
  return impl_->write("release_lease", [&]() -> Result<void> {
    Statement st(impl_->db, "DELETE FROM leases WHERE kind = ?1 AND name = ?2 AND node = ?3");
    st.bind(1, lease_kind_name(kind)).bind(2, name).bind(3, node);
    if (st.step() != SQLITE_DONE) return std::unexpected(impl_->error("release_lease"));
    return {};
  });
}

Result<int> SqliteStore::release_leases(const std::string& node) {
  return impl_->write("release_leases", [&]() -> Result<int> {
    Statement st(impl_->db, "DELETE FROM leases WHERE node = ?1");
    st.bind(1, node);
    if (st.step() != SQLITE_DONE) return std::unexpected(impl_->error("release_leases"));
    return sqlite3_changes(impl_->db);
  });
}

Result<std::vector<LeaseRecord>> SqliteStore::leases(std::int64_t now_ms) const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               "SELECT kind, name, node, expires_at_ms FROM leases WHERE expires_at_ms > ?1 "
               "ORDER BY kind, name");
  st.bind(1, now_ms);
  std::vector<LeaseRecord> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    LeaseRecord l;
    l.kind = st.text(0) == "source" ? LeaseKind::Source : LeaseKind::Channel;
    l.name = st.text(1);
    l.node = st.text(2);
    l.expires_at_ms = st.integer(3);
    out.push_back(std::move(l));
  }
  if (rc != SQLITE_DONE) return std::unexpected(impl_->error("leases"));
  return out;
}

}  // namespace headlined::store
