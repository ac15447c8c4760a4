// /s/ID and /a/HASH: the seed's layout, escaping of every field, 404 and 410, the caching
// and security headers, and that reading a page leaves the database file unchanged.
#include <gtest/gtest.h>

#include <vector>

#include "headlined/core/digest.hpp"
#include "support/temp_dir.hpp"
#include "web_fixture.hpp"

namespace headlined::web::testing {
namespace {

using headlined::testing::read_file;

void expect_in_order(const std::string& text, const std::vector<std::string>& parts) {
  std::size_t pos = 0;
  for (const std::string& part : parts) {
    const std::size_t found = text.find(part, pos);
    ASSERT_NE(found, std::string::npos) << "missing or out of order: " << part << "\n" << text;
    pos = found + part.size();
  }
}

class SnapshotPage : public WebTest {
 protected:
  const std::string kUrl = "https://zibo.example/news/gaoqing.html";
  std::int64_t id_ = 0;
  void SetUp() override {
    start([&](store::Store& s) { id_ = add(s, seed_snapshot(kUrl, 1713055507)); });
  }
};

TEST_F(SnapshotPage, FollowsTheSeedLayout) {
  auto res = get("/s/" + std::to_string(id_));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  expect_in_order(res->body, {
                                 "<html lang=\"zh-CN\">",
                                 "本文转自:淄博日报",
                                 "一季度招商引资两项重要指标均居全市首位",
                                 "<h1>高青:请进优质合伙人共赢未来</h1>",
                                 "□本报记者 董振霞 通讯员 王克军",
                                 "<p>日前,我市公布今年一季度",
                                 "<p>从京津冀到苏沪浙",
                                 "本站未对信息做任何修改",
                                 "快照生成时间:2024-04-1",
                                 "如有侵权请联系我们进行删除。 联系方式:takedown@example.org",
                                 "信息原文地址: <a href=\"" + kUrl + "?from=rss\"",
                             });
  // The raw page (with its own script) is stored but never served.
  EXPECT_EQ(res->body.find("alert('raw')"), std::string::npos);
  EXPECT_EQ(res->body.find("<script"), std::string::npos);
}

TEST_F(SnapshotPage, StableLinkByUrlHashShowsTheSamePage) {
  auto by_id = get("/s/" + std::to_string(id_));
  auto by_hash = get("/a/" + url_hash(kUrl));
  ASSERT_TRUE(by_id && by_hash);
  EXPECT_EQ(by_hash->status, 200);
  EXPECT_EQ(by_hash->body, by_id->body);
}

TEST_F(SnapshotPage, SendsSecurityAndCachingHeaders) {
  auto res = get("/s/" + std::to_string(id_));
  ASSERT_TRUE(res);
  const std::string csp = res->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("script-src"), std::string::npos) << "no script source at all: " << csp;
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(res->get_header_value("Referrer-Policy"), "no-referrer");
  const std::string etag = res->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());

  auto again = get("/s/" + std::to_string(id_), {{"If-None-Match", etag}});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
}

TEST_F(SnapshotPage, GzipsForClientsThatAcceptIt) {
  httplib::Client c = client();
  c.set_decompress(false);
  auto res = c.Get("/s/" + std::to_string(id_), {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Content-Encoding"), "gzip");
  ASSERT_GE(res->body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(res->body[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(res->body[1]), 0x8b);
}

TEST_F(SnapshotPage, UnknownOrMalformedIdsAre404) {
  for (const std::string& path :
       std::vector<std::string>{"/s/999999", "/s/abc", "/s/", "/s/12345678901234567890123",
                                "/a/0000000000000000", "/a/XYZ", "/s/1/extra"}) {
    auto res = get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404) << path;
  }
}

TEST_F(SnapshotPage, PathTraversalFindsNothing) {
  for (const std::string& path : std::vector<std::string>{
           "/../../etc/passwd", "/s/..%2F..%2Fetc%2Fpasswd", "/style.css/../../../etc/passwd",
           "/%2e%2e/%2e%2e/etc/passwd", "/feeds/..%2F..%2Fetc%2Fpasswd.atom"}) {
    auto res = get(path);
    ASSERT_TRUE(res);
    EXPECT_TRUE(res->status == 404 || res->status == 400) << path << ": " << res->status;
    EXPECT_EQ(res->body.find("root:"), std::string::npos) << path;
  }
}

TEST_F(SnapshotPage, TakenDownSnapshotIsGoneWithTheTakedownLine) {
  {
    auto store = store::Store::open(database());
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->take_down(kUrl, "request by the author", 1713100000));
  }
  for (const std::string& path :
       std::vector<std::string>{"/s/" + std::to_string(id_), "/a/" + url_hash(kUrl)}) {
    auto res = get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 410) << path;
    EXPECT_NE(res->body.find("如有侵权请联系我们进行删除"), std::string::npos) << res->body;
    EXPECT_EQ(res->body.find("高青县"), std::string::npos) << "the text is gone";
  }
}

TEST_F(SnapshotPage, ReadingPagesLeavesTheDatabaseFileUnchanged) {
  const std::string before = read_file(database());
  const std::string wal_before = read_file(database() + "-wal");
  for (const std::string& path :
       std::vector<std::string>{"/s/" + std::to_string(id_), "/", "/search?q=招商",
                                "/search?q=高质量招商", "/a/" + url_hash(kUrl), "/takedown"}) {
    auto res = get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << path;
  }
  EXPECT_EQ(read_file(database()), before);
  EXPECT_EQ(read_file(database() + "-wal"), wal_before);
}

class HostileSnapshot : public WebTest {};

TEST_F(HostileSnapshot, EveryFieldRendersAsText) {
  std::int64_t id = 0;
  start([&](store::Store& s) {
    Snapshot evil = seed_snapshot("https://evil.example/a.html", 1713055507);
    evil.article.title = "<script>alert(1)</script>";
    evil.article.subtitle = "\"><img src=x onerror=alert(2)>";
    evil.article.byline = "' onmouseover='alert(3)";
    evil.article.attribution = "</p><iframe src=//evil.example>";
    evil.article.body = "<b>bold</b>\n<a href=\"javascript:alert(4)\">click</a>\x01\x7f";
    evil.original_url = "javascript:alert(5)//https://x.example/";
    evil.article.source_name = "<svg onload=alert(6)>";
    id = add(s, evil);
  });
  for (const std::string& path :
       std::vector<std::string>{"/s/" + std::to_string(id), "/", "/search?q=alert"}) {
    auto res = get(path);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << path;
    const std::string& html = res->body;
    for (const std::string& forbidden :
         std::vector<std::string>{"<script", "<img", "<iframe", "<svg", "<b>",
                                  "<a href=\"javascript", "href=\"javascript", "\x01", "\x7f"}) {
      EXPECT_EQ(html.find(forbidden), std::string::npos) << path << ": " << forbidden;
    }
  }
  auto res = get("/s/" + std::to_string(id));
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(res->body.find("&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"), std::string::npos);
  EXPECT_NE(res->body.find("&#39; onmouseover=&#39;alert(3)"), std::string::npos);
  // The address is shown but not linked: it is not http(s).
  EXPECT_NE(res->body.find("javascript:alert(5)//https://x.example/"), std::string::npos);
}

}  // namespace
}  // namespace headlined::web::testing
