// The address policy in the pipeline: a feed on 127.0.0.1 whose items point at another
// loopback server under tricky spellings (octal, IPv4-mapped IPv6, one decimal number, a
// name) or through a redirect gets those articles refused, each with its own error, while
// its same-origin articles and the other sources are collected; with
// "allow_private_addresses": true the same articles are fetched.

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>

#include "headlined/config/config.hpp"
#include "headlined/daemon/config_check.hpp"
#include "headlined/daemon/daemon.hpp"
#include "recording_sink.hpp"
#include "support/local_server.hpp"
#include "support/temp_dir.hpp"

namespace headlined::daemon {
namespace {

using headlined::testing::LocalServer;
using headlined::testing::TempDir;

std::string article_page(const std::string& title) {
  return "<html><head><meta charset=\"utf-8\"><title>" + title +
         "</title></head><body><article><h1>" + title +
         "</h1><p>The harbour reopened on Monday after the storm.</p><p>Ferries run again "
         "from the north pier.</p></article></body></html>";
}

std::string rss(const std::vector<std::string>& links) {
  std::string items;
  for (const std::string& link : links)
    items += "<item><title>t</title><link>" + link + "</link></item>";
  return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>" + items +
         "</channel></rss>";
}

class AddressPolicySource : public ::testing::Test {
 protected:
  void SetUp() override {
    // The "internal" server: nothing may reach it from a policed source.
    inside.server().Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      ++inside_requests;
      if (req.path != "/robots.txt" && req.path != "/child.xml") ++inside_articles;
      res.set_content(article_page("Inside " + req.path), "text/html");
    });
    inside.start();
    const std::string q = std::to_string(inside.port());
    internal_links = {
        "http://0177.0.0.1:" + q + "/x/octal.html",
        "http://[::ffff:127.0.0.1]:" + q + "/x/mapped.html",
        "http://2130706433:" + q + "/x/decimal.html",
        "http://localhost:" + q + "/x/name.html",
    };

    auto& s = site.server();
    s.Get("/feed.xml", [this](const httplib::Request& req, httplib::Response& res) {
      res.set_header("ETag", "\"v1\"");
      if (req.get_header_value("If-None-Match") == "\"v1\"") {
        res.status = 304;
        return;
      }
      std::vector<std::string> links = {site.url("/a/1.html"), site.url("/go")};
      links.insert(links.end(), internal_links.begin(), internal_links.end());
      res.set_content(rss(links), "application/rss+xml");
    });
    s.Get("/feed2.xml", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(rss({site.url("/b/1.html")}), "application/rss+xml");
    });
    s.Get("/sitemap_index.xml", [this](const httplib::Request&, httplib::Response& res) {
      const std::string inner = "http://localhost:" + std::to_string(inside.port());
      res.set_content(
          "<?xml version=\"1.0\"?><sitemapindex "
          "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
          "<sitemap><loc>" +
              inner +
              "/child.xml</loc><lastmod>2024-05-02</lastmod></sitemap>"
              "<sitemap><loc>" +
              site.url("/child.xml") +
              "</loc><lastmod>2024-05-01</lastmod>"
              "</sitemap></sitemapindex>",
          "application/xml");
    });
    s.Get("/child.xml", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(
          "<?xml version=\"1.0\"?><urlset "
          "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>" +
              site.url("/b/1.html") + "</loc></url></urlset>",
          "application/xml");
    });
    s.Get("/go", [this](const httplib::Request&, httplib::Response& res) {
      // A link on the source's own origin that redirects to another origin on loopback.
      res.set_redirect("http://127.0.0.1:" + std::to_string(inside.port()) + "/x/redirected.html");
    });
    s.Get("/a/1.html", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(article_page("Harbour reopens"), "text/html");
    });
    s.Get("/b/1.html", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(article_page("Ferries run again"), "text/html");
    });
    site.start();
  }

  std::unique_ptr<Daemon> make_daemon(RecordingSink& sink, bool allow) {
    std::string text = R"({
      "database": ")" + dir.file("h.db") +
                       R"(",
      "crawl": {"host_delay_ms": 0},
      "sources": [
        {"name": "news", "type": "feed", "url": ")" +
                       site.url("/feed.xml") + R"(", "allow_private_addresses": )" +
                       (allow ? "true" : "false") + R"(},
        {"name": "second", "type": "feed", "url": ")" +
                       site.url("/feed2.xml") + R"("},
        {"name": "map", "type": "sitemap", "url": ")" +
                       site.url("/sitemap_index.xml") + R"("}
      ],
      "channels": [{"name": "log", "type": "console"}],
      "subscriptions": [{"name": "harbour", "query": "harbour", "channels": ["log"]}]
    })";
    return daemon_from_text(text, dir.file("test.jsonc"), sink);
  }

  TempDir dir;
  LocalServer site;
  LocalServer inside;
  std::vector<std::string> internal_links;
  std::atomic<int> inside_articles{0}, inside_requests{0};
  std::atomic<bool> stop{false};
};

TEST_F(AddressPolicySource, DiscoveredLoopbackLinksAreRefusedOneByOne) {
  RecordingSink sink;
  auto daemon = make_daemon(sink, false);
  ASSERT_TRUE(daemon);
  daemon->run_once(stop);

  EXPECT_EQ(inside_articles.load(), 0);
  PollReport news = sink.poll_of("news");
  EXPECT_TRUE(news.ok) << news.error;
  EXPECT_EQ(news.items, 6);
  EXPECT_EQ(news.stored, 1);
  EXPECT_EQ(news.failed, 0);   // refusals are reported, but would only come again:
  EXPECT_EQ(news.skipped, 5);  // they do not count against the poll
  PollReport second = sink.poll_of("second");
  EXPECT_TRUE(second.ok) << second.error;
  EXPECT_EQ(second.stored + sink.poll_of("map").stored, 1);  // the one article, once
  // A child sitemap on an internal address is not read; the one on the source's origin is.
  PollReport map = sink.poll_of("map");
  EXPECT_TRUE(map.ok) << map.error;
  EXPECT_EQ(map.items, 1);
  EXPECT_EQ(inside_requests.load(), 0);

  ASSERT_EQ(sink.failed.size(), 5u);
  for (const std::string& url : internal_links) {
    ASSERT_TRUE(sink.failed.contains(url)) << url;
    const std::string& e = sink.failed[url];
    EXPECT_NE(e.find("discovered URL " + url + " resolves to "), std::string::npos) << e;
    EXPECT_NE(e.find(", a loopback address; set \"allow_private_addresses\": true on source "
                     "'news' to allow it"),
              std::string::npos)
        << e;
  }
  const std::string& redirected = sink.failed[site.url("/go")];
  EXPECT_NE(redirected.find("(redirected to http://127.0.0.1:" + std::to_string(inside.port()) +
                            "/x/redirected.html) resolves to 127.0.0.1, a loopback address"),
            std::string::npos)
      << redirected;

  auto same_origin = daemon->store().snapshot_by_url(site.url("/a/1.html"));
  ASSERT_TRUE(same_origin && *same_origin);
  EXPECT_EQ((*same_origin)->article.title, "Harbour reopens");
  for (const std::string& url : internal_links) {
    auto none = daemon->store().snapshot_by_url(url);
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none) << url;
  }
  // The source is not marked broken, and since asking again would only be refused again,
  // the feed's ETag is kept: the next poll is a 304 that refetches nothing.
  auto state = daemon->store().source_state("news");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->consecutive_failures, 0);
  EXPECT_EQ(state->etag, "\"v1\"");
  daemon->run_once(stop);
  EXPECT_TRUE(sink.poll_of("news").not_modified);
  EXPECT_EQ(inside_requests.load(), 0);
}

TEST_F(AddressPolicySource, ASourceThatOptsInFetchesTheSameArticles) {
  RecordingSink sink;
  auto daemon = make_daemon(sink, true);
  ASSERT_TRUE(daemon);
  daemon->run_once(stop);

  PollReport news = sink.poll_of("news");
  EXPECT_TRUE(news.ok) << news.error;
  EXPECT_EQ(news.failed, 0) << (sink.failed.empty() ? "" : sink.failed.begin()->second);
  EXPECT_EQ(news.stored, 6);
  EXPECT_EQ(inside_articles.load(), 5);
  for (const std::string& url : internal_links) {
    auto snapshot = daemon->store().snapshot_by_url(url);
    ASSERT_TRUE(snapshot);
    EXPECT_TRUE(*snapshot) << url;
  }
}

}  // namespace
}  // namespace headlined::daemon
