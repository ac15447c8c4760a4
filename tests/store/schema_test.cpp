#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace headlined::store::testing {
namespace {

TEST_F(SqliteStoreTest, CreatesTheCurrentSchema) {
  // Later migrations append to the schema; every table of each must be there.
  EXPECT_GE(store_->schema_version(), 2);
  EXPECT_EQ(raw_query("PRAGMA user_version"), std::to_string(store_->schema_version()));
  for (const char* table :
       {"sources", "snapshots", "matches", "deliveries", "snapshots_fts", "tombstones"}) {
    EXPECT_EQ(raw_query(std::string("SELECT count(*) FROM sqlite_master WHERE type='table' AND "
                                    "name='") +
                        table + "'"),
              "1")
        << table;
  }
  EXPECT_EQ(raw_query("SELECT count(*) FROM sqlite_master WHERE name='deliveries_due'"), "1");
}

TEST_F(SqliteStoreTest, WalModeIsVisibleToAnotherConnection) {
  EXPECT_EQ(raw_query("PRAGMA journal_mode"), "wal");
}

TEST_F(SqliteStoreTest, ConnectionSettingsAreApplied) {
  // synchronous, foreign_keys and busy_timeout are per connection: ask the store's own.
  EXPECT_EQ(store_->pragma_value("synchronous").value_or(""), "2");  // 2 = FULL
  EXPECT_EQ(store_->pragma_value("foreign_keys").value_or(""), "1");
  EXPECT_EQ(store_->pragma_value("busy_timeout").value_or(""), "5000");
  EXPECT_FALSE(store_->pragma_value("synchronous; DROP TABLE sources"));
}

TEST_F(SqliteStoreTest, ReopenKeepsDataWithoutRerunningMigrations) {
  bool inserted = false;
  auto id = store_->commit_article(sample_snapshot(), {}, {}, &inserted);
  ASSERT_TRUE(id) << id.error().to_string();
  ASSERT_TRUE(inserted);
  const int version = store_->schema_version();
  reopen();  // migrations have no IF NOT EXISTS: re-running one would fail the open
  EXPECT_EQ(store_->schema_version(), version);
  auto again = store_->snapshot_by_id(*id);
  ASSERT_TRUE(again && *again);
  EXPECT_EQ((*again)->article.title, sample_snapshot().article.title);
}

TEST_F(SqliteStoreTest, RefusesADatabaseFromANewerBuild) {
  store_.reset();
  raw_query("PRAGMA user_version = 99");
  auto opened = Store::open(path());
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().what.find("newer"), std::string::npos);
  EXPECT_EQ(opened.error().where, path());
}

TEST(StoreOpen, ErrorNamesThePath) {
  auto opened = Store::open("/nonexistent-dir/sub/headlined.db");
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().where, "/nonexistent-dir/sub/headlined.db");
  EXPECT_NE(opened.error().what.find("open"), std::string::npos);
}

}  // namespace
}  // namespace headlined::store::testing
