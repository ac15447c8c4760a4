// Node heartbeats (docs/scaling.md): each daemon sharing the database records that it is
// alive; `headlined status` and the metrics list the nodes and the sources each one holds.
#include <string>

#include "headlined/store/store.hpp"
#include "sqlite_store.hpp"
#include "store_impl.hpp"

namespace headlined::store {

Result<void> SqliteStore::record_heartbeat(const NodeRecord& node) {
  return impl_->write("record_heartbeat", [&]() -> Result<void> {
    Statement st(impl_->db,
                 "INSERT INTO nodes (name, started_at, heartbeat_at, version, lease_period_ms) "
                 "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (name) DO UPDATE SET "
                 "started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at, "
                 "version = excluded.version, lease_period_ms = excluded.lease_period_ms");
    st.bind(1, node.name).bind(2, node.started_at).bind(3, node.heartbeat_at);
    st.bind(4, node.version).bind(5, node.lease_period_ms);
    if (st.step() != SQLITE_DONE) return std::unexpected(impl_->error("record_heartbeat"));
    return {};
  });
}

Result<std::vector<NodeRecord>> SqliteStore::nodes(std::int64_t now_ms) const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               "SELECT n.name, n.started_at, n.heartbeat_at, n.version, n.lease_period_ms, "
               "(SELECT COUNT(*) FROM leases l WHERE l.kind = 'source' AND l.node = n.name "
               "AND l.expires_at_ms > ?1) FROM nodes n ORDER BY n.name");
  st.bind(1, now_ms);
  std::vector<NodeRecord> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    NodeRecord n;
    n.name = st.text(0);
    n.started_at = st.integer(1);
    n.heartbeat_at = st.integer(2);
    n.version = st.text(3);
    n.lease_period_ms = st.integer(4);
    n.sources_held = st.integer(5);
    out.push_back(std::move(n));
  }
  if (rc != SQLITE_DONE) return std::unexpected(impl_->error("nodes"));
  return out;
}

}  // namespace headlined::store
