// Automatic retention: the running daemon purges snapshots older than the config's
// "retention" once at start and then every hour (here every second), on its own thread,
// while polls go on.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

#include "headlined/config/config.hpp"
#include "headlined/core/time.hpp"
#include "headlined/daemon/daemon.hpp"
#include "recording_sink.hpp"
#include "support/child_process.hpp"
#include "support/local_server.hpp"
#include "support/temp_dir.hpp"

namespace headlined::daemon {
namespace {

using headlined::testing::TempDir;
using headlined::testing::wait_until;
using namespace std::chrono_literals;

Snapshot snapshot_fetched(const std::string& url, UnixTime at) {
  Snapshot s;
  s.article.url = url;
  s.article.title = "旧闻 " + url;
  s.article.body = "招商引资项目集中签约。";
  s.article.source_name = "s";
  s.original_url = url;
  s.fetched_at = at;
  return s;
}

TEST(RetentionDaemon, PurgesAtStartAndThenPeriodicallyKeepingRecentOnes) {
  TempDir dir;
  headlined::testing::LocalServer site;
  site.server().Get("/feed.xml", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<rss version=\"2.0\"><channel><title>t</title></channel></rss>",
                    "application/rss+xml");
  });
  site.start();
  const std::string text = R"({"database": ")" + dir.file("h.db") + R"(", "retention": "2d",
      "sources": [{"name": "s", "type": "feed", "url": ")" +
                           site.url("/feed.xml") + R"(", "interval": "1s"}],
      "channels": [{"name": "log", "type": "console"}],
      "subscriptions": [{"name": "zs", "query": "招商引资", "channels": ["log"]}]})";
  config::LoadResult loaded = config::load_config_text(text, dir.file("c.jsonc"));
  ASSERT_TRUE(loaded.ok()) << loaded.errors.front().to_string();
  ASSERT_EQ(loaded.config.retention, 2 * 86400s);
  DaemonOptions options;
  options.retention_every = 1s;
  NoSink sink;
  auto daemon = Daemon::create(loaded.config, sink, options);
  ASSERT_TRUE(daemon) << daemon.error().to_string();
  store::Store& store = (*daemon)->store();

  const UnixTime now = now_unix();
  ASSERT_TRUE(
      store.commit_article(snapshot_fetched("https://old.example/1", now - 3 * 86400), {}, {}));
  ASSERT_TRUE(store.commit_article(snapshot_fetched("https://new.example/1", now - 86400), {}, {}));

  std::atomic<bool> stop{false};
  std::thread running([&] { (*daemon)->run(stop); });
  EXPECT_TRUE(wait_until(
      [&] { return !store.snapshot_by_url("https://old.example/1").value_or(std::nullopt); }, 10s))
      << "not purged at start";
  EXPECT_TRUE(store.is_tombstoned("https://old.example/1").value_or(false));

  // Later, another snapshot turns old (here: is stored old): the next round purges it.
  ASSERT_TRUE(
      store.commit_article(snapshot_fetched("https://old.example/2", now - 5 * 86400), {}, {}));
  EXPECT_TRUE(wait_until(
      [&] { return !store.snapshot_by_url("https://old.example/2").value_or(std::nullopt); }, 10s))
      << "not purged by the periodic round";
  stop = true;
  running.join();
  EXPECT_TRUE(store.snapshot_by_url("https://new.example/1").value_or(std::nullopt));
  EXPECT_EQ(store.snapshot_count().value_or(-1), 1);
  EXPECT_NE((*daemon)->metrics().render().find("headlined_snapshots_purged_total 2"),
            std::string::npos)
      << (*daemon)->metrics().render();
}

// The real binary with "retention" in its config purges an old snapshot right after start,
// and says so in its log.
TEST(RetentionDaemon, TheServiceAppliesTheConfigsRetentionAtStart) {
  TempDir dir;
  headlined::testing::LocalServer site;
  site.server().Get("/feed.xml", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<rss version=\"2.0\"><channel><title>t</title></channel></rss>",
                    "application/rss+xml");
  });
  site.start();
  const UnixTime now = now_unix();
  {
    auto store = store::Store::open(dir.file("h.db"));
    ASSERT_TRUE(store) << store.error().to_string();
    ASSERT_TRUE((*store)->commit_article(
        snapshot_fetched("https://old.example/1", now - 100 * 86400), {}, {}));
    ASSERT_TRUE((*store)->commit_article(
        snapshot_fetched("https://new.example/1", now - 10 * 86400), {}, {}));
  }
  const std::string config = dir.file("h.jsonc");
  headlined::testing::write_file(config, R"({"database": "h.db", "retention": "90d",
      "sources": [{"name": "s", "type": "feed", "url": ")" +
                                             site.url("/feed.xml") + R"("}],
      "channels": [{"name": "log", "type": "console"}],
      "subscriptions": [{"name": "zs", "query": "招商引资", "channels": ["log"]}]})");
  headlined::testing::ChildProcess service;
  const std::string log = dir.file("daemon.log");
  service.start({HEADLINED_BINARY, "run", "--config", config}, log);
  EXPECT_TRUE(wait_until(
      [&] {
        return headlined::testing::read_file(log).find("retention: purged 1 snapshot(s)") !=
               std::string::npos;
      },
      15s))
      << headlined::testing::read_file(log);
  service.signal(SIGTERM);
  ASSERT_EQ(service.wait(10s), 0) << headlined::testing::read_file(log);
  auto store = store::Store::open(dir.file("h.db"));
  ASSERT_TRUE(store);
  EXPECT_FALSE((*store)->snapshot_by_url("https://old.example/1").value_or(std::nullopt));
  EXPECT_TRUE((*store)->snapshot_by_url("https://new.example/1").value_or(std::nullopt));
}

}  // namespace
}  // namespace headlined::daemon
