// Successful fetches against a real HTTP server on 127.0.0.1: decoding, compression,
// redirects and conditional GET.

#include "headlined/fetch/fetcher.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>

#include "support/local_server.hpp"
#include "support/temp_dir.hpp"

namespace headlined::fetch {
namespace {

using headlined::testing::LocalServer;
using headlined::testing::read_fixture;

TEST(Fetcher, Utf8PageComesBackWithStatusTypeAndUrl) {
  LocalServer server;
  std::string user_agent;
  server.server().Get("/news", [&](const httplib::Request& req, httplib::Response& res) {
    user_agent = req.get_header_value("User-Agent");
    res.set_content("<p>头条新闻资讯订阅</p>", "text/html; charset=utf-8");
  });
  server.start();

  FetchOptions options;
  options.user_agent = "headlined-test/1.0";
  const auto r = Fetcher(options).get(server.url("/news"));
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->url, server.url("/news"));
  EXPECT_EQ(r->content_type, "text/html; charset=utf-8");
  EXPECT_EQ(r->charset, "utf-8");
  EXPECT_EQ(r->body, "<p>头条新闻资讯订阅</p>");
  EXPECT_EQ(r->raw_body, r->body);
  EXPECT_FALSE(r->not_modified);
  EXPECT_EQ(user_agent, "headlined-test/1.0");
}

TEST(Fetcher, GbkPageWithHeaderCharsetIsDecoded) {
  LocalServer server;
  const std::string gbk = read_fixture("text/gbk-page.html");
  server.server().Get("/gbk", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(gbk, "text/html; charset=GBK");
  });
  server.start();

  const auto r = Fetcher().get(server.url("/gbk"));
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(r->charset, "gbk");
  EXPECT_EQ(r->raw_body, gbk);
  EXPECT_EQ(r->body, read_fixture("text/gbk-page.utf8.html"));
}

TEST(Fetcher, GbkPageWithOnlyMetaCharsetIsDecoded) {
  LocalServer server;
  server.server().Get("/gbk", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(read_fixture("text/gbk-page.html"), "text/html");
  });
  server.start();

  const auto r = Fetcher().get(server.url("/gbk"));
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(r->charset, "gbk");
  EXPECT_NE(r->body.find("本文转自:淄博日报"), std::string::npos);
  EXPECT_NE(r->body.find("招商引资"), std::string::npos);
}

TEST(Fetcher, GzipEncodedResponseIsDecompressed) {
  LocalServer server;
  std::string accept_encoding;
  server.server().Get("/article", [&](const httplib::Request& req, httplib::Response& res) {
    accept_encoding = req.get_header_value("Accept-Encoding");
    res.set_header("Content-Encoding", "gzip");
    // A type cpp-httplib does not compress itself, so it leaves the gzip bytes alone.
    res.set_content(read_fixture("fetch/article.html.gz"), "application/rss+xml");
  });
  server.start();

  const auto r = Fetcher().get(server.url("/article"));
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_NE(accept_encoding.find("gzip"), std::string::npos);
  EXPECT_EQ(r->raw_body, read_fixture("fetch/article.html"));
  EXPECT_NE(r->body.find("本文转自:淄博日报"), std::string::npos);
}

TEST(Fetcher, RedirectIsFollowedAndEffectiveUrlReported) {
  LocalServer server;
  server.server().Get(
      "/old", [](const httplib::Request&, httplib::Response& res) { res.set_redirect("/moved"); });
  server.server().Get("/moved", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("/new", 301);
  });
  server.server().Get("/new", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("ETag", "\"new-etag\"");
    res.set_content("arrived", "text/html");
  });
  server.start();

  const auto r = Fetcher().get(server.url("/old"));
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->url, server.url("/new"));
  EXPECT_EQ(r->body, "arrived");
  EXPECT_EQ(r->etag, "\"new-etag\"");
}

TEST(Fetcher, ConditionalGetWithEtagGives304AsNotModified) {
  LocalServer server;
  std::atomic<int> full_responses = 0;
  server.server().Get("/feed", [&](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("If-None-Match") == "\"v1\"") {
      res.status = 304;
      res.set_header("ETag", "\"v1\"");
      return;
    }
    ++full_responses;
    res.set_header("ETag", "\"v1\"");
    res.set_header("Last-Modified", "Sun, 14 Apr 2024 00:45:07 GMT");
    res.set_content("<rss/>", "application/rss+xml");
  });
  server.start();

  Fetcher fetcher;
  const auto first = fetcher.get(server.url("/feed"));
  ASSERT_TRUE(first.has_value()) << first.error().to_string();
  EXPECT_EQ(first->etag, "\"v1\"");
  EXPECT_EQ(first->last_modified, "Sun, 14 Apr 2024 00:45:07 GMT");

  FetchOptions conditional = fetcher.defaults();
  conditional.if_none_match = first->etag;
  const auto second = fetcher.get(server.url("/feed"), conditional);
  ASSERT_TRUE(second.has_value()) << second.error().to_string();
  EXPECT_EQ(second->status, 304);
  EXPECT_TRUE(second->not_modified);
  EXPECT_TRUE(second->body.empty());
  EXPECT_EQ(second->etag, "\"v1\"");
  EXPECT_EQ(full_responses, 1);
}

TEST(Fetcher, ConditionalGetWithIfModifiedSince) {
  LocalServer server;
  const std::string stamp = "Sun, 14 Apr 2024 00:45:07 GMT";
  server.server().Get("/page", [&](const httplib::Request& req, httplib::Response& res) {
    if (req.get_header_value("If-Modified-Since") == stamp) {
      res.status = 304;
      return;
    }
    res.set_content("fresh", "text/html");
  });
  server.start();

  FetchOptions options;
  options.if_modified_since = stamp;
  const auto r = Fetcher().get(server.url("/page"), options);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_TRUE(r->not_modified);
  EXPECT_TRUE(r->body.empty());

  const auto unconditional = Fetcher().get(server.url("/page"));
  ASSERT_TRUE(unconditional.has_value());
  EXPECT_FALSE(unconditional->not_modified);
  EXPECT_EQ(unconditional->body, "fresh");
}

TEST(Fetcher, HeaderValuesCannotInjectHeaders) {
  LocalServer server;
  std::string injected;
  server.server().Get("/page", [&](const httplib::Request& req, httplib::Response& res) {
    injected = req.get_header_value("X-Injected");
    res.set_content("ok", "text/html");
  });
  server.start();

  FetchOptions options;
  options.if_none_match = "\"v1\"\r\nX-Injected: yes";
  const auto r = Fetcher().get(server.url("/page"), options);
  ASSERT_TRUE(r.has_value()) << r.error().to_string();
  EXPECT_EQ(injected, "");
}

}  // namespace
}  // namespace headlined::fetch
