// The search index written behind the articles: new snapshots wait in a queue until
// index_pending moves them into the FTS index, search finds them either way, a takedown or
// purge of a queued snapshot leaves the index consistent, and a database from the previous
// schema keeps its index without a re-index.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string_view>

#include "../../src/store/schema.hpp"
#include "../../src/store/search_tokens.hpp"
#include "headlined/match/normalize.hpp"
#include "headlined/store/search_indexer.hpp"
#include "seed_article.hpp"
#include "store_fixture.hpp"
#include "support/child_process.hpp"

namespace headlined::store::testing {
namespace {

using namespace std::chrono_literals;

class SearchIndexTest : public SqliteStoreTest {
 protected:
  std::int64_t store_article(const Snapshot& s) {
    auto id = store_->commit_article(s, {}, {});
    EXPECT_TRUE(id) << id.error().to_string();
    return id.value_or(0);
  }

  std::int64_t backlog() { return store_->search_backlog().value().snapshots; }

  // Rows the FTS index itself finds (not the queue): those with every token of `word`.
  std::string indexed_hits(const std::string& word) {
    const std::string normalized = match::normalize(word);
    std::string match;
    for (std::string_view token : query_tokens(normalized))
      match += (match.empty() ? "\"" : " AND \"") + std::string(token) + "\"";
    return raw_query("SELECT count(*) FROM snapshots_fts WHERE snapshots_fts MATCH '" + match +
                     "'");
  }

  // FTS5's own check of the index against the snapshots table: a 'delete' of a row the index
  // never had (or a row missing from it) makes it fail.
  int integrity_check() {
    sqlite3* db = nullptr;
    sqlite3_open(path().c_str(), &db);
    register_search_tokenizer(db);
    const int rc = sqlite3_exec(
        db, "INSERT INTO snapshots_fts (snapshots_fts, rank) VALUES ('integrity-check', 1)",
        nullptr, nullptr, nullptr);
    sqlite3_close(db);
    return rc;
  }
};

TEST_F(SearchIndexTest, AStoredSnapshotIsQueuedAndSearchableBeforeItIsIndexed) {
  const std::int64_t id = store_article(seed_snapshot("https://zibo.example/1", kApril14));
  EXPECT_EQ(backlog(), 1);
  EXPECT_EQ(indexed_hits("马不停蹄"), "0");  // the article's transaction wrote no FTS row
  auto before = store_->search("马不停蹄", 10);
  ASSERT_TRUE(before) << before.error().to_string();
  ASSERT_EQ(before->size(), 1u);
  EXPECT_EQ((*before)[0].id, id);
  EXPECT_NE((*before)[0].snippet.find("[马不停蹄]"), std::string::npos) << (*before)[0].snippet;

  EXPECT_EQ(store_->index_pending(100).value_or(-1), 1);
  EXPECT_EQ(backlog(), 0);
  EXPECT_EQ(indexed_hits("马不停蹄"), "1");
  auto after = store_->search("马不停蹄", 10);
  ASSERT_TRUE(after);
  ASSERT_EQ(after->size(), 1u) << "found once, not once in the queue and once in the index";
  EXPECT_EQ((*after)[0].id, id);
  EXPECT_EQ(integrity_check(), SQLITE_OK);
}

TEST_F(SearchIndexTest, HitsFromTheQueueAndTheIndexComeNewestFirstWithinTheLimit) {
  const std::int64_t oldest = store_article(seed_snapshot("https://zibo.example/1", kApril14));
  const std::int64_t middle = store_article(seed_snapshot("https://zibo.example/2", kApril14 + 1));
  ASSERT_EQ(store_->index_pending(100).value_or(-1), 2);
  const std::int64_t newest = store_article(seed_snapshot("https://zibo.example/3", kApril14 + 2));
  auto hits = store_->search("招商 马不停蹄", 2);  // a scanned and an indexed word
  ASSERT_TRUE(hits) << hits.error().to_string();
  ASSERT_EQ(hits->size(), 2u);
  EXPECT_EQ((*hits)[0].id, newest);
  EXPECT_EQ((*hits)[1].id, middle);
  auto all = store_->search("招商引资", 10);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[2].id, oldest);
  EXPECT_TRUE(store_->search("harbour", 10).value().empty());
}

TEST_F(SearchIndexTest, BatchesTakeTheLowestIdsAndLeaveTheRestQueued) {
  for (int i = 0; i < 5; ++i)
    store_article(seed_snapshot("https://zibo.example/" + std::to_string(i), kApril14 + i));
  EXPECT_EQ(store_->index_pending(2).value_or(-1), 2);
  EXPECT_EQ(backlog(), 3);
  EXPECT_EQ(raw_query("SELECT min(snapshot_id) FROM snapshots_fts_pending"),
            raw_query("SELECT min(id) + 2 FROM snapshots"));
  EXPECT_EQ(index_all_pending(*store_, 2).value_or(-1), 3);
  EXPECT_EQ(backlog(), 0);
  EXPECT_EQ(indexed_hits("马不停蹄"), "5");
  EXPECT_EQ(integrity_check(), SQLITE_OK);
}

TEST_F(SearchIndexTest, TakingDownAQueuedSnapshotLeavesNothingSearchable) {
  store_article(seed_snapshot("https://zibo.example/indexed", kApril14));
  ASSERT_EQ(store_->index_pending(100).value_or(-1), 1);
  store_article(harbour_snapshot("https://coast.example/queued", kApril14 + 1));
  ASSERT_EQ(backlog(), 1);

  ASSERT_TRUE(store_->take_down("https://coast.example/queued", "request", kApril14 + 100));
  EXPECT_EQ(backlog(), 0) << "its queue entry goes with it";
  EXPECT_TRUE(store_->search("harbour", 10).value().empty());
  EXPECT_EQ(store_->index_pending(100).value_or(-1), 0);
  EXPECT_EQ(indexed_hits("harbour"), "0");
  EXPECT_EQ(integrity_check(), SQLITE_OK) << "no FTS delete of a row the index never had";

  // The indexed one next to it is still found, and still goes away on a takedown.
  EXPECT_EQ(store_->search("马不停蹄", 10).value().size(), 1u);
  ASSERT_TRUE(store_->take_down("https://zibo.example/indexed", "request", kApril14 + 100));
  EXPECT_TRUE(store_->search("马不停蹄", 10).value().empty());
  EXPECT_EQ(indexed_hits("马不停蹄"), "0");
  EXPECT_EQ(integrity_check(), SQLITE_OK);
}

TEST_F(SearchIndexTest, PurgingQueuedAndIndexedSnapshotsKeepsTheIndexConsistent) {
  store_article(seed_snapshot("https://zibo.example/old-indexed", kApril14));
  ASSERT_EQ(store_->index_pending(100).value_or(-1), 1);
  store_article(seed_snapshot("https://zibo.example/old-queued", kApril14 + 1));
  store_article(seed_snapshot("https://zibo.example/new-queued", kApril14 + 1000));
  auto purged = store_->purge_older_than(kApril14 + 500);
  ASSERT_TRUE(purged) << purged.error().to_string();
  EXPECT_EQ(purged->snapshots_removed, 2);
  EXPECT_EQ(backlog(), 1);
  EXPECT_EQ(store_->search("马不停蹄", 10).value().size(), 1u);
  EXPECT_EQ(index_all_pending(*store_).value_or(-1), 1);
  EXPECT_EQ(indexed_hits("马不停蹄"), "1");
  EXPECT_EQ(integrity_check(), SQLITE_OK);
}

// A crash between the articles' commit and the indexer's: the queue is in the database, so
// another connection (the CLI, the web front's read-only one) still finds the articles, and the
// next start indexes them.
TEST_F(SearchIndexTest, AQueueLeftByACrashIsSearchableAndCaughtUpOnTheNextOpen) {
  store_article(seed_snapshot("https://zibo.example/1", kApril14));
  store_article(harbour_snapshot("https://coast.example/1", kApril14 + 1));
  store_.reset();  // the process ends without indexing

  auto reader = Store::open_read_only(path());
  ASSERT_TRUE(reader) << reader.error().to_string();
  EXPECT_EQ((*reader)->search("马不停蹄", 10).value().size(), 1u);
  EXPECT_EQ((*reader)->search("HARBOUR reopened", 10).value().size(), 1u);

  reopen();
  EXPECT_EQ(backlog(), 2);
  EXPECT_EQ(index_all_pending(*store_).value_or(-1), 2);
  EXPECT_EQ(indexed_hits("harbour"), "1");
  EXPECT_EQ((*reader)->search("harbour", 10).value().size(), 1u);
}

TEST_F(SearchIndexTest, TheIndexerIndexesWithinItsDelayAndEverythingBeforeItEnds) {
  {
    SearchIndexer indexer(*store_, SearchIndexOptions{10ms, 50ms, 1000, 2000});
    store_article(seed_snapshot("https://zibo.example/1", kApril14));
    EXPECT_TRUE(headlined::testing::wait_until([&] { return backlog() == 0; }, 5s));
    EXPECT_EQ(indexed_hits("马不停蹄"), "1");
    // The counters follow the batch's commit (which the backlog shows first).
    EXPECT_TRUE(headlined::testing::wait_until([&] { return indexer.stats().indexed == 1u; }, 5s));
  }
  {
    // A delay no test reaches: only the end of the indexer indexes these.
    SearchIndexer indexer(*store_, SearchIndexOptions{10ms, 1h, 1000, 2});
    for (int i = 2; i <= 6; ++i)
      store_article(seed_snapshot("https://zibo.example/" + std::to_string(i), kApril14 + i));
  }
  EXPECT_EQ(backlog(), 0);
  EXPECT_EQ(indexed_hits("马不停蹄"), "6");
}

TEST_F(SearchIndexTest, ALargeQueueIsIndexedWithoutWaitingForTheDelay) {
  SearchIndexer indexer(*store_, SearchIndexOptions{10ms, 1h, 3, 2});
  for (int i = 0; i < 3; ++i)
    store_article(seed_snapshot("https://zibo.example/" + std::to_string(i), kApril14 + i));
  EXPECT_TRUE(headlined::testing::wait_until([&] { return backlog() == 0; }, 5s));
  EXPECT_EQ(indexed_hits("马不停蹄"), "3");
  // The counters follow each batch's commit (which the backlog shows first).
  EXPECT_TRUE(headlined::testing::wait_until([&] { return indexer.stats().indexed == 3u; }, 5s));
  EXPECT_GE(indexer.stats().batches, 2u) << "two snapshots per transaction at most";
}

// The version just before the migration whose SQL holds `marker` (found by what it creates,
// not by number: migrations written meanwhile may come after it).
int version_before(std::string_view marker) {
  for (int v = 1; v <= latest_schema_version(); ++v) {
    if (std::string_view(migration_sql(v)).find(marker) != std::string_view::npos) return v - 1;
  }
  return 0;
}

// A database an earlier release left, with an old Chinese and an old English snapshot, both
// in its trigram index. `version`: the schema it is at; `has_queue`: the index was written by
// the background indexer from the queue (else by the insert trigger).
void write_old_database(const std::string& path, int version, bool has_queue) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  // Migration 7 fills url_hash with a function Store registers; any value does here.
  sqlite3_create_function(
      db, "headlined_url_hash", 1, SQLITE_UTF8, nullptr,
      [](sqlite3_context* c, int, sqlite3_value**) { sqlite3_result_text(c, "", 0, nullptr); },
      nullptr, nullptr);
  for (int v = 1; v <= version; ++v)
    ASSERT_EQ(sqlite3_exec(db, migration_sql(v), nullptr, nullptr, nullptr), SQLITE_OK) << v;
  ASSERT_EQ(
      sqlite3_exec(db,
                   ("INSERT INTO snapshots (url, original_url, source_name, title, subtitle, "
                    "byline, attribution, published, body, raw_page, charset, fetched_at) "
                    "VALUES ('https://zibo.example/a', '', 'zibo', '旧文章', '', '', '', '', "
                    "'高青县马不停蹄招商引资', x'00', 'UTF-8', 1), "
                    "('https://coast.example/b', '', 'coast', 'Harbour', '', '', '', '', "
                    "'The harbour reopened', x'00', 'UTF-8', 2); " +
                    // What the background indexer did, where there was one.
                    std::string(has_queue ? "INSERT INTO snapshots_fts (rowid, title, subtitle, "
                                            "byline, attribution, body) SELECT s.id, s.title, "
                                            "s.subtitle, s.byline, s.attribution, s.body FROM "
                                            "snapshots s; DELETE FROM snapshots_fts_pending; "
                                          : "") +
                    "PRAGMA user_version = " + std::to_string(version))
                       .c_str(),
                   nullptr, nullptr, nullptr),
      SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
}

// A database from before the `headlined` tokenizer: the upgrade drops the trigram index and
// queues every snapshot, which search finds meanwhile (1- and 2-character words included, which
// the trigram index never could) and the indexer then indexes; later deletes keep it sound.
TEST_F(SearchIndexTest, UpgradingRebuildsTheTrigramIndexFromTheQueue) {
  const int with_queue = version_before("tokenize = 'headlined'");
  const int before_queue = version_before("EXISTS snapshots_fts_pending (");
  ASSERT_GT(before_queue, 0);
  ASSERT_GT(with_queue, before_queue);
  for (int version : {before_queue, with_queue}) {
    SCOPED_TRACE("from schema version " + std::to_string(version));
    store_.reset();
    ASSERT_NO_FATAL_FAILURE(write_old_database(path(), version, version > before_queue));
    reopen();
    ASSERT_EQ(store_->schema_version(), latest_schema_version());
    EXPECT_EQ(backlog(), 2) << "every snapshot queued for the new index";
    EXPECT_EQ(indexed_hits("马不停蹄"), "0");
    EXPECT_EQ(store_->search("马不停蹄", 10).value().size(), 1u);
    EXPECT_EQ(store_->search("高青", 10).value().size(), 1u);
    EXPECT_EQ(store_->index_pending(100).value_or(-1), 2);
    EXPECT_EQ(backlog(), 0);
    EXPECT_EQ(indexed_hits("马不停蹄"), "1");
    EXPECT_EQ(indexed_hits("高"), "1");
    EXPECT_EQ(store_->search("马不停蹄", 10).value().size(), 1u);
    EXPECT_EQ(store_->search("HARBOUR", 10).value().size(), 1u);
    EXPECT_EQ(integrity_check(), SQLITE_OK);
    ASSERT_TRUE(store_->take_down("https://coast.example/b", "request", 100));
    EXPECT_TRUE(store_->search("harbour", 10).value().empty());
    EXPECT_EQ(indexed_hits("harbour"), "0");
    EXPECT_EQ(integrity_check(), SQLITE_OK);
  }
}

}  // namespace
}  // namespace headlined::store::testing
