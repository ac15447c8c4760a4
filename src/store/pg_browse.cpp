// What the web front and the admin commands read on PostgreSQL (as browse.cpp and stats.cpp
// on SQLite).
#include "pg_store.hpp"

namespace headlined::store {

namespace {

Result<bool> first_flag(Result<pg::Rows> rows) {
  if (!rows) return std::unexpected(rows.error());
  return rows->size() > 0 && rows->integer(0, 0) != 0;
}

}  // namespace

Result<std::vector<SnapshotSummary>> PgStore::snapshot_page(const SnapshotPageQuery& query) const {
  // Keyset paging on (fetched_at, id), newest first, as browse.cpp.
  std::string sql =
      "SELECT id, url, url_hash, title, source_name, published, fetched_at FROM snapshots "
      "WHERE true";
  std::vector<pg::Param> params;
  if (!query.source.empty()) {
    params.push_back(pg::text(query.source));
    sql += " AND source_name = $" + std::to_string(params.size());
  }
  if (query.before) {
    params.push_back(pg::integer(query.before->first));
    params.push_back(pg::integer(query.before->second));
    sql += " AND (fetched_at, id) < ($" + std::to_string(params.size() - 1) + ", $" +
           std::to_string(params.size()) + ")";
  }
  params.push_back(pg::integer(query.limit));
  sql += " ORDER BY fetched_at DESC, id DESC LIMIT $" + std::to_string(params.size());
  auto rows = db().read("snapshot_page", sql, params);
  if (!rows) return std::unexpected(rows.error());
  std::vector<SnapshotSummary> out;
  for (int i = 0; i < rows->size(); ++i) {
    out.push_back(SnapshotSummary{rows->integer(i, 0), rows->text(i, 1), rows->text(i, 2),
                                  rows->text(i, 3), rows->text(i, 4), rows->text(i, 5),
                                  rows->integer(i, 6)});
  }
  return out;
}

Result<std::optional<Snapshot>> PgStore::snapshot_by_url_hash(const std::string& hash) const {
  auto rows = db().read("snapshot_by_url_hash", "SELECT min(id) FROM snapshots WHERE url_hash = $1",
                        {pg::text(hash)});
  if (!rows) return std::unexpected(rows.error());
  if (rows->null(0, 0)) return std::optional<Snapshot>{};
  return snapshot_text_by_id(rows->integer(0, 0));
}

Result<std::optional<SnapshotPageState>> PgStore::snapshot_page_state(
    std::int64_t snapshot_id) const {
  auto rows = db().read("snapshot_page_state",
                        "SELECT count(m.snapshot_id), coalesce(max(m.snapshot_id), 0) "
                        "FROM snapshots s "
                        "LEFT JOIN story_members self ON self.snapshot_id = s.id "
                        "LEFT JOIN story_members m ON m.story_id = self.story_id "
                        "AND m.snapshot_id <> s.id WHERE s.id = $1 GROUP BY s.id",
                        {pg::integer(snapshot_id)});
  if (!rows) return std::unexpected(rows.error());
  if (rows->size() == 0) return std::optional<SnapshotPageState>{};
  return SnapshotPageState{rows->integer(0, 0), rows->integer(0, 1)};
}

Result<std::string> PgStore::url_hash_of(std::int64_t snapshot_id) const {
  auto rows = db().read("url_hash_of", "SELECT url_hash FROM snapshots WHERE id = $1",
                        {pg::integer(snapshot_id)});
  if (!rows) return std::unexpected(rows.error());
  if (rows->size() == 0) return std::string();
  return rows->text(0, 0);
}

Result<bool> PgStore::taken_down_id(std::int64_t snapshot_id) const {
  return first_flag(db().read("taken_down_id",
                              "SELECT (EXISTS (SELECT 1 FROM tombstones WHERE snapshot_id = $1 "
                              "AND kind = 'takedown'))::int",
                              {pg::integer(snapshot_id)}));
}

Result<bool> PgStore::taken_down_hash(const std::string& hash) const {
  return first_flag(db().read("taken_down_hash",
                              "SELECT (EXISTS (SELECT 1 FROM tombstones WHERE url_hash = $1 "
                              "AND kind = 'takedown'))::int",
                              {pg::text(hash)}));
}

Result<std::vector<std::string>> PgStore::snapshot_sources() const {
  auto rows = db().read("snapshot_sources", "SELECT name FROM sources ORDER BY name");
  if (!rows) return std::unexpected(rows.error());
  std::vector<std::string> out;
  for (int i = 0; i < rows->size(); ++i) out.push_back(rows->text(i, 0));
  return out;
}

Result<DeliveryCounts> PgStore::delivery_counts() const {
  auto rows = db().read("delivery_counts",
                        "SELECT status, count(*), count(*) FILTER (WHERE attempts > 0), "
                        "min(created_at) FROM deliveries GROUP BY status");
  if (!rows) return std::unexpected(rows.error());
  DeliveryCounts out;
  for (int i = 0; i < rows->size(); ++i) {
    const std::string status = rows->text(i, 0);
    if (status == "pending") {
      out.pending = rows->integer(i, 1);
      out.failing = rows->integer(i, 2);
      out.oldest_pending_created = rows->optional_integer(i, 3);
    } else if (status == "sent") {
      out.sent = rows->integer(i, 1);
    } else if (status == "dead") {
      out.dead = rows->integer(i, 1);
    }
  }
  return out;
}

Result<std::int64_t> PgStore::snapshot_count(UnixTime since) const {
  auto rows = db().read("snapshot_count", "SELECT count(*) FROM snapshots WHERE fetched_at >= $1",
                        {pg::integer(since)});
  if (!rows) return std::unexpected(rows.error());
  return rows->integer(0, 0);
}

Result<std::map<std::string, SubscriptionStats>> PgStore::subscription_stats() const {
  auto rows = db().read("subscription_stats",
                        "SELECT m.subscription, count(*), max(s.fetched_at) FROM matches m "
                        "JOIN snapshots s ON s.id = m.snapshot_id GROUP BY m.subscription");
  if (!rows) return std::unexpected(rows.error());
  std::map<std::string, SubscriptionStats> out;
  for (int i = 0; i < rows->size(); ++i)
    out[rows->text(i, 0)] = SubscriptionStats{rows->integer(i, 1), rows->optional_integer(i, 2)};
  return out;
}

}  // namespace headlined::store
