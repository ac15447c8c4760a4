// Group commit and a crash: the daemon is killed with SIGKILL after it has fetched, extracted
// and matched a group of articles but before the group commits (a commit window far longer
// than the test, one more article of the poll still on its way, which the group waits for,
// and the daemon's own gauge saying every other article waits for it). Nothing of the group
// may be stored then; after a restart every article is stored exactly once and every delivery
// exists, and arrives, exactly once.

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <condition_variable>
#include <csignal>
#include <map>
#include <mutex>

#include "e2e_support.hpp"
#include "support/child_process.hpp"
#include "support/local_server.hpp"
#include "support/temp_dir.hpp"

namespace headlined {
namespace {

using namespace std::chrono_literals;

constexpr int kGroupArticles = 8;
constexpr int kFeedArticles = kGroupArticles + 1;  // the last one's page answers late

TEST(GroupCommitCrash, KillBeforeTheGroupCommitsStoresAndDeliversEachArticleOnce) {
  testing::TempDir dir;
  std::mutex mutex;
  std::map<std::string, int> article_requests;
  std::map<std::pair<std::string, std::string>, int> received;  // (channel, url) -> times
  std::condition_variable released;
  bool release = false;  // the last article's page answers once this is set
  testing::LocalServer site, hooks;
  // Set when the test ends however it ends, before the servers stop (declared after them).
  struct Release {
    std::mutex& mutex;
    std::condition_variable& released;
    bool& release;
    void now() {
      std::lock_guard lock(mutex);
      release = true;
      released.notify_all();
    }
    ~Release() { now(); }
  } release_guard{mutex, released, release};
  testing::serve_numbered_feed(site, kFeedArticles);
  site.server().Get(R"(/a/(\d+)\.html)", [&](const httplib::Request& req, httplib::Response& res) {
    const int n = std::stoi(req.matches[1].str());
    {
      std::unique_lock lock(mutex);
      ++article_requests[req.path];
      if (n == kFeedArticles) released.wait_for(lock, 60s, [&] { return release; });
    }
    res.set_content("<html><body><article><h1>第" + std::to_string(n) + "号公告</h1><p>招商引资第" +
                        std::to_string(n) + "批项目签约" + (n % 2 ? "，奇数批次" : "") +
                        "。</p></article></body></html>",
                    "text/html; charset=utf-8");
  });
  hooks.server().Post(R"(/(all|odd))", [&](const httplib::Request& req, httplib::Response& res) {
    auto payload = nlohmann::json::parse(req.body);
    std::lock_guard lock(mutex);
    ++received[{req.matches[1].str(), payload["article"]["url"].get<std::string>()}];
    res.status = 200;
  });
  site.start();
  hooks.start();
  const std::string db = dir.file("h.db");
  auto write_config = [&](int commit_window_ms) {
    testing::write_file(dir.file("h.jsonc"), R"({
      "database": "h.db",
      "metrics_listen": "127.0.0.1:0",
      "crawl": {"host_delay_ms": 0, "robots": false, "commit_window_ms": )" +
                                                 std::to_string(commit_window_ms) + R"(},
      "sources": [{"name": "s", "type": "feed", "url": ")" +
                                                 site.url("/feed.xml") +
                                                 R"(", "interval": "1h"}],
      "channels": [{"name": "all", "type": "webhook", "url": ")" +
                                                 hooks.url("/all") + R"("},
                   {"name": "odd", "type": "webhook", "url": ")" +
                                                 hooks.url("/odd") + R"("}],
      "subscriptions": [{"name": "zs", "query": "招商引资", "channels": ["all"]},
                        {"name": "odd", "query": "奇数 签约", "channels": ["odd"]}]
    })");
  };

  // A window no test run reaches: the group waits for it, fetched, extracted and matched,
  // because the poll's last article is still on its way.
  write_config(60000);
  {
    testing::ChildProcess daemon;
    const std::string log = dir.file("first.log");
    daemon.start({HEADLINED_BINARY, "run", "--config", dir.file("h.jsonc")}, log);
    int port = 0;
    ASSERT_TRUE(testing::wait_until(
        [&] { return (port = testing::metrics_port_from_log(testing::read_file(log))) != 0; }, 10s))
        << testing::read_file(log);
    ASSERT_TRUE(testing::wait_until(
        [&] { return testing::metric_value(port, "headlined_articles_awaiting_commit") == "8"; },
        10s))
        << testing::read_file(log);
    EXPECT_EQ(testing::query(db, "SELECT count(*) FROM snapshots"), "0");
    daemon.signal(SIGKILL);
    ASSERT_EQ(daemon.wait(10s), -SIGKILL);
  }
  {
    std::lock_guard lock(mutex);
    EXPECT_EQ(article_requests.size(), static_cast<std::size_t>(kFeedArticles));
    EXPECT_TRUE(received.empty()) << "nothing was committed, so nothing may have been sent";
  }
  EXPECT_EQ(testing::query(db, "SELECT count(*) FROM snapshots"), "0");

  // Restarted with the ordinary window: the feed is polled in full again (its validators
  // were never kept) and every article is fetched, stored and delivered.
  write_config(50);
  release_guard.now();
  testing::ChildProcess daemon;
  const std::string log = dir.file("second.log");
  daemon.start({HEADLINED_BINARY, "run", "--config", dir.file("h.jsonc")}, log);
  constexpr std::size_t kDeliveries = kFeedArticles + (kFeedArticles + 1) / 2;  // all, odd
  const bool all_arrived = testing::wait_until(
      [&] {
        std::lock_guard lock(mutex);
        return received.size() == kDeliveries;
      },
      20s);
  daemon.signal(SIGTERM);
  ASSERT_EQ(daemon.wait(10s), 0);
  ASSERT_TRUE(all_arrived) << testing::read_file(log);

  EXPECT_EQ(testing::query(db, "SELECT count(*) FROM snapshots"), std::to_string(kFeedArticles));
  EXPECT_EQ(testing::query(db, "SELECT count(DISTINCT url) FROM snapshots"),
            std::to_string(kFeedArticles));
  EXPECT_EQ(testing::query(db, "SELECT count(*) FROM deliveries"), std::to_string(kDeliveries));
  EXPECT_EQ(testing::query(db, "SELECT count(*) FROM deliveries WHERE status = 'sent'"),
            std::to_string(kDeliveries));
  std::lock_guard lock(mutex);
  for (const auto& [delivery, times] : received)
    EXPECT_EQ(times, 1) << delivery.second << " reached " << delivery.first << " more than once";
  for (const auto& [path, times] : article_requests)
    EXPECT_EQ(times, 2) << path << ": fetched once per run";
}

}  // namespace
}  // namespace headlined
