// The store's contract runs on both backends (StoreTest is instantiated here once for every
// file's TEST_P(StoreTest, ...)); below, what is particular to PostgreSQL.
#include <gtest/gtest.h>

#include <thread>

#include "../../src/store/pg_connection.hpp"
#include "store_fixture.hpp"

namespace headlined::store::testing {
namespace {

HEADLINED_ON_EVERY_BACKEND(StoreTest);

TEST(PostgresqlLocation, IsRecognisedByItsScheme) {
  EXPECT_TRUE(is_postgresql_location("postgresql://u@db.example/headlined"));
  EXPECT_TRUE(is_postgresql_location("postgres://u@db.example/headlined"));
  EXPECT_FALSE(is_postgresql_location("/var/lib/headlined/headlined.db"));
  EXPECT_FALSE(is_postgresql_location("postgresql.db"));
}

TEST(PostgresqlUrl, PasswordsAreMaskedInWhatErrorsName) {
  EXPECT_EQ(pg::mask_password("postgresql://news:s3cret@db.example:5432/headlined"),
            "postgresql://news:***@db.example:5432/headlined");
  EXPECT_EQ(pg::mask_password("postgresql://db.example/h?sslmode=require&password=s3cret"),
            "postgresql://db.example/h?sslmode=require&password=***");
  EXPECT_EQ(pg::mask_password("postgresql://news@db.example/headlined"),
            "postgresql://news@db.example/headlined");
}

TEST(PostgresqlOpen, AnUnreachableServerIsAnErrorNamingTheMaskedUrl) {
  // Port 1 on loopback: nothing listens there.
  auto opened = Store::open("postgresql://news:s3cret@127.0.0.1:1/headlined?connect_timeout=2");
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().where, "postgresql://news:***@127.0.0.1:1/headlined?connect_timeout=2");
  EXPECT_NE(opened.error().what.find("connect"), std::string::npos) << opened.error().what;
  EXPECT_EQ(opened.error().to_string().find("s3cret"), std::string::npos);
}

class PostgresqlStoreTest : public ::testing::Test, protected StoreHarness {
 protected:
  void SetUp() override { open_on(Backend::Postgresql); }
};

TEST_F(PostgresqlStoreTest, CreatesTheCurrentSchemaWithATokenIndex) {
  EXPECT_GE(store_->schema_version(), 1);
  EXPECT_EQ(raw_query("SELECT max(version) FROM headlined_schema"),
            std::to_string(store_->schema_version()));
  for (const char* table : {"sources", "snapshots", "matches", "deliveries", "tombstones",
                            "story_members", "story_bands", "websub_subscriptions"}) {
    EXPECT_EQ(raw_query(std::string("SELECT count(*) FROM pg_tables WHERE tablename = '") + table +
                        "' AND schemaname = current_schema()"),
              "1")
        << table;
  }
  EXPECT_EQ(raw_query("SELECT indexdef LIKE '%gin%' FROM pg_indexes WHERE indexname = "
                      "'snapshots_search' AND schemaname = current_schema()"),
            "t");
}

TEST_F(PostgresqlStoreTest, TheRawPageIsStoredAsBytesWithItsNuls) {
  auto id = store_->commit_article(sample_snapshot(), {}, {});
  ASSERT_TRUE(id) << id.error().to_string();
  EXPECT_EQ(raw_query("SELECT octet_length(raw_page) FROM snapshots"), "20");
  auto back = store_->snapshot_by_id(*id);
  ASSERT_TRUE(back && *back);
  EXPECT_EQ((*back)->raw_page, sample_snapshot().raw_page);
}

TEST_F(PostgresqlStoreTest, RefusesADatabaseFromANewerBuild) {
  store_.reset();
  raw_query("UPDATE headlined_schema SET version = 99");
  auto opened = Store::open(location());
  ASSERT_FALSE(opened);
  EXPECT_NE(opened.error().what.find("newer"), std::string::npos) << opened.error().what;
  EXPECT_EQ(opened.error().where, location());
  auto reader = Store::open_read_only(location());
  ASSERT_FALSE(reader);
  EXPECT_NE(reader.error().what.find("schema version 99"), std::string::npos);
}

TEST_F(PostgresqlStoreTest, TwoStoresOpeningAnEmptyDatabaseTogetherMigrateItOnce) {
  store_.reset();
  const std::string url = headlined::testing::PostgresServer::instance().fresh_schema_url();
  Result<std::unique_ptr<Store>> first = std::unexpected(Error{});
  Result<std::unique_ptr<Store>> second = std::unexpected(Error{});
  std::thread a([&] { first = Store::open(url); });
  std::thread b([&] { second = Store::open(url); });
  a.join();
  b.join();
  ASSERT_TRUE(first) << first.error().to_string();
  ASSERT_TRUE(second) << second.error().to_string();
  EXPECT_EQ((*first)->schema_version(), (*second)->schema_version());
  EXPECT_EQ(headlined::testing::PostgresServer::instance().query(
                url, "SELECT count(*) FROM headlined_schema"),
            "1");
}

TEST_F(PostgresqlStoreTest, SqliteOnlyOperationsHaveAMeaningOrAClearError) {
  EXPECT_EQ(store_->pragma_value("default_transaction_read_only").value_or(""), "off");
  EXPECT_FALSE(store_->pragma_value("synchronous; DROP TABLE sources"));
  EXPECT_FALSE(store_->write_fault());
  EXPECT_TRUE(store_->probe_write());
  EXPECT_EQ(store_->check_storage().problem, "");
  auto backup = store_->backup_to(dir_.file("copy.db"), false);
  ASSERT_FALSE(backup);
  EXPECT_NE(backup.error().what.find("PostgreSQL"), std::string::npos) << backup.error().what;
  EXPECT_NE(backup.error().what.find("pg_dump"), std::string::npos);
}

TEST_F(PostgresqlStoreTest, AReadOnlyStoreRefusesWrites) {
  auto reader = Store::open_read_only(location());
  ASSERT_TRUE(reader) << reader.error().to_string();
  EXPECT_EQ((*reader)->pragma_value("default_transaction_read_only").value_or(""), "on");
  auto written = (*reader)->commit_article(sample_snapshot(), {}, {});
  ASSERT_FALSE(written);
  EXPECT_NE(written.error().what.find("read-only"), std::string::npos) << written.error().what;
}

}  // namespace
}  // namespace headlined::store::testing
