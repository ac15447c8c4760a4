#include <sqlite3.h>

#include <filesystem>

#include "cli_fixture.hpp"

namespace headlined::cli::testing {
namespace {

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

TEST_F(CliTest, BackupWhileTheStoreIsOpenGivesAConsistentCopy) {
  const std::string copy = dir.file("copy.db");
  Output done = db_command("backup " + shell_quoted(copy));
  ASSERT_EQ(done.status, 0) << done.out;
  EXPECT_EQ(query_file(copy, "PRAGMA integrity_check"), "ok");
  EXPECT_EQ(query_file(copy, "SELECT count(*) FROM snapshots"),
            query_file(db_path, "SELECT count(*) FROM snapshots"));
  EXPECT_EQ(query_file(copy, "SELECT count(*) FROM snapshots"), "2");
  // The copy answers the admin commands like the original.
  EXPECT_EQ(headlined("search 马不停蹄 --db " + shell_quoted(copy)).status, 0);

  const auto size = std::filesystem::file_size(copy);
  headlined::testing::write_file(copy, "keep me");
  EXPECT_EQ(db_command("backup " + shell_quoted(copy)).status, 1);  // refuses to overwrite
  EXPECT_EQ(headlined::testing::read_file(copy), "keep me");
  EXPECT_EQ(db_command("backup --force " + shell_quoted(copy)).status, 0);
  EXPECT_EQ(std::filesystem::file_size(copy), size);
}

TEST_F(CliTest, PurgeRemovesOldSnapshotsButNotOnesAPendingDeliveryNeeds) {
  // The harbour article is 100 days old and its delivery is still pending: kept.
  Output kept = db_command("purge --older-than 90d --json");
  ASSERT_EQ(kept.status, 0) << kept.out;
  EXPECT_EQ(parse(kept)["removed"], 0);
  EXPECT_EQ(parse(kept)["kept_for_pending"], 1);
  EXPECT_EQ(db_command("show " + shell_quoted(kHarbourUrl)).status, 0);

  auto pending = store->deliveries(DeliveryStatus::Pending).value();
  for (const Delivery& d : pending) {
    if (d.snapshot_id == harbour_id) {
      ASSERT_TRUE(store->mark_sent(d.id, now_unix()));
    }
  }
  // With the config's "retention" (90d) instead of --older-than.
  Output removed = headlined("purge --json --config " + shell_quoted(config_path));
  ASSERT_EQ(removed.status, 0) << removed.out;
  EXPECT_EQ(parse(removed)["removed"], 1);
  EXPECT_EQ(db_command("show " + shell_quoted(kHarbourUrl)).status, 1);
  EXPECT_EQ(db_command("show " + shell_quoted(kSeedUrl)).status, 0);  // fetched today
  EXPECT_EQ(db_command("search harbour").status, 1);
  EXPECT_EQ(parse(db_command("status --json"))["deliveries"]["sent"], 0);

  EXPECT_EQ(db_command("purge").status, 2);  // no age given, no config
  EXPECT_EQ(db_command("purge --older-than 90x").status, 2);
}

}  // namespace
}  // namespace headlined::cli::testing
