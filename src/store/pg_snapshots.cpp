// Snapshots, matches, stories and commit_article on PostgreSQL (as snapshots.cpp and
// stories.cpp on SQLite). The search tokens are written with the snapshot (pg_search.cpp).
#include <algorithm>

#include "backend_shared.hpp"
#include "headlined/core/body_signature.hpp"
#include "headlined/core/digest.hpp"
#include "headlined/core/time.hpp"
#include "headlined/core/unique_key.hpp"
#include "pg_search_tokens.hpp"
#include "pg_store.hpp"
#include "terms_json.hpp"

namespace headlined::store {

namespace {

constexpr const char* kPgSelectSnapshot =
    "SELECT id, url, original_url, source_name, title, subtitle, byline, attribution, "
    "published, body, raw_page, charset, fetched_at FROM snapshots";

// The same columns with the raw page left out (it can be megabytes).
constexpr const char* kPgSelectSnapshotWithoutPage =
    "SELECT s.id, s.url, s.original_url, s.source_name, s.title, s.subtitle, s.byline, "
    "s.attribution, s.published, s.body, ''::bytea, s.charset, s.fetched_at";

Snapshot read_snapshot(const pg::Rows& r, int i) {
  Snapshot s;
  s.id = r.integer(i, 0);
  s.article.url = r.text(i, 1);
  s.original_url = r.text(i, 2);
  s.article.source_name = r.text(i, 3);
  s.article.title = r.text(i, 4);
  s.article.subtitle = r.text(i, 5);
  s.article.byline = r.text(i, 6);
  s.article.attribution = r.text(i, 7);
  s.article.published = r.text(i, 8);
  s.article.body = r.text(i, 9);
  s.raw_page = r.bytes(i, 10);
  s.charset = r.text(i, 11);
  s.fetched_at = r.integer(i, 12);
  return s;
}

Result<std::optional<Snapshot>> one_snapshot(Result<pg::Rows> rows) {
  if (!rows) return std::unexpected(rows.error());
  if (rows->size() == 0) return std::optional<Snapshot>{};
  return read_snapshot(*rows, 0);
}

struct Candidate {
  std::int64_t id = 0;
  std::int64_t story_id = 0;
  double resemblance = 0;
};

// The story of the most resembling earlier snapshot within the window, if one is the same
// (stories.cpp's lookup in one statement: every band key's newest candidates with sketches).
Result<std::optional<Candidate>> lookup_story(pg::Connection& db, const BodySignature& signature,
                                              std::int64_t self, UnixTime since) {
  auto rows = db.run("commit_article: story lookup",
                     "SELECT c.snapshot_id, m.story_id, m.sketch FROM (SELECT DISTINCT "
                     "x.snapshot_id FROM unnest($1::bigint[]) AS k (band_key) CROSS JOIN LATERAL "
                     "(SELECT b.snapshot_id FROM story_bands b JOIN story_members m "
                     "ON m.snapshot_id = b.snapshot_id WHERE b.band_key = k.band_key "
                     "AND b.snapshot_id <> $2 AND m.fetched_at >= $3 "
                     "ORDER BY b.snapshot_id DESC LIMIT $4) x) c "
                     "JOIN story_members m ON m.snapshot_id = c.snapshot_id",
                     {pg::integer_array(signature.band_keys), pg::integer(self), pg::integer(since),
                      pg::integer(kCandidatesPerBand)});
  if (!rows) return std::unexpected(rows.error());
  std::optional<Candidate> best;
  for (int i = 0; i < rows->size(); ++i) {
    const std::int64_t id = rows->integer(i, 0);
    BodySignature other;
    other.sketch = sketch_from_bytes(rows->bytes(i, 2));
    const double r = resemblance(signature, other);
    if (!same_story(r)) continue;
    // The most resembling copy; on a tie the older one, whose story is the older.
    if (!best || r > best->resemblance || (r == best->resemblance && id < best->id))
      best = Candidate{id, rows->integer(i, 1), r};
  }
  return best;
}

Result<std::int64_t> join_story(pg::Connection& db, std::chrono::seconds window,
                                std::int64_t snapshot_id, const Snapshot& snapshot) {
  const BodySignature& signature = snapshot.signature;
  if (signature.empty()) return std::int64_t{0};
  auto best = lookup_story(db, signature, snapshot_id, snapshot.fetched_at - window.count());
  if (!best) return std::unexpected(best.error());
  const std::int64_t story_id = *best ? (*best)->story_id : snapshot_id;
  auto member =
      db.run("commit_article: story",
             "INSERT INTO story_members (snapshot_id, story_id, fetched_at, shingles, "
             "sketch) VALUES ($1, $2, $3, $4, $5)",
             {pg::integer(snapshot_id), pg::integer(story_id), pg::integer(snapshot.fetched_at),
              pg::integer(static_cast<std::int64_t>(signature.shingles)),
              pg::bytes(sketch_to_bytes(signature.sketch))});
  if (!member) return std::unexpected(member.error());
  auto bands = db.run("commit_article: story band",
                      "INSERT INTO story_bands (band_key, snapshot_id) "
                      "SELECT DISTINCT unnest($1::bigint[]), $2::bigint ON CONFLICT DO NOTHING",
                      {pg::integer_array(signature.band_keys), pg::integer(snapshot_id)});
  if (!bands) return std::unexpected(bands.error());
  return story_id;
}

Result<bool> story_matched_before(pg::Connection& db, std::int64_t story_id,
                                  std::int64_t snapshot_id, const std::string& subscription) {
  auto rows = db.run("commit_article: story alerts",
                     "SELECT 1 FROM story_members s JOIN matches m ON m.snapshot_id = "
                     "s.snapshot_id WHERE s.story_id = $1 AND s.snapshot_id <> $2 "
                     "AND m.subscription = $3 LIMIT 1",
                     {pg::integer(story_id), pg::integer(snapshot_id), pg::text(subscription)});
  if (!rows) return std::unexpected(rows.error());
  return rows->size() > 0;
}

Result<std::optional<std::int64_t>> find_url(pg::Connection& db, std::string_view op,
                                             const std::string& url) {
  auto rows = db.run(op, "SELECT id FROM snapshots WHERE url = $1", {pg::text(url)});
  if (!rows) return std::unexpected(rows.error());
  if (rows->size() == 0) return std::optional<std::int64_t>{};
  return rows->integer(0, 0);
}

// Stores one article inside the caller's transaction, as snapshots.cpp's store_one_article:
// nothing when the URL is stored (its id, `*fresh` false) or tombstoned (0).
Result<std::int64_t> store_one_article(pg::Connection& db, std::chrono::seconds window,
                                       const Snapshot& snapshot, const std::vector<Match>& matches,
                                       const std::vector<NewDelivery>& deliveries, UnixTime created,
                                       bool* fresh) {
  const std::string_view op = "commit_article";
  *fresh = false;
  const UnixTime due = snapshot.fetched_at > 0 ? std::min(snapshot.fetched_at, created) : created;
  const Article& a = snapshot.article;
  auto tombstoned = db.run(op, "SELECT 1 FROM tombstones WHERE url = $1", {pg::text(a.url)});
  if (!tombstoned) return std::unexpected(tombstoned.error());
  if (tombstoned->size() > 0) {
    // A stored URL keeps answering its id even when a purge tombstone is pending for it.
    auto existing = find_url(db, op, a.url);
    if (!existing) return std::unexpected(existing.error());
    return existing->value_or(0);
  }
  // ON CONFLICT DO NOTHING: another node (or connection) that stored the URL first wins,
  // and this one answers its id, as a URL stored earlier.
  auto inserted = db.run(
      "commit_article: snapshot",
      "INSERT INTO snapshots (url, original_url, source_name, title, subtitle, byline, "
      "attribution, published, body, raw_page, charset, fetched_at, url_hash, search_tokens) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) "
      "ON CONFLICT (url) DO NOTHING RETURNING id",
      {pg::text(a.url), pg::text(snapshot.original_url), pg::text(a.source_name), pg::text(a.title),
       pg::text(a.subtitle), pg::text(a.byline), pg::text(a.attribution), pg::text(a.published),
       pg::text(a.body), pg::bytes(snapshot.raw_page), pg::text(snapshot.charset),
       pg::integer(snapshot.fetched_at), pg::text(url_hash(a.url)),
       pg::text_array(pg_search_tokens(a))});
  if (!inserted) return std::unexpected(inserted.error());
  if (inserted->size() == 0) {
    auto existing = find_url(db, op, a.url);
    if (!existing) return std::unexpected(existing.error());
    return existing->value_or(0);
  }
  const std::int64_t id = inserted->integer(0, 0);
  for (const Match& m : matches) {
    auto r = db.run("commit_article: match for '" + m.subscription + "'",
                    "INSERT INTO matches (snapshot_id, subscription, terms, snippet) "
                    "VALUES ($1, $2, $3, $4)",
                    {pg::integer(id), pg::text(m.subscription), pg::text(terms_to_json(m.terms)),
                     pg::text(m.snippet)});
    if (!r) return std::unexpected(r.error());
  }
  auto story_id = join_story(db, window, id, snapshot);
  if (!story_id) return std::unexpected(story_id.error());
  for (const NewDelivery& d : deliveries) {
    if (d.once_per_story && *story_id != 0 && *story_id != id) {
      auto alerted = story_matched_before(db, *story_id, id, d.subscription);
      if (!alerted) return std::unexpected(alerted.error());
      if (*alerted) continue;  // recorded with the story (its match), not sent again
    }
    auto r = db.run("commit_article: delivery for '" + d.subscription + "' via '" + d.channel + "'",
                    "INSERT INTO deliveries (snapshot_id, subscription, channel, "
                    "next_attempt_at, created_at, key) VALUES ($1, $2, $3, $4, $5, $6)",
                    {pg::integer(id), pg::text(d.subscription), pg::text(d.channel),
                     pg::integer(due), pg::integer(created), pg::text(make_unique_key())});
    if (!r) return std::unexpected(r.error());
  }
  *fresh = true;
  return id;
}

}  // namespace

Result<bool> PgStore::has_snapshot_url(const std::string& canonical_url) const {
  std::lock_guard lock(db().mutex);
  auto found = find_url(db(), "has_snapshot_url", canonical_url);
  if (!found) return std::unexpected(found.error());
  return found->has_value();
}

Result<std::int64_t> PgStore::commit_article(const Snapshot& snapshot,
                                             const std::vector<Match>& matches,
                                             const std::vector<NewDelivery>& deliveries,
                                             bool* inserted) {
  if (inserted) *inserted = false;
  const UnixTime created = now_unix();
  bool fresh = false;
  auto result = db().write("commit_article", [&]() -> Result<std::int64_t> {
    return store_one_article(db(), story_window_, snapshot, matches, deliveries, created, &fresh);
  });
  if (result && inserted) *inserted = fresh;
  return result;
}

Result<std::vector<Result<ArticleCommit>>> PgStore::commit_articles(
    const std::vector<const ArticleToCommit*>& articles) {
  const std::string_view op = "commit_articles";
  const UnixTime created = now_unix();
  std::vector<Result<ArticleCommit>> outcomes;
  auto result = db().write(op, [&]() -> Result<void> {
    outcomes.clear();
    for (const ArticleToCommit* a : articles) {
      // Each article in its own savepoint: one that fails is undone alone (a failed statement
      // aborts the whole transaction on PostgreSQL until the savepoint is rolled back to).
      if (auto r = db().exec(op, "SAVEPOINT article"); !r) return r;
      bool fresh = false;
      auto id = store_one_article(db(), story_window_, a->snapshot, a->matches, a->deliveries,
                                  created, &fresh);
      if (!id) {
        if (auto r = db().exec(op, "ROLLBACK TO SAVEPOINT article"); !r) return r;
        outcomes.push_back(std::unexpected(id.error()));
      } else {
        outcomes.push_back(ArticleCommit{*id, fresh});
      }
      if (auto r = db().exec(op, "RELEASE SAVEPOINT article"); !r) return r;
    }
    return {};
  });
  if (!result) return std::unexpected(result.error());
  return outcomes;
}

Result<std::optional<Snapshot>> PgStore::snapshot_by_id(std::int64_t id) const {
  return one_snapshot(db().read("snapshot_by_id", std::string(kPgSelectSnapshot) + " WHERE id = $1",
                                {pg::integer(id)}));
}

Result<std::optional<Snapshot>> PgStore::snapshot_text_by_id(std::int64_t id) const {
  return one_snapshot(
      db().read("snapshot_text_by_id",
                std::string(kPgSelectSnapshotWithoutPage) + " FROM snapshots s WHERE s.id = $1",
                {pg::integer(id)}));
}

Result<std::optional<Snapshot>> PgStore::snapshot_by_url(const std::string& canonical_url) const {
  return one_snapshot(db().read("snapshot_by_url",
                                std::string(kPgSelectSnapshot) + " WHERE url = $1",
                                {pg::text(canonical_url)}));
}

Result<std::vector<Match>> PgStore::matches_for(std::int64_t snapshot_id) const {
  auto rows = db().read("matches_for",
                        "SELECT subscription, terms, snippet FROM matches WHERE snapshot_id = $1 "
                        "ORDER BY id",
                        {pg::integer(snapshot_id)});
  if (!rows) return std::unexpected(rows.error());
  std::vector<Match> out;
  for (int i = 0; i < rows->size(); ++i)
    out.push_back(Match{rows->text(i, 0), terms_from_json(rows->text(i, 1)), rows->text(i, 2)});
  return out;
}

Result<void> PgStore::for_each_snapshot(UnixTime since,
                                        const std::function<bool(const Snapshot&)>& visit) const {
  // Pages of rows by (fetched_at, id), newest first, so a long history never has to be in
  // memory at once.
  constexpr int kPage = 200;
  std::lock_guard lock(db().mutex);
  std::optional<std::pair<std::int64_t, std::int64_t>> after;
  for (;;) {
    std::string sql =
        std::string(kPgSelectSnapshotWithoutPage) + " FROM snapshots s WHERE s.fetched_at >= $1";
    std::vector<pg::Param> params{pg::integer(since)};
    if (after) {
      sql += " AND (s.fetched_at, s.id) < ($2, $3)";
      params.push_back(pg::integer(after->first));
      params.push_back(pg::integer(after->second));
    }
    sql += " ORDER BY s.fetched_at DESC, s.id DESC LIMIT " + std::to_string(kPage);
    auto rows = db().run("for_each_snapshot", sql, params);
    if (!rows) return std::unexpected(rows.error());
    for (int i = 0; i < rows->size(); ++i) {
      Snapshot s = read_snapshot(*rows, i);
      after = std::pair{s.fetched_at, s.id};
      if (!visit(s)) return {};
    }
    if (rows->size() < kPage) return {};
  }
}

Result<std::vector<MatchedArticle>> PgStore::subscription_matches(const std::string& subscription,
                                                                  int limit) const {
  auto rows = db().read("subscription_matches",
                        std::string(kPgSelectSnapshotWithoutPage) +
                            ", m.subscription, m.terms, m.snippet FROM matches m "
                            "JOIN snapshots s ON s.id = m.snapshot_id WHERE m.subscription = $1 "
                            "ORDER BY s.fetched_at DESC, s.id DESC LIMIT $2",
                        {pg::text(subscription), pg::integer(limit)});
  if (!rows) return std::unexpected(rows.error());
  std::vector<MatchedArticle> out;
  for (int i = 0; i < rows->size(); ++i) {
    out.push_back(MatchedArticle{
        read_snapshot(*rows, i),
        Match{rows->text(i, 13), terms_from_json(rows->text(i, 14)), rows->text(i, 15)}});
  }
  return out;
}

Result<std::optional<std::int64_t>> PgStore::find_story(const BodySignature& signature,
                                                        UnixTime at) const {
  if (signature.empty()) return std::optional<std::int64_t>{};
  std::lock_guard lock(db().mutex);
  auto best = lookup_story(db(), signature, 0, at - story_window_.count());
  if (!best) return std::unexpected(best.error());
  if (!*best) return std::optional<std::int64_t>{};
  return (*best)->story_id;
}

void PgStore::set_story_window(std::chrono::seconds window) {
  std::lock_guard lock(db().mutex);
  story_window_ = window;
}

Result<std::vector<StoryCopy>> PgStore::story_copies(std::int64_t snapshot_id) const {
  auto rows = db().read("story_copies",
                        "SELECT s.id, s.url, s.source_name, s.title, s.attribution, s.fetched_at, "
                        "(m.snapshot_id = m.story_id)::int FROM story_members self "
                        "JOIN story_members m ON m.story_id = self.story_id "
                        "JOIN snapshots s ON s.id = m.snapshot_id "
                        "WHERE self.snapshot_id = $1 AND m.snapshot_id <> $1 ORDER BY s.id",
                        {pg::integer(snapshot_id)});
  if (!rows) return std::unexpected(rows.error());
  std::vector<StoryCopy> out;
  for (int i = 0; i < rows->size(); ++i) {
    out.push_back(StoryCopy{rows->integer(i, 0), rows->text(i, 1), rows->text(i, 2),
                            rows->text(i, 3), rows->text(i, 4), rows->integer(i, 5),
                            rows->integer(i, 6) != 0});
  }
  return out;
}

}  // namespace headlined::store
