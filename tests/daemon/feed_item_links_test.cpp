// A feed item's link may be a guid or id that names no web page (feedparser's rule, which
// parse_feed follows): the daemon fetches only http(s) links and says, at debug level, which
// items it left out, while the feed's other items are collected as usual.

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

TEST(FeedItemLinks, ItemsWhoseLinkIsNoWebAddressAreSkippedNotFetched) {
  LocalServer site;
  site.server().Get("/rss", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Guids</title>"
        "<item><title>Harbour tag</title><guid>tag:harbour.example,2024:1</guid></item>"
        "<item><title>Harbour number</title><guid>4711</guid></item>"
        "<item><title>Harbour reopens</title><guid>" +
            site.url("/a.html") + "</guid></item></channel></rss>",
        "application/rss+xml");
  });
  site.server().Get("/a.html", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(
        "<html><head><title>Harbour reopens</title></head><body><article><p>The harbour "
        "reopened on Monday after a month of repairs to the old quay.</p></article></body>"
        "</html>",
        "text/html; charset=utf-8");
  });
  site.start();
  TempDir dir;
  const std::string text = R"({"database": ")" + dir.file("h.db") +
                           R"(", "crawl": {"host_delay_ms": 0},
      "sources": [{"name": "guids", "type": "feed", "url": ")" +
                           site.url("/rss") + R"("}],
      "channels": [{"name": "log", "type": "console"}],
      "subscriptions": [{"name": "all", "query": "harbour", "channels": ["log"]}]})";
  RecordingSink sink;
  auto daemon = daemon_from_text(text, dir.file("c.jsonc"), sink);
  ASSERT_TRUE(daemon);
  std::atomic<bool> stop{false};
  daemon->run_once(stop);
  PollReport report = sink.poll_of("guids");
  EXPECT_TRUE(report.ok) << report.error;
  EXPECT_EQ(report.items, 1);
  EXPECT_EQ(report.failed, 0);
  ASSERT_EQ(sink.stored.size(), 1u);
  EXPECT_EQ(sink.stored[0].title, "Harbour reopens");
  EXPECT_TRUE(sink.failed.empty());
  EXPECT_EQ(sink.skipped_links, (std::vector<std::string>{"tag:harbour.example,2024:1", "4711"}));
}

}  // namespace
}  // namespace headlined::daemon
