// Snapshots and their matches, and commit_article: the one transaction that stores an
// article together with everything it owes (matches and pending deliveries).
#include <algorithm>

#include "headlined/core/digest.hpp"
#include "headlined/core/time.hpp"
#include "headlined/core/unique_key.hpp"
#include "headlined/store/store.hpp"
#include "store_impl.hpp"
#include "stories.hpp"
#include "terms_json.hpp"
#include "tombstones.hpp"

namespace headlined::store {

namespace {

// The raw page from snapshot_pages, or from the row itself for a row stored before that
// table and not moved yet (raw_pages.cpp).
constexpr const char* kSelectSnapshot =
    "SELECT s.id, s.url, s.original_url, s.source_name, s.title, s.subtitle, s.byline, "
    "s.attribution, s.published, s.body, "
    "CASE WHEN p.snapshot_id IS NULL THEN s.raw_page ELSE p.raw_page END, s.charset, "
    "s.fetched_at FROM snapshots s LEFT JOIN snapshot_pages p ON p.snapshot_id = s.id";

// The same columns for lists, with the raw page left out (it can be megabytes).
constexpr const char* kSelectSnapshotWithoutPage =
    "SELECT s.id, s.url, s.original_url, s.source_name, s.title, s.subtitle, s.byline, "
    "s.attribution, s.published, s.body, '', s.charset, s.fetched_at";

Snapshot read_snapshot(const Statement& st) {
  Snapshot s;
  s.id = st.integer(0);
  s.article.url = st.text(1);
  s.original_url = st.text(2);
  s.article.source_name = st.text(3);
  s.article.title = st.text(4);
  s.article.subtitle = st.text(5);
  s.article.byline = st.text(6);
  s.article.attribution = st.text(7);
  s.article.published = st.text(8);
  s.article.body = st.text(9);
  s.raw_page = st.blob(10);
  s.charset = st.text(11);
  s.fetched_at = st.integer(12);
  return s;
}

Result<std::optional<Snapshot>> query_snapshot(Connection& impl, std::string_view op,
                                               Statement& st) {
  int rc = st.step();
  if (rc == SQLITE_ROW) return read_snapshot(st);
  if (rc == SQLITE_DONE) return std::optional<Snapshot>{};
  return std::unexpected(impl.error(op));
}

// The id of the snapshot stored under `url`, if any (call with the mutex held).
Result<std::optional<std::int64_t>> find_url(Connection& impl, std::string_view op,
                                             const std::string& url) {
  auto st = impl.statements.get(impl.db, "SELECT id FROM snapshots WHERE url = ?1");
  st->bind(1, url);
  int rc = st->step();
  if (rc == SQLITE_ROW) return st->integer(0);
  if (rc == SQLITE_DONE) return std::optional<std::int64_t>{};
  return std::unexpected(impl.error(op));
}

Result<std::int64_t> insert_snapshot(Connection& impl, const Snapshot& s) {
  auto st = impl.statements.get(
      impl.db,
      "INSERT INTO snapshots (url, original_url, source_name, title, subtitle, byline, "
      "attribution, published, body, raw_page, charset, fetched_at, url_hash) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  const Article& a = s.article;
  st->bind(1, a.url).bind(2, s.original_url).bind(3, a.source_name).bind(4, a.title);
  st->bind(5, a.subtitle).bind(6, a.byline).bind(7, a.attribution).bind(8, a.published);
  // The row keeps an empty raw page: the page goes to snapshot_pages, so reading the
  // columns after it (charset, fetched_at) does not walk the page's overflow chain.
  st->bind(9, a.body).bind_blob(10, "").bind(11, s.charset).bind(12, s.fetched_at);
  st->bind(13, url_hash(a.url));
  if (st->step() != SQLITE_DONE) return std::unexpected(impl.error("commit_article: snapshot"));
  const std::int64_t id = sqlite3_last_insert_rowid(impl.db);
  if (s.raw_page.empty()) return id;
  auto page = impl.statements.get(
      impl.db, "INSERT INTO snapshot_pages (snapshot_id, raw_page) VALUES (?1, ?2)");
  page->bind(1, id).bind_blob(2, s.raw_page);
  if (page->step() != SQLITE_DONE) return std::unexpected(impl.error("commit_article: raw page"));
  return id;
}

Result<void> insert_match(Connection& impl, std::int64_t id, const Match& m) {
  auto st = impl.statements.get(impl.db,
                                "INSERT INTO matches (snapshot_id, subscription, terms, snippet) "
                                "VALUES (?1, ?2, ?3, ?4)");
  st->bind(1, id).bind(2, m.subscription).bind(3, terms_to_json(m.terms)).bind(4, m.snippet);
  if (st->step() != SQLITE_DONE) {
    return std::unexpected(impl.error("commit_article: match for '" + m.subscription + "'"));
  }
  return {};
}

Result<void> insert_delivery(Connection& impl, std::int64_t id, const NewDelivery& d,
                             UnixTime created, UnixTime due) {
  auto st = impl.statements.get(
      impl.db,
      "INSERT INTO deliveries (snapshot_id, subscription, channel, next_attempt_at, "
      "created_at, key) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  st->bind(1, id).bind(2, d.subscription).bind(3, d.channel).bind(4, due).bind(5, created);
  st->bind(6, make_unique_key());
  if (st->step() != SQLITE_DONE) {
    return std::unexpected(impl.error("commit_article: delivery for '" + d.subscription +
                                      "' via '" + d.channel + "'"));
  }
  return {};
}

}  // namespace

Result<bool> SqliteStore::has_snapshot_url(const std::string& canonical_url) const {
  std::lock_guard lock(impl_->mutex);
  auto found = find_url(*impl_, "has_snapshot_url", canonical_url);
  if (!found) return std::unexpected(found.error());
  return found->has_value();
}

namespace {

// Stores one article inside the caller's write transaction: its snapshot, matches and
// pending deliveries, or nothing when the URL is already stored (its id is returned, with
// `*fresh` false) or tombstoned (0). Both commit_article and commit_articles (a group of
// articles in one transaction) store an article through here, so whatever else an article
// brings with it belongs in this one function.
Result<std::int64_t> store_one_article(Connection& impl, const Snapshot& snapshot,
                                       const std::vector<Match>& matches,
                                       const std::vector<NewDelivery>& deliveries, UnixTime created,
                                       bool* fresh) {
  *fresh = false;
  // Due at once: the fetch time, but never later than the clock, so a caller on its own
  // (test or replay) clock sees the deliveries due from the moment it fetched the article.
  UnixTime due = snapshot.fetched_at > 0 ? std::min(snapshot.fetched_at, created) : created;
  // Checked inside the write transaction, so two writers cannot both insert the URL.
  auto existing = find_url(impl, "commit_article", snapshot.article.url);
  if (!existing) return std::unexpected(existing.error());
  if (existing->has_value()) return **existing;
  auto tombstoned = tombstone_exists(impl, "commit_article", snapshot.article.url);
  if (!tombstoned) return std::unexpected(tombstoned.error());
  if (*tombstoned) return std::int64_t{0};
  auto id = insert_snapshot(impl, snapshot);
  if (!id) return id;
  for (const Match& m : matches) {
    if (auto r = insert_match(impl, *id, m); !r) return std::unexpected(r.error());
  }
  auto story_id = join_story(impl, *id, snapshot);
  if (!story_id) return std::unexpected(story_id.error());
  for (const NewDelivery& d : deliveries) {
    if (d.once_per_story && *story_id != 0 && *story_id != *id) {
      auto alerted = story_matched_before(impl, *story_id, *id, d.subscription);
      if (!alerted) return std::unexpected(alerted.error());
      if (*alerted) continue;  // recorded with the story (its match), not sent again
    }
    if (auto r = insert_delivery(impl, *id, d, created, due); !r) {
      return std::unexpected(r.error());
    }
  }
  *fresh = true;
  return id;
}

// A statement of the group's transaction control (the savepoint around each article), kept
// prepared like the inserts: the writer runs two of them for every article.
Result<void> run_kept(Connection& impl, const char* sql) {
  auto st = impl.statements.get(impl.db, sql);
  if (st->step() != SQLITE_DONE) return std::unexpected(impl.error("commit_articles"));
  return {};
}

}  // namespace

Result<std::int64_t> SqliteStore::commit_article(const Snapshot& snapshot,
                                                 const std::vector<Match>& matches,
                                                 const std::vector<NewDelivery>& deliveries,
                                                 bool* inserted) {
  if (inserted) *inserted = false;
  const UnixTime created = now_unix();
  bool fresh = false;
  auto result = impl_->write("commit_article", [&]() -> Result<std::int64_t> {
    if (auto synced = sync_story_cache(*impl_); !synced) return std::unexpected(synced.error());
    return store_one_article(*impl_, snapshot, matches, deliveries, created, &fresh);
  });
  // Rolled back: the cache may hold members the store does not (reset under the mutex).
  if (!result) forget_story_cache(*impl_);
  if (result && inserted) *inserted = fresh;
  return result;
}

Result<std::vector<Result<ArticleCommit>>> SqliteStore::commit_articles(
    const std::vector<const ArticleToCommit*>& articles) {
  const UnixTime created = now_unix();
  std::vector<Result<ArticleCommit>> outcomes;
  auto result = impl_->write("commit_articles", [&]() -> Result<void> {
    outcomes.clear();
    if (auto synced = sync_story_cache(*impl_); !synced) return synced;
    for (const ArticleToCommit* a : articles) {
      // Each article in its own savepoint: one that fails (a constraint, a value SQLite
      // refuses) is undone alone and reported, and the rest of the group still commits.
      if (auto r = run_kept(*impl_, "SAVEPOINT article"); !r) return r;
      const std::int64_t cached = impl_->story_cache.watermark();
      bool fresh = false;
      auto id = store_one_article(*impl_, a->snapshot, a->matches, a->deliveries, created, &fresh);
      if (!id) {
        if (auto r = run_kept(*impl_, "ROLLBACK TO article"); !r) return r;
        impl_->story_cache.truncate_above(cached);  // what the undone article added
        outcomes.push_back(std::unexpected(id.error()));
      } else {
        outcomes.push_back(ArticleCommit{*id, fresh});
      }
      if (auto r = run_kept(*impl_, "RELEASE article"); !r) return r;
    }
    return {};
  });
  if (!result) {
    forget_story_cache(*impl_);
    return std::unexpected(result.error());
  }
  return outcomes;
}

Result<std::optional<Snapshot>> SqliteStore::snapshot_by_id(std::int64_t id) const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db, std::string(kSelectSnapshot) + " WHERE s.id = ?1");
  st.bind(1, id);
  return query_snapshot(*impl_, "snapshot_by_id", st);
}

Result<std::optional<Snapshot>> SqliteStore::snapshot_text_by_id(std::int64_t id) const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               std::string(kSelectSnapshotWithoutPage) + " FROM snapshots s WHERE s.id = ?1");
  st.bind(1, id);
  return query_snapshot(*impl_, "snapshot_text_by_id", st);
}

Result<std::optional<Snapshot>> SqliteStore::snapshot_by_url(
    const std::string& canonical_url) const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db, std::string(kSelectSnapshot) + " WHERE s.url = ?1");
  st.bind(1, canonical_url);
  return query_snapshot(*impl_, "snapshot_by_url", st);
}

Result<std::vector<Match>> SqliteStore::matches_for(std::int64_t snapshot_id) const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db,
               "SELECT subscription, terms, snippet FROM matches WHERE snapshot_id = ?1 "
               "ORDER BY rowid");
  st.bind(1, snapshot_id);
  std::vector<Match> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    out.push_back(Match{st.text(0), terms_from_json(st.text(1)), st.text(2)});
  }
  if (rc != SQLITE_DONE) return std::unexpected(impl_->error("matches_for"));
  return out;
}

Result<void> SqliteStore::for_each_snapshot(
    UnixTime since, const std::function<bool(const Snapshot&)>& visit) const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db, std::string(kSelectSnapshotWithoutPage) +
                              " FROM snapshots s WHERE s.fetched_at >= ?1 "
                              "ORDER BY s.fetched_at DESC, s.id DESC");
  st.bind(1, since);
  int rc;
  while ((rc = st.step()) == SQLITE_ROW)
    if (!visit(read_snapshot(st))) return {};
  if (rc != SQLITE_DONE) return std::unexpected(impl_->error("for_each_snapshot"));
  return {};
}

Result<std::vector<MatchedArticle>> SqliteStore::subscription_matches(
    const std::string& subscription, int limit) const {
  std::lock_guard lock(impl_->mutex);
  Statement st(impl_->db, std::string(kSelectSnapshotWithoutPage) +
                              ", m.subscription, m.terms, m.snippet FROM matches m "
                              "JOIN snapshots s ON s.id = m.snapshot_id WHERE m.subscription = ?1 "
                              "ORDER BY s.fetched_at DESC, s.id DESC LIMIT ?2");
  st.bind(1, subscription).bind(2, static_cast<std::int64_t>(limit));
  std::vector<MatchedArticle> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    out.push_back(MatchedArticle{read_snapshot(st),
                                 Match{st.text(13), terms_from_json(st.text(14)), st.text(15)}});
  }
  if (rc != SQLITE_DONE) return std::unexpected(impl_->error("subscription_matches"));
  return out;
}

}  // namespace headlined::store
