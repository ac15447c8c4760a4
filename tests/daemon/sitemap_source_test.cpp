// A sitemap source end to end against a local site: an index whose newest child is gzip,
// newest articles first within the per-poll limit, URL patterns, and override selectors.

#include <gtest/gtest.h>

#include <zlib.h>

#include <algorithm>
#include <mutex>

#include "headlined/config/config.hpp"
#include "headlined/daemon/daemon.hpp"
#include "recording_sink.hpp"
#include "support/local_server.hpp"
#include "support/temp_dir.hpp"

namespace headlined::daemon {
namespace {

using headlined::testing::LocalServer;
using headlined::testing::TempDir;

std::string gzip(const std::string& text) {
  z_stream z{};
  deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, text.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string news_entry(const std::string& loc, const std::string& date) {
  return "<url><loc>" + loc + "</loc><news:news><news:publication_date>" + date +
         "</news:publication_date><news:title>t</news:title></news:news></url>";
}

TEST(SitemapSource, NewestArticlesOfTheNewestGzipChildWithPatternsAndOverrides) {
  LocalServer site;
  auto& s = site.server();
  s.Get("/sitemap_index.xml", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(
        "<?xml version=\"1.0\"?><sitemapindex "
        "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
        "<sitemap><loc>" +
            site.url("/news.xml.gz") +
            "</loc><lastmod>2024-04-14</lastmod></sitemap>"
            "</sitemapindex>",
        "application/xml");
  });
  s.Get("/news.xml.gz", [&](const httplib::Request&, httplib::Response& res) {
    std::string xml =
        "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
        "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">" +
        news_entry(site.url("/news/old.html"), "2024-04-12T08:00:00Z") +
        news_entry(site.url("/news/new.html"), "2024-04-14T08:00:00Z") +
        news_entry(site.url("/video/newest.html"), "2024-04-14T09:00:00Z") +
        news_entry(site.url("/news/mid.html"), "2024-04-13T08:00:00Z") + "</urlset>";
    res.set_content(gzip(xml), "application/gzip");
  });
  auto page = [](const std::string& title) {
    return [title](const httplib::Request&, httplib::Response& res) {
      res.set_content(
          "<html><head><title>Wrong - Site</title></head><body>"
          "<div class=\"hd\"><span class=\"t\">" +
              title +
              "</span></div>"
              "<div class=\"story\"><p>Short story text.</p><p class=\"ad\">Buy!</p></div>"
              "</body></html>",
          "text/html; charset=utf-8");
    };
  };
  for (const char* name : {"old", "new", "mid"})
    s.Get("/news/" + std::string(name) + ".html", page(std::string("Story ") + name));
  s.Get("/video/newest.html", page("Video"));
  site.start();

  TempDir dir;
  std::string text = R"({
    "database": ")" + dir.file("h.db") +
                     R"(",
    "sources": [{"name": "daily", "type": "sitemap", "url": ")" +
                     site.url("/sitemap_index.xml") +
                     R"(", "max_articles_per_poll": 2, "exclude_urls": ["/video/"],
                     "overrides": {"title": ".hd .t", "body": "div.story", "drop": ".ad"}}],
    "channels": [{"name": "log", "type": "console"}],
    "subscriptions": [{"name": "all", "query": "story", "channels": ["log"]}]
  })";
  RecordingSink sink;
  auto daemon = daemon_from_text(text, dir.file("c.jsonc"), sink);
  ASSERT_TRUE(daemon);
  std::atomic<bool> stop{false};
  daemon->run_once(stop);

  std::vector<std::string> titles;
  for (const Article& a : sink.stored) {
    titles.push_back(a.title);
    EXPECT_EQ(a.body, "Short story text.");
  }
  std::sort(titles.begin(), titles.end());
  // The two newest news URLs: the newer video one is excluded, the oldest waits.
  EXPECT_EQ(titles, (std::vector<std::string>{"Story mid", "Story new"}));
}

// A site reachable only through the source's HTTP proxy (its host name does not resolve):
// the children of its sitemap index must go through that proxy too, and a child that fails
// is reported (and logged by the daemon), not silently dropped.
TEST(SitemapSource, ChildrenGoThroughTheSourcesProxyAndAFailedChildIsReported) {
  std::mutex mutex;
  std::vector<std::string> asked;  // absolute URLs the proxy was asked for
  LocalServer proxy;
  proxy.server().Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
    {
      std::lock_guard lock(mutex);
      asked.push_back(req.target);
    }
    if (req.target == "http://news.invalid/index.xml") {
      res.set_content(
          "<?xml version=\"1.0\"?><sitemapindex "
          "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
          "<sitemap><loc>http://news.invalid/today.xml</loc><lastmod>2024-04-14</lastmod>"
          "</sitemap><sitemap><loc>http://news.invalid/gone.xml</loc>"
          "<lastmod>2024-04-13</lastmod></sitemap></sitemapindex>",
          "application/xml");
    } else if (req.target == "http://news.invalid/today.xml") {
      res.set_content(
          "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" "
          "xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">" +
              news_entry("http://news.invalid/a.html", "2024-04-14T08:00:00Z") + "</urlset>",
          "application/xml");
    } else if (req.target == "http://news.invalid/a.html") {
      res.set_content(
          "<html><head><title>Harbour story</title></head><body><article><h1>Harbour "
          "story</h1><p>The harbour opened a new container terminal today.</p></article>"
          "</body></html>",
          "text/html; charset=utf-8");
    } else {
      res.status = 404;
    }
  });
  const int port = proxy.start();

  TempDir dir;
  const std::string text = R"({
    "database": ")" + dir.file("h.db") +
                           R"(",
    "crawl": {"robots": false},
    "sources": [{"name": "daily", "type": "sitemap", "url": "http://news.invalid/index.xml",
                 "proxy": "http://127.0.0.1:)" +
                           std::to_string(port) + R"("}],
    "channels": [{"name": "log", "type": "console"}],
    "subscriptions": [{"name": "all", "query": "harbour", "channels": ["log"]}]
  })";
  RecordingSink sink;
  auto daemon = daemon_from_text(text, dir.file("c.jsonc"), sink);
  ASSERT_TRUE(daemon);
  std::atomic<bool> stop{false};
  daemon->run_once(stop);

  ASSERT_EQ(sink.stored.size(), 1u) << "the child sitemap did not go through the proxy";
  EXPECT_EQ(sink.stored[0].title, "Harbour story");
  {
    std::lock_guard lock(mutex);
    EXPECT_NE(std::ranges::find(asked, "http://news.invalid/today.xml"), asked.end());
  }
  std::lock_guard lock(sink.mutex);
  ASSERT_EQ(sink.failed_children.size(), 1u);
  EXPECT_EQ(sink.failed_children.begin()->first, "http://news.invalid/gone.xml");
  EXPECT_NE(sink.failed_children.begin()->second.find("404"), std::string::npos)
      << sink.failed_children.begin()->second;
}

}  // namespace
}  // namespace headlined::daemon
