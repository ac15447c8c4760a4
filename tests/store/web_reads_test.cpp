// What the web front reads and the one thing it writes: read-only connections, stable links
// by URL hash (backfilled by the migration for rows stored before it), what a takedown leaves
// behind for 410 Gone, keyset pages, and takedown requests.
#include <gtest/gtest.h>

#include <string_view>

#include "../../src/store/schema.hpp"
#include "headlined/core/digest.hpp"
#include "store_fixture.hpp"

namespace headlined::store::testing {
namespace {

class WebReads : public StoreTest {
 protected:
  std::int64_t add(const std::string& url, UnixTime at, const std::string& source = "zibo") {
    Snapshot s = sample_snapshot(url);
    s.fetched_at = at;
    s.article.source_name = source;
    auto id = store_->commit_article(s, {}, {});
    EXPECT_TRUE(id) << id.error().to_string();
    return id.value_or(0);
  }
};

TEST_P(WebReads, ReadOnlyConnectionReadsButCannotWrite) {
  const std::int64_t id = add("https://zibo.example/a.html", 100);
  auto reader = Store::open_read_only(location());
  ASSERT_TRUE(reader) << reader.error().to_string();
  auto found = (*reader)->snapshot_by_id(id);
  ASSERT_TRUE(found && *found);
  auto written = (*reader)->add_takedown_request({0, "https://x.example/", "c", "r", "ip", 1});
  EXPECT_FALSE(written);
  EXPECT_EQ(raw_query("SELECT count(*) FROM takedown_requests"), "0");
}

TEST_P(WebReads, ReadOnlyOpenRefusesAnotherSchemaVersion) {
  store_.reset();
  // An older version than this build's (the read-only open does not migrate).
  raw_query(on_postgresql() ? "DELETE FROM headlined_schema" : "PRAGMA user_version = 1");
  auto reader = Store::open_read_only(location());
  ASSERT_FALSE(reader);
  EXPECT_NE(reader.error().what.find(on_postgresql() ? "schema version 0" : "schema version 1"),
            std::string::npos)
      << reader.error().what;
}

TEST_P(WebReads, FindsASnapshotByItsUrlHash) {
  const std::int64_t id = add("https://zibo.example/a.html", 100);
  EXPECT_EQ(raw_query("SELECT url_hash FROM snapshots"), url_hash("https://zibo.example/a.html"));
  auto found = store_->snapshot_by_url_hash(url_hash("https://zibo.example/a.html"));
  ASSERT_TRUE(found && *found);
  EXPECT_EQ((*found)->id, id);
  auto missing = store_->snapshot_by_url_hash("0000000000000000");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
}

TEST_P(WebReads, ReadsASnapshotsTextWithoutItsRawPage) {
  Snapshot s = sample_snapshot("https://zibo.example/page.html");
  s.raw_page = std::string(50'000, 'x');
  auto id = store_->commit_article(s, {}, {});
  ASSERT_TRUE(id) << id.error().to_string();
  auto full = store_->snapshot_by_id(*id);
  auto text = store_->snapshot_text_by_id(*id);
  ASSERT_TRUE(full && *full && text && *text);
  EXPECT_EQ((*full)->raw_page.size(), 50'000u);
  EXPECT_TRUE((*text)->raw_page.empty());
  // Every shown field is the same as the full read's.
  Snapshot expected = **full;
  expected.raw_page.clear();
  EXPECT_EQ((*text)->id, expected.id);
  EXPECT_EQ((*text)->article.title, expected.article.title);
  EXPECT_EQ((*text)->article.body, expected.article.body);
  EXPECT_EQ((*text)->article.url, expected.article.url);
  EXPECT_EQ((*text)->original_url, expected.original_url);
  EXPECT_EQ((*text)->fetched_at, expected.fetched_at);
  auto by_hash = store_->snapshot_by_url_hash(url_hash("https://zibo.example/page.html"));
  ASSERT_TRUE(by_hash && *by_hash);
  EXPECT_TRUE((*by_hash)->raw_page.empty());
  auto missing = store_->snapshot_text_by_id(*id + 1000);
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
}

// SQLite's migration from an older version.
class SqliteWebReads : public WebReads {};

TEST_P(SqliteWebReads, MigrationBackfillsTheHashOfOlderRows) {
  add("https://zibo.example/old.html", 100);
  store_.reset();
  // As a database from before the migration: no hash yet (the WebSub, stories and search
  // index migrations, which came after it, undone too; the last of them drops and makes the
  // FTS table again itself).
  raw_query("DROP TRIGGER snapshots_fts_queue");
  raw_query("DROP TRIGGER snapshots_fts_delete");
  raw_query("DROP TRIGGER snapshots_fts_update");
  raw_query("DROP TABLE snapshots_fts_pending");
  raw_query(
      "CREATE TRIGGER snapshots_fts_insert AFTER INSERT ON snapshots BEGIN "
      "INSERT INTO snapshots_fts (rowid, title, subtitle, byline, attribution, body) "
      "VALUES (new.id, new.title, new.subtitle, new.byline, new.attribution, new.body); END");
  raw_query(
      "CREATE TRIGGER snapshots_fts_delete AFTER DELETE ON snapshots BEGIN "
      "INSERT INTO snapshots_fts (snapshots_fts, rowid, title, subtitle, byline, attribution, "
      "body) VALUES ('delete', old.id, old.title, old.subtitle, old.byline, old.attribution, "
      "old.body); END");
  raw_query(
      "CREATE TRIGGER snapshots_fts_update AFTER UPDATE OF title ON snapshots BEGIN SELECT 1; END");
  raw_query("DROP TABLE story_bands");
  raw_query("DROP TABLE story_members");
  raw_query("UPDATE snapshots SET url_hash = ''");
  raw_query("DROP TABLE takedown_requests");
  raw_query("DROP INDEX snapshots_url_hash");
  raw_query("DROP INDEX snapshots_source_fetched_at");
  raw_query("DROP INDEX tombstones_snapshot_id");
  raw_query("DROP INDEX tombstones_url_hash");
  raw_query("ALTER TABLE snapshots DROP COLUMN url_hash");
  raw_query("ALTER TABLE tombstones DROP COLUMN snapshot_id");
  raw_query("ALTER TABLE tombstones DROP COLUMN url_hash");
  raw_query("DROP TABLE websub_subscriptions");
  raw_query("ALTER TABLE sources DROP COLUMN poll_interval");
  raw_query("ALTER TABLE sources DROP COLUMN poll_reason");
  raw_query("DROP TABLE nodes");
  raw_query("DROP TABLE leases");
  raw_query("ALTER TABLE deliveries DROP COLUMN claimed_by");
  raw_query("ALTER TABLE deliveries DROP COLUMN claim_expires_ms");
  // The version before the migration that added url_hash (found by its SQL, not by number:
  // migrations written meanwhile come after it).
  int before_hash = 0;
  for (int v = 1; v <= latest_schema_version(); ++v) {
    if (std::string_view(migration_sql(v)).find("ADD COLUMN url_hash") != std::string_view::npos)
      before_hash = v - 1;
  }
  ASSERT_GT(before_hash, 0);
  raw_query("PRAGMA user_version = " + std::to_string(before_hash));
  reopen();
  EXPECT_EQ(raw_query("SELECT url_hash FROM snapshots"), url_hash("https://zibo.example/old.html"));
}

TEST_P(WebReads, TakedownLeavesTheIdAndHashFor410) {
  const std::string url = "https://zibo.example/a.html";
  const std::int64_t id = add(url, 100);
  EXPECT_FALSE(*store_->taken_down_id(id));
  ASSERT_TRUE(store_->take_down(url, "asked", 200));
  EXPECT_TRUE(*store_->taken_down_id(id));
  EXPECT_TRUE(*store_->taken_down_hash(url_hash(url)));
  EXPECT_FALSE(*store_->taken_down_id(id + 1));
}

TEST_P(WebReads, PagesNewestFirstByCursorAndSource) {
  for (int i = 0; i < 5; ++i) add("https://zibo.example/" + std::to_string(i), 100 + i);
  add("https://coast.example/x", 50, "coast");
  SnapshotPageQuery query;
  query.limit = 3;
  auto first = store_->snapshot_page(query);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->size(), 3u);
  EXPECT_EQ((*first)[0].fetched_at, 104);
  query.before = std::pair{first->back().fetched_at, first->back().id};
  auto second = store_->snapshot_page(query);
  ASSERT_TRUE(second);
  ASSERT_EQ(second->size(), 3u);
  EXPECT_EQ((*second)[0].fetched_at, 101);
  EXPECT_EQ((*second)[2].source_name, "coast");
  query = {};
  query.source = "coast";
  auto coast = store_->snapshot_page(query);
  ASSERT_TRUE(coast);
  ASSERT_EQ(coast->size(), 1u);
}

TEST_P(WebReads, StoresAndListsTakedownRequests) {
  ASSERT_TRUE(store_->add_takedown_request(
      {0, "https://zibo.example/a.html", "me@example.com", "mine", "127.0.0.1", 300}));
  auto listed = store_->takedown_requests();
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].contact, "me@example.com");
  EXPECT_EQ((*listed)[0].created_at, 300);
}

HEADLINED_ON_EVERY_BACKEND(WebReads);
HEADLINED_ON_SQLITE_ONLY(SqliteWebReads);

}  // namespace
}  // namespace headlined::store::testing
