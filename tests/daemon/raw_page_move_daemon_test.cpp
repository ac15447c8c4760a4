// The daemon and the raw pages an older version stored inside the snapshots rows: they are
// in snapshot_pages, and the rows empty, by the time Daemon::create returns (before ready).

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "headlined/config/config.hpp"
#include "headlined/daemon/daemon.hpp"
#include "recording_sink.hpp"
#include "support/sqlite_query.hpp"
#include "support/temp_dir.hpp"

namespace headlined::daemon {
namespace {

using testing::query;

using headlined::testing::TempDir;

bool exec(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  bool ok = sqlite3_open(db_path.c_str(), &db) == SQLITE_OK &&
            sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
  sqlite3_close(db);
  return ok;
}

TEST(RawPageMoveDaemon, MovesInlinePagesBeforeItIsReady) {
  TempDir dir;
  const std::string db = dir.file("h.db");
  const std::string text = R"({"database": ")" + db + R"(", "sources": [],
      "channels": [{"name": "log", "type": "console"}], "subscriptions": []})";
  config::LoadResult loaded = config::load_config_text(text, dir.file("c.jsonc"));
  ASSERT_TRUE(loaded.ok()) << loaded.errors.front().to_string();
  {
    auto store = store::Store::open(db);
    ASSERT_TRUE(store) << store.error().to_string();
    for (int n = 1; n <= 3; ++n) {
      Snapshot s;
      s.article.url = "https://zibo.example/" + std::to_string(n);
      s.article.title = "旧闻";
      s.article.source_name = "s";
      s.raw_page = "<html>page " + std::to_string(n) + "</html>";
      ASSERT_TRUE((*store)->commit_article(s, {}, {}));
    }
  }
  // As an older version left them: the page inside the row, the move still to do.
  ASSERT_TRUE(exec(db,
                   "UPDATE snapshots SET raw_page = (SELECT raw_page FROM snapshot_pages "
                   "WHERE snapshot_id = snapshots.id); DELETE FROM snapshot_pages; "
                   "INSERT INTO raw_page_moves (next_id, last_id) VALUES (1, 3)"));
  ASSERT_EQ(query(db, "SELECT count(*) FROM snapshots WHERE length(raw_page) > 0"), "3");

  NoSink sink;
  auto daemon = Daemon::create(loaded.config, sink, DaemonOptions{});
  ASSERT_TRUE(daemon) << daemon.error().to_string();
  EXPECT_EQ(query(db, "SELECT count(*) FROM snapshots WHERE length(raw_page) > 0"), "0");
  EXPECT_EQ(query(db, "SELECT count(*) FROM raw_page_moves"), "0");
  EXPECT_EQ(query(db, "SELECT raw_page FROM snapshot_pages WHERE snapshot_id = 2"),
            "<html>page 2</html>");
  auto read = (*daemon)->store().snapshot_by_id(3);
  ASSERT_TRUE(read && *read);
  EXPECT_EQ((*read)->raw_page, "<html>page 3</html>");
}

}  // namespace
}  // namespace headlined::daemon
