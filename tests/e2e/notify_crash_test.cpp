// At-least-once with the same key: the real daemon is killed (SIGKILL) while a webhook
// receiver holds its first delivery; after a restart the receiver sees the delivery again,
// carrying the same idempotency key, and nothing more.

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <mutex>
#include <thread>

#include "headlined/store/store.hpp"
#include "support/child_process.hpp"
#include "support/local_server.hpp"
#include "support/temp_dir.hpp"

namespace headlined {
namespace {

using namespace std::chrono_literals;
using testing::ChildProcess;
using testing::LocalServer;
using testing::TempDir;
using testing::wait_until;

class DispatchCrash : public ::testing::Test {
 protected:
  void SetUp() override {
    site.server().Get("/feed.xml", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(
          "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
          "<title>Coast</title><item><title>Harbour reopens</title><link>" +
              site.url("/news/harbour.html") + "</link></item></channel></rss>",
          "application/rss+xml");
    });
    site.server().Get("/news/harbour.html", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(
          "<html><head><title>Harbour reopens after storm</title></head><body><article>"
          "<h1>Harbour reopens after storm</h1><p>The harbour reopened on Monday after a week "
          "of repairs to the outer wall.</p></article></body></html>",
          "text/html; charset=utf-8");
    });
    hook.server().Post("/hook", [this](const httplib::Request& req, httplib::Response& res) {
      bool first = false;
      {
        std::lock_guard lock(mutex);
        keys.push_back(req.get_header_value("webhook-id"));
        first = keys.size() == 1;
      }
      // The first delivery is held until the test has killed the daemon that sent it.
      if (first) {
        while (!release.load()) std::this_thread::sleep_for(10ms);
      }
      res.status = 200;
    });
    site.start();
    hook.start();
    config_path = dir.file("headlined.jsonc");
    testing::write_file(config_path, R"({
      "database": ")" + dir.file("headlined.db") +
                                         R"(",
      "sources": [{"name": "coast", "type": "feed", "url": ")" +
                                         site.url("/feed.xml") + R"(", "interval": "1h"}],
      "channels": [{"name": "hook", "type": "webhook", "url": ")" +
                                         hook.url("/hook") + R"(", "timeout": "30s"}],
      "subscriptions": [{"name": "harbour", "query": "harbour", "channels": ["hook"]}]
    })");
  }

  void TearDown() override { release = true; }

  std::size_t received() {
    std::lock_guard lock(mutex);
    return keys.size();
  }

  TempDir dir;
  std::string config_path;
  std::mutex mutex;
  std::vector<std::string> keys;
  std::atomic<bool> release{false};
  LocalServer site, hook;  // last: stopped before the state their handlers use
};

TEST_F(DispatchCrash, RepeatAfterSigkillCarriesTheSameKey) {
  {
    ChildProcess daemon;
    daemon.start({HEADLINED_BINARY, "run", "--config", config_path}, dir.file("first.log"));
    ASSERT_TRUE(wait_until([&] { return received() == 1; }, 20s))
        << testing::read_file(dir.file("first.log"));
    daemon.signal(SIGKILL);  // mid-send: the receiver has the request, the daemon no answer
    ASSERT_EQ(daemon.wait(10s), std::optional<int>(-SIGKILL));
  }
  release = true;  // the held request now completes into a closed connection

  ChildProcess daemon;
  daemon.start({HEADLINED_BINARY, "run", "--config", config_path}, dir.file("second.log"));
  ASSERT_TRUE(wait_until([&] { return received() == 2; }, 20s))
      << testing::read_file(dir.file("second.log"));
  // Marked sent this time: no third send.
  ASSERT_TRUE(wait_until(
      [&] {
        auto store = store::Store::open(dir.file("headlined.db"));
        if (!store) return false;
        auto sent = (*store)->deliveries(DeliveryStatus::Sent);
        return sent && sent->size() == 1u;
      },
      20s));
  daemon.signal(SIGTERM);
  daemon.wait(10s);
  std::lock_guard lock(mutex);
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_FALSE(keys[0].empty());
  EXPECT_EQ(keys[0], keys[1]);
}

}  // namespace
}  // namespace headlined
