// The daemon and the search index written behind the articles: what a crash left unindexed is
// indexed before the daemon runs, and an article the daemon stores reaches the index proper
// (not only the queue search also reads) within 5 s, with the lag on /metrics.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "headlined/config/config.hpp"
#include "headlined/core/time.hpp"
#include "headlined/daemon/daemon.hpp"
#include "recording_sink.hpp"
#include "support/child_process.hpp"
#include "support/local_server.hpp"
#include "support/sqlite_query.hpp"
#include "support/temp_dir.hpp"

namespace headlined::daemon {
namespace {

using testing::query;

using headlined::testing::TempDir;
using headlined::testing::wait_until;
using namespace std::chrono_literals;

// One value through a connection of its own, as another process would see it.

// The value of an unlabelled metric line, or -1 when it is missing.
double metric(const std::string& rendered, const std::string& name) {
  const std::string start = "\n" + name + " ";
  const std::size_t at = rendered.find(start);
  if (at == std::string::npos) return -1;
  return std::stod(rendered.substr(at + start.size()));
}

Snapshot article(const std::string& url, const std::string& body) {
  Snapshot s;
  s.article.url = url;
  s.article.title = "公告 " + url;
  s.article.body = body;
  s.article.source_name = "s";
  s.original_url = url;
  s.fetched_at = now_unix();
  return s;
}

class SearchIndexDaemon : public ::testing::Test {
 protected:
  void SetUp() override {
    site.server().Get("/feed.xml", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content("<rss version=\"2.0\"><channel><title>t</title><item><link>" +
                          site.url("/a/1.html") + "</link></item></channel></rss>",
                      "application/rss+xml");
    });
    site.server().Get("/a/1.html", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(
          "<html><body><article><h1>港口重新开放</h1><p>风暴过后，港口于周一重新开放，外防波堤"
          "修复工程历时一周。</p><p>外防波堤修复工程历时一周。</p></article></body></html>",
          "text/html; charset=utf-8");
    });
    site.start();
  }

  config::Config config() {
    const std::string text = R"({"database": ")" + db() + R"(",
        "crawl": {"host_delay_ms": 0, "robots": false},
        "sources": [{"name": "s", "type": "feed", "url": ")" +
                             site.url("/feed.xml") + R"(", "interval": "1h"}],
        "channels": [{"name": "log", "type": "console"}],
        "subscriptions": [{"name": "port", "query": "港口", "channels": ["log"]}]})";
    config::LoadResult loaded = config::load_config_text(text, dir.file("c.jsonc"));
    EXPECT_TRUE(loaded.ok()) << loaded.errors.front().to_string();
    return loaded.config;
  }

  std::string db() const { return dir.file("h.db"); }

  TempDir dir;
  headlined::testing::LocalServer site;
  NoSink sink;
};

TEST_F(SearchIndexDaemon, WhatACrashLeftUnindexedIsIndexedBeforeTheDaemonRuns) {
  {
    // Stored, and the process ended before any indexer ran (as a SIGKILL would leave it).
    auto store = store::Store::open(db());
    ASSERT_TRUE(store) << store.error().to_string();
    ASSERT_TRUE(
        (*store)->commit_article(article("https://a.example/1", "招商引资项目集中签约"), {}, {}));
    ASSERT_TRUE((*store)->commit_article(article("https://a.example/2", "招商引资第二批"), {}, {}));
  }
  ASSERT_EQ(query(db(), "SELECT count(*) FROM snapshots_fts_pending"), "2");
  auto daemon = Daemon::create(config(), sink, DaemonOptions{});
  ASSERT_TRUE(daemon) << daemon.error().to_string();
  // Before run() (which reports ready), and without waiting for the background step.
  EXPECT_EQ(query(db(), "SELECT count(*) FROM snapshots_fts_pending"), "0");
  // Rows of the index (its per-document table: the index itself needs the tokenizer, which a
  // plain sqlite3 connection lacks).
  EXPECT_EQ(query(db(), "SELECT count(*) FROM snapshots_fts_docsize"), "2");
}

TEST_F(SearchIndexDaemon, AnArticleTheDaemonStoresIsIndexedWithinFiveSeconds) {
  auto daemon = Daemon::create(config(), sink, DaemonOptions{});
  ASSERT_TRUE(daemon) << daemon.error().to_string();
  Metrics& metrics = (*daemon)->metrics();
  EXPECT_EQ(metric(metrics.render(), "headlined_search_index_lag_seconds"), 0);
  EXPECT_EQ(metric(metrics.render(), "headlined_search_index_backlog"), 0);

  std::atomic<bool> stop{false};
  std::thread running([&] { (*daemon)->run(stop); });
  const bool stored =
      wait_until([&] { return query(db(), "SELECT count(*) FROM snapshots") == "1"; }, 10s);
  const auto stored_at = std::chrono::steady_clock::now();
  const bool indexed = stored && wait_until(
                                     [&] {
                                       return query(db(),
                                                    "SELECT count(*) FROM "
                                                    "snapshots_fts_docsize") == "1";
                                     },
                                     5s);
  const auto waited = std::chrono::steady_clock::now() - stored_at;
  const std::string rendered = metrics.render();
  stop = true;
  running.join();
  ASSERT_TRUE(stored);
  EXPECT_TRUE(indexed) << "not in the search index 5 s after it was stored";
  EXPECT_LT(waited, 5s);
  EXPECT_EQ(metric(rendered, "headlined_search_indexed_snapshots"), 1) << rendered;
  EXPECT_GE(metric(rendered, "headlined_search_index_batches"), 1) << rendered;
  const double lag = metric(rendered, "headlined_search_index_lag_seconds");
  EXPECT_GE(lag, 0) << rendered;
  EXPECT_LT(lag, 5) << rendered;
  EXPECT_EQ(metric(rendered, "headlined_search_index_backlog"), 0) << rendered;
  auto hits = (*daemon)->store().search("外防波堤", 10);
  ASSERT_TRUE(hits) << hits.error().to_string();
  EXPECT_EQ(hits->size(), 1u);
}

}  // namespace
}  // namespace headlined::daemon
