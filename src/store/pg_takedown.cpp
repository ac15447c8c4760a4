// Takedown, tombstones, deletion requests and retention on PostgreSQL (as takedown.cpp,
// takedown_requests.cpp and retention.cpp on SQLite).
#include "backend_shared.hpp"
#include "headlined/core/digest.hpp"
#include "headlined/core/time.hpp"
#include "pg_store.hpp"

namespace headlined::store {

Result<bool> PgStore::is_tombstoned(const std::string& canonical_url) const {
  auto rows = db().read("is_tombstoned", "SELECT 1 FROM tombstones WHERE url = $1",
                        {pg::text(canonical_url)});
  if (!rows) return std::unexpected(rows.error());
  return rows->size() > 0;
}

Result<bool> PgStore::is_known_url(const std::string& canonical_url) const {
  auto rows = db().read("is_known_url",
                        "SELECT (EXISTS (SELECT 1 FROM snapshots WHERE url = $1) "
                        "OR EXISTS (SELECT 1 FROM tombstones WHERE url = $1))::int",
                        {pg::text(canonical_url)});
  if (!rows) return std::unexpected(rows.error());
  return rows->integer(0, 0) != 0;
}

Result<TakedownResult> PgStore::take_down(const std::string& canonical_url,
                                          const std::string& reason, UnixTime now) {
  const std::string_view op = "take_down";
  return db().write(op, [&]() -> Result<TakedownResult> {
    TakedownResult out;
    auto kind =
        db().run(op, "SELECT kind FROM tombstones WHERE url = $1", {pg::text(canonical_url)});
    if (!kind) return std::unexpected(kind.error());
    out.already_taken_down = kind->size() > 0 && kind->text(0, 0) == "takedown";
    auto deliveries = db().run(op,
                               "SELECT count(*), count(*) FILTER (WHERE d.status = 'pending') "
                               "FROM deliveries d JOIN snapshots s ON s.id = d.snapshot_id "
                               "WHERE s.url = $1",
                               {pg::text(canonical_url)});
    if (!deliveries) return std::unexpected(deliveries.error());
    out.deliveries_removed = static_cast<int>(deliveries->integer(0, 0));
    out.pending_removed = static_cast<int>(deliveries->integer(0, 1));
    // Matches, deliveries and story rows go by ON DELETE CASCADE; the search tokens are
    // in the row itself.
    auto removed = db().run(op, "DELETE FROM snapshots WHERE url = $1 RETURNING id",
                            {pg::text(canonical_url)});
    if (!removed) return std::unexpected(removed.error());
    out.snapshot_removed = removed->size() > 0;
    const std::optional<std::int64_t> removed_id =
        out.snapshot_removed ? std::optional(removed->integer(0, 0)) : std::nullopt;
    // A takedown outranks the reminder retention leaves; an earlier takedown keeps its
    // original reason and time.
    auto tomb = db().run(op,
                         "INSERT INTO tombstones AS t (url, kind, reason, created_at, snapshot_id, "
                         "url_hash) VALUES ($1, 'takedown', $2, $3, $4, $5) "
                         "ON CONFLICT (url) DO UPDATE SET kind = 'takedown', "
                         "reason = excluded.reason, created_at = excluded.created_at, "
                         "snapshot_id = coalesce(excluded.snapshot_id, t.snapshot_id), "
                         "url_hash = excluded.url_hash WHERE t.kind <> 'takedown'",
                         {pg::text(canonical_url), pg::text(reason), pg::integer(now),
                          pg::optional_integer(removed_id), pg::text(url_hash(canonical_url))});
    if (!tomb) return std::unexpected(tomb.error());
    return out;
  });
}

Result<std::int64_t> PgStore::add_takedown_request(const TakedownRequest& request) {
  return db().write("add_takedown_request", [&]() -> Result<std::int64_t> {
    auto rows =
        db().run("add_takedown_request",
                 "INSERT INTO takedown_requests (url, contact, reason, client, "
                 "created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                 {pg::text(request.url), pg::text(request.contact), pg::text(request.reason),
                  pg::text(request.client), pg::integer(request.created_at)});
    if (!rows) return std::unexpected(rows.error());
    return rows->integer(0, 0);
  });
}

Result<std::vector<TakedownRequest>> PgStore::takedown_requests() const {
  auto rows = db().read("takedown_requests",
                        "SELECT id, url, contact, reason, client, created_at "
                        "FROM takedown_requests ORDER BY id");
  if (!rows) return std::unexpected(rows.error());
  std::vector<TakedownRequest> out;
  for (int i = 0; i < rows->size(); ++i) {
    out.push_back(TakedownRequest{rows->integer(i, 0), rows->text(i, 1), rows->text(i, 2),
                                  rows->text(i, 3), rows->text(i, 4), rows->integer(i, 5)});
  }
  return out;
}

Result<PurgeResult> PgStore::purge_older_than(UnixTime cutoff) {
  const std::string_view op = "purge_older_than";
  const UnixTime now = now_unix();
  PurgeResult out;
  for (;;) {
    // One batch: tombstones for the purged URLs, then the rows (matches, sent and dead
    // deliveries and story rows by ON DELETE CASCADE).
    auto removed = db().write(op, [&]() -> Result<std::int64_t> {
      auto rows =
          db().run(op,
                   "WITH batch AS (SELECT s.id, s.url FROM snapshots s WHERE s.fetched_at < $1 "
                   "AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.snapshot_id = s.id "
                   "AND d.status = 'pending') AND NOT EXISTS (SELECT 1 FROM story_members m "
                   "WHERE m.story_id = s.id AND m.snapshot_id <> s.id) LIMIT $2), "
                   "tomb AS (INSERT INTO tombstones (url, kind, created_at) "
                   "SELECT url, 'purged', $3 FROM batch ON CONFLICT (url) DO NOTHING) "
                   "DELETE FROM snapshots WHERE id IN (SELECT id FROM batch) RETURNING id",
                   {pg::integer(cutoff), pg::integer(kPurgeBatchSize), pg::integer(now)});
      if (!rows) return std::unexpected(rows.error());
      return static_cast<std::int64_t>(rows->size());
    });
    if (!removed) return std::unexpected(removed.error());
    out.snapshots_removed += *removed;
    if (*removed < kPurgeBatchSize) break;
  }
  auto forget = db().write(op, [&]() -> Result<void> {
    // Reminders of URLs purged before the cutoff have served a whole retention period.
    auto r = db().run(op, "DELETE FROM tombstones WHERE kind = 'purged' AND created_at < $1",
                      {pg::integer(cutoff)});
    if (!r) return std::unexpected(r.error());
    return {};
  });
  if (!forget) return std::unexpected(forget.error());
  auto kept =
      db().read(op, "SELECT count(*) FROM snapshots WHERE fetched_at < $1", {pg::integer(cutoff)});
  if (!kept) return std::unexpected(kept.error());
  out.kept_for_pending = kept->integer(0, 0);
  return out;
}

}  // namespace headlined::store
