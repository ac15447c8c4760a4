// Several nodes on one PostgreSQL database (docs/scaling.md): heartbeats, leases and delivery
// claims, with the same statements and meaning as nodes.cpp, leases.cpp and claims.cpp on
// SQLite. The lease is one INSERT ... ON CONFLICT DO UPDATE ... WHERE: PostgreSQL locks the
// conflicting row for the update, so two nodes never both hold a lease.
#include "backend_shared.hpp"
#include "pg_store.hpp"

namespace headlined::store {

Result<std::int64_t> PgStore::raw_pages_to_move() const {
  return std::int64_t{0};  // pages were never in another place here
}

Result<std::int64_t> PgStore::move_raw_pages(std::int64_t /*max_snapshots*/) {
  return std::int64_t{0};
}

Result<void> PgStore::record_heartbeat(const NodeRecord& node) {
  auto r =
      db().read("record_heartbeat",
                "INSERT INTO nodes (name, started_at, heartbeat_at, version, lease_period_ms) "
                "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (name) DO UPDATE SET "
                "started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at, "
                "version = excluded.version, lease_period_ms = excluded.lease_period_ms",
                {pg::text(node.name), pg::integer(node.started_at), pg::integer(node.heartbeat_at),
                 pg::text(node.version), pg::integer(node.lease_period_ms)});
  if (!r) return std::unexpected(r.error());
  return {};
}

Result<std::vector<NodeRecord>> PgStore::nodes(std::int64_t now_ms) const {
  auto rows =
      db().read("nodes",
                "SELECT n.name, n.started_at, n.heartbeat_at, n.version, n.lease_period_ms, "
                "(SELECT COUNT(*) FROM leases l WHERE l.kind = 'source' AND "
                "l.node = n.name AND l.expires_at_ms > $1) FROM nodes n ORDER BY n.name",
                {pg::integer(now_ms)});
  if (!rows) return std::unexpected(rows.error());
  std::vector<NodeRecord> out;
  for (int i = 0; i < rows->size(); ++i) {
    NodeRecord n;
    n.name = rows->text(i, 0);
    n.started_at = rows->integer(i, 1);
    n.heartbeat_at = rows->integer(i, 2);
    n.version = rows->text(i, 3);
    n.lease_period_ms = rows->integer(i, 4);
    n.sources_held = rows->integer(i, 5);
    out.push_back(std::move(n));
  }
  return out;
}

Result<bool> PgStore::take_lease(LeaseKind kind, const std::string& name, const std::string& node,
                                 std::int64_t now_ms, std::int64_t expires_at_ms) {
  // A row comes back only when the insert or the update happened: the lease is ours.
  auto rows = db().read("take_lease",
                        "INSERT INTO leases (kind, name, node, expires_at_ms) "
                        "VALUES ($1, $2, $3, $4) ON CONFLICT (kind, name) DO UPDATE SET "
                        "node = excluded.node, expires_at_ms = excluded.expires_at_ms "
                        "WHERE leases.node = excluded.node OR leases.expires_at_ms <= $5 "
                        "RETURNING node",
                        {pg::text(lease_kind_name(kind)), pg::text(name), pg::text(node),
                         pg::integer(expires_at_ms), pg::integer(now_ms)});
  if (!rows) return std::unexpected(rows.error());
  return rows->size() > 0;
}

Result<void> PgStore::release_lease(LeaseKind kind, const std::string& name,
                                    const std::string& node) {
  auto r =
      db().read("release_lease", "DELETE FROM leases WHERE kind = $1 AND name = $2 AND node = $3",
                {pg::text(lease_kind_name(kind)), pg::text(name), pg::text(node)});
  if (!r) return std::unexpected(r.error());
  return {};
}

Result<int> PgStore::release_leases(const std::string& node) {
  auto r = db().read("release_leases", "DELETE FROM leases WHERE node = $1", {pg::text(node)});
  if (!r) return std::unexpected(r.error());
  return static_cast<int>(r->affected());
}

Result<std::vector<LeaseRecord>> PgStore::leases(std::int64_t now_ms) const {
  auto rows = db().read("leases",
                        "SELECT kind, name, node, expires_at_ms FROM leases "
                        "WHERE expires_at_ms > $1 ORDER BY kind, name",
                        {pg::integer(now_ms)});
  if (!rows) return std::unexpected(rows.error());
  std::vector<LeaseRecord> out;
  for (int i = 0; i < rows->size(); ++i) {
    LeaseRecord l;
    l.kind = rows->text(i, 0) == "source" ? LeaseKind::Source : LeaseKind::Channel;
    l.name = rows->text(i, 1);
    l.node = rows->text(i, 2);
    l.expires_at_ms = rows->integer(i, 3);
    out.push_back(std::move(l));
  }
  return out;
}

Result<bool> PgStore::claim_deliveries(const std::vector<std::int64_t>& ids, const std::string& key,
                                       const std::string& node, std::int64_t now_ms,
                                       std::int64_t expires_at_ms) {
  const std::string_view op = "claim_deliveries";
  return db().write(op, [&]() -> Result<bool> {
    // All or none: a message goes out only when every delivery in it is this node's. The
    // rows are locked first (FOR UPDATE), so two nodes claiming at once cannot both see
    // them free.
    auto held = db().run(op,
                         "SELECT id, claimed_by, claim_expires_ms FROM deliveries "
                         "WHERE id = ANY($1::bigint[]) AND status = 'pending' FOR UPDATE",
                         {pg::integer_array(ids)});
    if (!held) return std::unexpected(held.error());
    for (int i = 0; i < held->size(); ++i) {
      const std::string by = held->text(i, 1);
      if (!by.empty() && by != node && held->integer(i, 2) > now_ms) return false;
    }
    auto r = db().run(
        op,
        "UPDATE deliveries SET batch_key = $2, claimed_by = $3, "
        "claim_expires_ms = $4 WHERE id = ANY($1::bigint[]) AND status = 'pending'",
        {pg::integer_array(ids), pg::text(key), pg::text(node), pg::integer(expires_at_ms)});
    if (!r) return std::unexpected(r.error());
    return true;
  });
}

}  // namespace headlined::store
