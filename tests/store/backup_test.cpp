#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "seed_article.hpp"
#include "store_fixture.hpp"
#include "support/temp_dir.hpp"

namespace headlined::store::testing {
namespace {

// One value from a query on a database file opened read-only.
std::string query_file(const std::string& file, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string out = "<error>";
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

class BackupTest : public SqliteStoreTest {
 protected:
  void SetUp() override {
    SqliteStoreTest::SetUp();
    for (int i = 0; i < 3; ++i) {
      auto id = store_->commit_article(
          seed_snapshot("https://zibo.example/" + std::to_string(i), kNow + i), {}, {});
      ASSERT_TRUE(id) << id.error().to_string();
    }
  }
};

TEST_F(BackupTest, CopyPassesTheIntegrityCheckAndHoldsEverySnapshot) {
  const std::string copy = dir_.file("backup.db");
  auto done = store_->backup_to(copy, false);
  ASSERT_TRUE(done) << done.error().to_string();
  EXPECT_EQ(query_file(copy, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(query_file(copy, "SELECT count(*) FROM snapshots"), "3");
  EXPECT_FALSE(std::filesystem::exists(copy + ".partial"));
  // The copy is a working store, search index included.
  auto opened = Store::open(copy);
  ASSERT_TRUE(opened) << opened.error().to_string();
  EXPECT_EQ((*opened)->search("马不停蹄", 10).value().size(), 3u);
}

TEST_F(BackupTest, RefusesAnExistingFileUnlessOverwriting) {
  const std::string copy = dir_.file("backup.db");
  headlined::testing::write_file(copy, "precious");
  auto refused = store_->backup_to(copy, false);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().what.find("exists"), std::string::npos);
  EXPECT_EQ(refused.error().where, copy);
  EXPECT_EQ(headlined::testing::read_file(copy), "precious");
  ASSERT_TRUE(store_->backup_to(copy, true));
  EXPECT_EQ(query_file(copy, "SELECT count(*) FROM snapshots"), "3");
}

TEST_F(BackupTest, AWriterInAnotherConnectionDoesNotBlockOrLeakIntoTheCopy) {
  // Another process (the daemon) is in the middle of a write transaction.
  sqlite3* writer = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &writer), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(writer,
                         "BEGIN IMMEDIATE; INSERT INTO snapshots (url, original_url, source_name, "
                         "title, subtitle, byline, attribution, published, body, raw_page, "
                         "charset, fetched_at) VALUES ('https://in-flight.example/', '', 'x', "
                         "'t', '', '', '', '', 'b', x'00', 'UTF-8', 1)",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  const std::string copy = dir_.file("backup.db");
  auto done = store_->backup_to(copy, false);
  EXPECT_EQ(sqlite3_exec(writer, "COMMIT", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(writer);
  ASSERT_TRUE(done) << done.error().to_string();
  EXPECT_EQ(query_file(copy, "SELECT count(*) FROM snapshots"), "3");
  EXPECT_EQ(raw_query("SELECT count(*) FROM snapshots"), "4");
}

TEST_F(BackupTest, AnUnwritableTargetIsAnErrorNamingIt) {
  auto failed = store_->backup_to("/nonexistent-dir/backup.db", false);
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().to_string().find("/nonexistent-dir/backup.db"), std::string::npos);
}

}  // namespace
}  // namespace headlined::store::testing
