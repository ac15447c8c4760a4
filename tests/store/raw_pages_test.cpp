// The raw page out of the snapshots row: a new snapshot keeps its page in snapshot_pages (so
// reading its text never walks the page's overflow pages), a database from before that table
// is read the same before, during and after move_raw_pages moves its pages over, the move
// resumes after a reopen, and a deleted snapshot takes its page with it.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string_view>

#include "../../src/store/schema.hpp"
#include "store_fixture.hpp"

namespace headlined::store::testing {
namespace {

// The version just before the migration that made snapshot_pages (found by what it creates,
// not by number: migrations written meanwhile may come after it).
int version_before_snapshot_pages() {
  for (int v = 1; v <= latest_schema_version(); ++v) {
    if (std::string_view(migration_sql(v)).find("EXISTS snapshot_pages (") !=
        std::string_view::npos)
      return v - 1;
  }
  return 0;
}

std::string old_page(int n) {
  return "<html>" + std::string(5000 + n, 'a' + n % 26) + "</html>";
}

class RawPagesTest : public SqliteStoreTest {
 protected:
  // What an earlier release left: `count` snapshots (ids 1..count) with the page in the row.
  void write_old_database(int count) {
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path() + suffix);
    const int version = version_before_snapshot_pages();
    ASSERT_GT(version, 0);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(register_search_tokenizer(db), SQLITE_OK);
    // An earlier migration fills url_hash with a function Store registers; any value does.
    sqlite3_create_function(
        db, "headlined_url_hash", 1, SQLITE_UTF8, nullptr,
        [](sqlite3_context* c, int, sqlite3_value**) { sqlite3_result_text(c, "", 0, nullptr); },
        nullptr, nullptr);
    for (int v = 1; v <= version; ++v)
      ASSERT_EQ(sqlite3_exec(db, migration_sql(v), nullptr, nullptr, nullptr), SQLITE_OK) << v;
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db,
                                 "INSERT INTO snapshots (url, original_url, source_name, title, "
                                 "subtitle, byline, attribution, published, body, raw_page, "
                                 "charset, fetched_at) VALUES (?1, '', 'zibo', ?2, '', '', '', "
                                 "'', '招商引资', ?3, 'UTF-8', ?4)",
                                 -1, &st, nullptr),
              SQLITE_OK);
    for (int n = 1; n <= count; ++n) {
      const std::string url = "https://zibo.example/" + std::to_string(n);
      const std::string title = "旧文章 " + std::to_string(n);
      const std::string page = old_page(n);
      sqlite3_bind_text(st, 1, url.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(st, 2, title.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_blob(st, 3, page.data(), static_cast<int>(page.size()), SQLITE_TRANSIENT);
      sqlite3_bind_int64(st, 4, 1000 + n);
      ASSERT_EQ(sqlite3_step(st), SQLITE_DONE) << sqlite3_errmsg(db);
      sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    const std::string bump = "PRAGMA user_version = " + std::to_string(version);
    ASSERT_EQ(sqlite3_exec(db, bump.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    reopen();
  }

  // Every snapshot reads back with its own page, text and fetch time, wherever the page is.
  void expect_all_read_back(int count) {
    for (int n = 1; n <= count; ++n) {
      auto by_id = store_->snapshot_by_id(n);
      ASSERT_TRUE(by_id && *by_id) << n;
      EXPECT_EQ((*by_id)->raw_page, old_page(n)) << n;
      EXPECT_EQ((*by_id)->article.title, "旧文章 " + std::to_string(n));
      EXPECT_EQ((*by_id)->fetched_at, 1000 + n);
      auto by_url = store_->snapshot_by_url("https://zibo.example/" + std::to_string(n));
      ASSERT_TRUE(by_url && *by_url) << n;
      EXPECT_EQ((*by_url)->raw_page, old_page(n)) << n;
      auto text = store_->snapshot_text_by_id(n);
      ASSERT_TRUE(text && *text) << n;
      EXPECT_TRUE((*text)->raw_page.empty());
      EXPECT_EQ((*text)->fetched_at, 1000 + n);
    }
  }
};

TEST_F(RawPagesTest, ANewSnapshotKeepsItsPageOutOfTheRow) {
  const Snapshot in = sample_snapshot();
  auto id = store_->commit_article(in, {}, {});
  ASSERT_TRUE(id) << id.error().to_string();
  EXPECT_EQ(raw_query("SELECT length(raw_page) FROM snapshots"), "0");
  EXPECT_EQ(raw_query("SELECT length(raw_page) FROM snapshot_pages WHERE snapshot_id = " +
                      std::to_string(*id)),
            std::to_string(in.raw_page.size()));
  auto out = store_->snapshot_by_id(*id);
  ASSERT_TRUE(out && *out);
  EXPECT_EQ((*out)->raw_page, in.raw_page);  // NUL and high bytes intact
  EXPECT_EQ(store_->raw_pages_to_move().value(), 0);
  EXPECT_EQ(store_->move_raw_pages(100).value(), 0) << "a new database has nothing to move";
}

TEST_F(RawPagesTest, AnOldDatabaseReadsTheSameBeforeDuringAndAfterTheMove) {
  ASSERT_NO_FATAL_FAILURE(write_old_database(5));
  EXPECT_EQ(store_->raw_pages_to_move().value(), 5);
  expect_all_read_back(5);

  EXPECT_EQ(store_->move_raw_pages(2).value(), 2);
  EXPECT_EQ(store_->raw_pages_to_move().value(), 3);
  EXPECT_EQ(raw_query("SELECT count(*) FROM snapshot_pages"), "2");
  EXPECT_EQ(raw_query("SELECT group_concat(id) FROM snapshots WHERE length(raw_page) > 0"),
            "3,4,5");
  expect_all_read_back(5);  // half moved

  reopen();  // a stop in the middle: the next run goes on from the recorded progress
  EXPECT_EQ(store_->raw_pages_to_move().value(), 3);
  EXPECT_EQ(store_->move_raw_pages(2).value(), 2);
  EXPECT_EQ(store_->move_raw_pages(2).value(), 1) << "fewer than asked: the last batch";
  EXPECT_EQ(store_->raw_pages_to_move().value(), 0);
  EXPECT_EQ(store_->move_raw_pages(2).value(), 0);
  EXPECT_EQ(raw_query("SELECT count(*) FROM snapshots WHERE length(raw_page) > 0"), "0");
  EXPECT_EQ(raw_query("SELECT count(*) FROM raw_page_moves"), "0");
  expect_all_read_back(5);
}

TEST_F(RawPagesTest, TheMoveSkipsDeletedIdsAndSnapshotsStoredSince) {
  ASSERT_NO_FATAL_FAILURE(write_old_database(4));
  ASSERT_TRUE(store_->take_down("https://zibo.example/2", "asked", 2000).has_value());
  auto fresh = store_->commit_article(sample_snapshot(), {}, {});
  ASSERT_TRUE(fresh) << fresh.error().to_string();
  EXPECT_EQ(store_->move_raw_pages(10).value(), 4) << "the span of ids the old rows had";
  EXPECT_EQ(raw_query("SELECT group_concat(snapshot_id) FROM snapshot_pages"),
            "1,3,4," + std::to_string(*fresh));
  EXPECT_EQ(store_->snapshot_by_id(*fresh).value()->raw_page, sample_snapshot().raw_page);
  EXPECT_EQ(store_->snapshot_by_id(3).value()->raw_page, old_page(3));
}

TEST_F(RawPagesTest, ADeletedSnapshotTakesItsPageWithIt) {
  auto id = store_->commit_article(sample_snapshot(), {}, {});
  ASSERT_TRUE(id) << id.error().to_string();
  ASSERT_TRUE(store_->take_down(sample_snapshot().article.url, "asked", 2000).has_value());
  EXPECT_EQ(raw_query("SELECT count(*) FROM snapshot_pages"), "0");
}

}  // namespace
}  // namespace headlined::store::testing
