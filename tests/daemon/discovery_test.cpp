// Feed discovery against a real local site: a home page announcing its feed, one that does
// not (a common path has it), one whose only pointer is robots.txt's sitemap, one with
// nothing (a list page); and the daemon polling a source without a type.

#include <gtest/gtest.h>

#include <atomic>

#include "headlined/daemon/discovery.hpp"
#include "recording_sink.hpp"
#include "support/local_server.hpp"
#include "support/temp_dir.hpp"

namespace headlined::daemon {
namespace {

using headlined::testing::LocalServer;
using headlined::testing::TempDir;

std::string rss(const std::string& link) {
  return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Local news</title>"
         "<item><title>Harbour reopens</title><link>" +
         link + "</link></item></channel></rss>";
}

void serve(httplib::Server& s, const std::string& path, const std::string& body,
           const std::string& type) {
  s.Get(path, [body, type](const httplib::Request&, httplib::Response& res) {
    res.set_content(body, type);
  });
}

const char* kPlainHome =
    "<html><head><title>Home</title></head><body><a href=\"/a.html\">A story</a></body></html>";

Result<Discovery> discover(const LocalServer& site, const std::string& path) {
  fetch::CrawlPolicy policy;
  policy.host_delay = std::chrono::milliseconds(0);  // discovery makes several requests
  fetch::Fetcher fetcher({}, policy);
  return discover_source(fetcher, site.url(path), fetcher.defaults());
}

TEST(Discovery, HomePageAnnouncingItsFeed) {
  LocalServer site;
  // The first announced feed is gone; the second one works and is chosen.
  serve(site.server(), "/",
        "<html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/gone.xml\">"
        "<link rel=\"alternate home\" type=\"application/atom+xml; charset=utf-8\" "
        "href=\"/news/atom\"></head><body>Home</body></html>",
        "text/html");
  serve(site.server(), "/news/atom",
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Atom news</title></feed>",
        "application/atom+xml");
  site.start();
  auto found = discover(site, "/");
  ASSERT_TRUE(found) << found.error().to_string();
  EXPECT_EQ(found->kind, SourceKind::Feed);
  EXPECT_EQ(found->url, site.url("/news/atom"));
  EXPECT_NE(found->reason.find("application/atom+xml"), std::string::npos) << found->reason;
  ASSERT_FALSE(found->tried.empty());
  EXPECT_NE(found->tried[0].find("/gone.xml"), std::string::npos) << found->tried[0];
}

TEST(Discovery, HomePageWithoutLinkFindsACommonPath) {
  LocalServer site;
  serve(site.server(), "/", kPlainHome, "text/html");
  serve(site.server(), "/rss.xml", rss("/a.html"), "application/rss+xml");
  site.start();
  auto found = discover(site, "/");
  ASSERT_TRUE(found) << found.error().to_string();
  EXPECT_EQ(found->kind, SourceKind::Feed);
  EXPECT_EQ(found->url, site.url("/rss.xml"));
  EXPECT_NE(found->reason.find("/rss.xml"), std::string::npos);
  EXPECT_NE(found->tried[0].find("/feed"), std::string::npos);  // tried first, a 404
}

TEST(Discovery, FeedOnlyInRobotsSitemap) {
  LocalServer site;
  serve(site.server(), "/section/page.html", kPlainHome, "text/html");
  site.server().Get("/robots.txt", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content("User-agent: *\nDisallow: /private/\n\nSitemap: " + site.url("/map.xml") + "\n",
                    "text/plain");
  });
  site.server().Get("/map.xml", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(
        "<?xml version=\"1.0\"?><urlset "
        "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>" +
            site.url("/a.html") + "</loc></url></urlset>",
        "application/xml");
  });
  site.start();
  auto found = discover(site, "/section/page.html");
  ASSERT_TRUE(found) << found.error().to_string();
  EXPECT_EQ(found->kind, SourceKind::Sitemap);
  EXPECT_EQ(found->url, site.url("/map.xml"));
}

TEST(Discovery, NothingFoundReadsTheListPageAndTheUrlItselfMayBeAFeed) {
  LocalServer site;
  serve(site.server(), "/", kPlainHome, "text/html");
  serve(site.server(), "/direct.xml", rss("/a.html"), "text/xml");
  site.start();
  auto list = discover(site, "/");
  ASSERT_TRUE(list) << list.error().to_string();
  EXPECT_EQ(list->kind, SourceKind::ListPage);
  EXPECT_EQ(list->url, site.url("/"));
  auto feed = discover(site, "/direct.xml");
  ASSERT_TRUE(feed) << feed.error().to_string();
  EXPECT_EQ(feed->kind, SourceKind::Feed);
  EXPECT_EQ(feed->reason, "the URL serves a feed");
  auto missing = discover(site, "/nowhere");
  EXPECT_FALSE(missing);
}

std::string config_text(const TempDir& dir, const std::string& source) {
  return R"({"database": ")" + dir.file("h.db") + R"(", "sources": [)" + source +
         R"(], "channels": [{"name": "log", "type": "console"}],
           "subscriptions": [{"name": "all", "query": "harbour", "channels": ["log"]}]})";
}

TEST(Discovery, DaemonPollsASourceWithoutTypeThroughDiscovery) {
  LocalServer site;
  serve(site.server(), "/",
        "<html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/rss\"></head>"
        "<body>Home</body></html>",
        "text/html");
  site.server().Get("/rss", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(rss(site.url("/a.html")), "application/rss+xml");
  });
  serve(site.server(), "/a.html",
        "<html><head><title>Harbour reopens</title></head><body><article><p>The harbour "
        "reopened on Monday after a month of repairs to the old quay.</p></article></body>"
        "</html>",
        "text/html; charset=utf-8");
  site.start();
  TempDir dir;
  config::LoadResult loaded = config::load_config_text(
      config_text(dir, R"({"name": "home", "url": ")" + site.url("/") + R"("})"),
      dir.file("c.jsonc"));
  ASSERT_TRUE(loaded.ok()) << loaded.errors[0].to_string();
  EXPECT_EQ(loaded.config.sources[0].kind, SourceKind::Auto);
  RecordingSink sink;
  auto daemon = Daemon::create(loaded.config, sink);
  ASSERT_TRUE(daemon) << daemon.error().to_string();
  std::atomic<bool> stop{false};
  (*daemon)->run_once(stop);
  PollReport report = sink.poll_of("home");
  EXPECT_TRUE(report.ok) << report.error;
  ASSERT_EQ(sink.stored.size(), 1u);
  EXPECT_EQ(sink.stored[0].title, "Harbour reopens");
  ASSERT_EQ(sink.discovered.size(), 1u);
  EXPECT_EQ(sink.discovered[0], "home feed " + site.url("/rss"));
}

TEST(Discovery, AFeedSourceServingHtmlNamesWhatArrived) {
  LocalServer site;
  serve(site.server(), "/feed",
        "<!DOCTYPE html><html><head><title>Please log in</title></head><body></body></html>",
        "text/html; charset=utf-8");
  site.start();
  TempDir dir;
  config::LoadResult loaded =
      config::load_config_text(config_text(dir, R"({"name": "wall", "type": "feed", "url": ")" +
                                                    site.url("/feed") + R"("})"),
                               dir.file("c.jsonc"));
  ASSERT_TRUE(loaded.ok()) << loaded.errors[0].to_string();
  RecordingSink sink;
  auto daemon = Daemon::create(loaded.config, sink);
  ASSERT_TRUE(daemon) << daemon.error().to_string();
  std::atomic<bool> stop{false};
  (*daemon)->run_once(stop);
  PollReport report = sink.poll_of("wall");
  EXPECT_FALSE(report.ok);
  EXPECT_NE(report.error.find("not a feed"), std::string::npos) << report.error;
  EXPECT_NE(report.error.find("text/html"), std::string::npos) << report.error;
  EXPECT_NE(report.error.find("Please log in"), std::string::npos) << report.error;
}

}  // namespace
}  // namespace headlined::daemon
