// What discovery chose is kept in the source's stored state: a restarted daemon polls the
// choice without discovering again, and a choice that keeps failing is discovered again.

#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "recording_sink.hpp"
#include "support/local_server.hpp"
#include "support/temp_dir.hpp"

namespace headlined::daemon {
namespace {

using headlined::testing::LocalServer;
using headlined::testing::TempDir;

const char* kEmptyRss =
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Local news</title>"
    "</channel></rss>";

class DiscoveryState : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& s = site.server();
    s.Get("/", [this](const httplib::Request&, httplib::Response& res) {
      ++home_requests;
      res.set_content("<html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"" +
                          std::string(moved.load() ? "/news.xml" : "/rss") +
                          "\"></head><body>Home</body></html>",
                      "text/html");
    });
    s.Get("/rss", [this](const httplib::Request&, httplib::Response& res) {
      if (moved.load()) {
        res.status = 404;
        res.set_content("gone", "text/plain");
        return;
      }
      res.set_content(kEmptyRss, "application/rss+xml");
    });
    s.Get("/news.xml", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(kEmptyRss, "application/rss+xml");
    });
    site.start();
  }

  std::unique_ptr<Daemon> make_daemon(RecordingSink& sink) {
    const std::string text = R"({"database": ")" + dir.file("h.db") +
                             R"(", "crawl": {"host_delay_ms": 0, "retries": 0},
      "sources": [{"name": "home", "url": ")" +
                             site.url("/") + R"("}],
      "channels": [{"name": "log", "type": "console"}],
      "subscriptions": [{"name": "all", "query": "harbour", "channels": ["log"]}]})";
    return daemon_from_text(text, dir.file("c.jsonc"), sink);
  }

  TempDir dir;
  LocalServer site;
  std::atomic<int> home_requests{0};
  std::atomic<bool> moved{false};
  std::atomic<bool> stop{false};
};

TEST_F(DiscoveryState, ARestartPollsTheStoredChoiceWithoutDiscoveringAgain) {
  {
    RecordingSink sink;
    auto daemon = make_daemon(sink);
    ASSERT_TRUE(daemon);
    daemon->run_once(stop);
    ASSERT_EQ(sink.discovered.size(), 1u);
    auto state = daemon->store().source_state("home");
    ASSERT_TRUE(state) << state.error().to_string();
    EXPECT_EQ(state->discovered_kind, "feed");
    EXPECT_EQ(state->discovered_url, site.url("/rss"));
    EXPECT_NE(state->discovered_reason.find("announces"), std::string::npos);
  }
  EXPECT_EQ(home_requests.load(), 1);
  RecordingSink sink;
  auto restarted = make_daemon(sink);
  ASSERT_TRUE(restarted);
  restarted->run_once(stop);
  EXPECT_TRUE(sink.poll_of("home").ok) << sink.poll_of("home").error;
  EXPECT_TRUE(sink.discovered.empty());
  EXPECT_EQ(home_requests.load(), 1);  // the home page was not read again
}

TEST_F(DiscoveryState, AChoiceThatKeepsFailingIsDiscoveredAgain) {
  RecordingSink sink;
  auto daemon = make_daemon(sink);
  ASSERT_TRUE(daemon);
  daemon->run_once(stop);
  ASSERT_EQ(sink.discovered.size(), 1u);
  moved = true;  // the feed moves; the home page now announces the new one
  for (int failed = 1; failed <= 3; ++failed) {
    daemon->run_once(stop);
    EXPECT_FALSE(sink.poll_of("home").ok);
    EXPECT_EQ(sink.discovered.size(), 1u) << "rediscovered after " << failed << " failure(s)";
  }
  daemon->run_once(stop);
  EXPECT_TRUE(sink.poll_of("home").ok) << sink.poll_of("home").error;
  ASSERT_EQ(sink.discovered.size(), 2u);
  EXPECT_EQ(sink.discovered[1], "home feed " + site.url("/news.xml"));
  auto state = daemon->store().source_state("home");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->discovered_url, site.url("/news.xml"));
  EXPECT_EQ(state->consecutive_failures, 0);
}

}  // namespace
}  // namespace headlined::daemon
