// The search index written behind the articles, and a crash: the daemon is killed with SIGKILL
// after its articles are committed but before the background step indexed them (an index delay
// far longer than the test, and the daemon's own gauge saying they all wait). Another process's
// `headlined search` still finds every one (it reads the queue), and the restarted daemon
// indexes them all before it reports ready.

#include <gtest/gtest.h>
#include <httplib.h>

#include <csignal>

#include "e2e_support.hpp"
#include "support/child_process.hpp"
#include "support/local_server.hpp"
#include "support/run_command.hpp"
#include "support/temp_dir.hpp"

namespace headlined {
namespace {

using namespace std::chrono_literals;

constexpr int kIndexedArticles = 6;

TEST(SearchIndexCrash, KillBeforeIndexingLeavesEveryArticleSearchableAndIndexedAfterRestart) {
  testing::TempDir dir;
  testing::LocalServer site;
  testing::serve_numbered_feed(site, kIndexedArticles);
  site.server().Get(R"(/a/(\d+)\.html)", [&](const httplib::Request& req, httplib::Response& res) {
    const std::string n = req.matches[1].str();
    res.set_content("<html><body><article><h1>第" + n + "号公告</h1><p>港口防波堤第" + n +
                        "期修复工程完工。</p></article></body></html>",
                    "text/html; charset=utf-8");
  });
  site.start();
  const std::string db = dir.file("h.db");
  auto write_config = [&](const std::string& index_delay) {
    testing::write_file(dir.file("h.jsonc"), R"({
      "database": "h.db",
      "metrics_listen": "127.0.0.1:0",
      "crawl": {"host_delay_ms": 0, "robots": false)" +
                                                 index_delay + R"(},
      "sources": [{"name": "s", "type": "feed", "url": ")" +
                                                 site.url("/feed.xml") +
                                                 R"(", "interval": "1h"}],
      "channels": [{"name": "log", "type": "console"}],
      "subscriptions": [{"name": "port", "query": "防波堤", "channels": ["log"]}]
    })");
  };

  write_config(R"(, "search_index_delay_ms": 60000)");
  {
    testing::ChildProcess daemon;
    const std::string log = dir.file("first.log");
    daemon.start({HEADLINED_BINARY, "run", "--config", dir.file("h.jsonc")}, log);
    int port = 0;
    ASSERT_TRUE(testing::wait_until(
        [&] { return (port = testing::metrics_port_from_log(testing::read_file(log))) != 0; }, 10s))
        << testing::read_file(log);
    ASSERT_TRUE(testing::wait_until(
        [&] {
          return testing::metric_value(port, "headlined_search_index_backlog") ==
                 std::to_string(kIndexedArticles);
        },
        10s))
        << testing::read_file(log);
    const std::string lag = testing::metric_value(port, "headlined_search_index_lag_seconds");
    EXPECT_GE(std::stod(lag), 0) << lag;
    EXPECT_LT(std::stod(lag), 60) << lag;
    daemon.signal(SIGKILL);
    ASSERT_EQ(daemon.wait(10s), -SIGKILL);
  }
  EXPECT_EQ(testing::query(db, "SELECT count(*) FROM snapshots"), std::to_string(kIndexedArticles));
  EXPECT_EQ(testing::query(db, "SELECT count(*) FROM snapshots_fts_docsize"), "0");

  // Another process searching the database meanwhile finds every stored article.
  const testing::CommandOutput found = testing::run_command(
      std::string(HEADLINED_BINARY) + " search 防波堤 --json --db '" + db + "'");
  ASSERT_EQ(found.status, 0) << found.out;
  for (int i = 1; i <= kIndexedArticles; ++i)
    EXPECT_NE(found.out.find("/a/" + std::to_string(i) + ".html"), std::string::npos) << found.out;

  // Restarted: indexed before it says ready, not a delay later.
  write_config("");
  testing::ChildProcess daemon;
  const std::string log = dir.file("second.log");
  daemon.start({HEADLINED_BINARY, "run", "--config", dir.file("h.jsonc")}, log);
  ASSERT_TRUE(testing::wait_until(
      [&] { return testing::read_file(log).find("ready:") != std::string::npos; }, 10s))
      << testing::read_file(log);
  EXPECT_EQ(testing::query(db, "SELECT count(*) FROM snapshots_fts_pending"), "0");
  EXPECT_EQ(testing::query(db, "SELECT count(*) FROM snapshots_fts_docsize"),
            std::to_string(kIndexedArticles));
  EXPECT_NE(testing::read_file(log).find("indexed 6 snapshot(s) a previous run left unindexed"),
            std::string::npos)
      << testing::read_file(log);
  daemon.signal(SIGTERM);
  ASSERT_EQ(daemon.wait(10s), 0) << testing::read_file(log);
}

}  // namespace
}  // namespace headlined
