// / (newest first, paged by cursor, filtered by source) and /search (Chinese and English,
// marked hits, paging, the query language's exclusions, and the bounds on bad queries).
#include <gtest/gtest.h>

#include <vector>

#include "web_fixture.hpp"

namespace headlined::web::testing {
namespace {

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

class Listing : public WebTest {
 protected:
  void SetUp() override {
    start([](store::Store& s) {
      // 25 from "coast" (fetched 1000..1024) and the seed from "zibo", newest of all.
      for (int i = 0; i < 25; ++i) {
        add(s, english_snapshot("https://coast.example/" + std::to_string(i) + ".html",
                                "Harbour report " + std::to_string(i),
                                "The harbour report number " + std::to_string(i) +
                                    (i == 7 ? " mentions a [sic] quokka." : "."),
                                1000 + i));
      }
      add(s, seed_snapshot("https://zibo.example/news/gaoqing.html", 5000));
      for (const std::string name : {"coast", "zibo"}) {
        Source source;
        source.name = name;
        source.url = "https://" + name + ".example/feed";
        ASSERT_TRUE(s.upsert_source(source));
      }
    });
  }
};

TEST_F(Listing, IndexShowsNewestFirstAndPagesByCursor) {
  auto first = get("/");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200);
  EXPECT_EQ(count(first->body, "<li><a href=\"/a/"), 20u);
  const std::size_t seed = first->body.find("高青:请进优质合伙人共赢未来");
  const std::size_t newest_harbour = first->body.find("Harbour report 24<");
  ASSERT_NE(seed, std::string::npos);
  EXPECT_LT(seed, newest_harbour);
  EXPECT_EQ(first->body.find("Harbour report 4<"), std::string::npos);

  const std::string marker = "rel=\"next\" href=\"";
  const std::size_t at = first->body.find(marker);
  ASSERT_NE(at, std::string::npos);
  std::string next = first->body.substr(at + marker.size());
  next = next.substr(0, next.find('"'));
  auto second = get(next);
  ASSERT_TRUE(second);
  EXPECT_EQ(count(second->body, "<li><a href=\"/a/"), 6u);
  EXPECT_NE(second->body.find("Harbour report 0<"), std::string::npos);
  EXPECT_EQ(second->body.find("rel=\"next\""), std::string::npos);
}

TEST_F(Listing, IndexFiltersBySource) {
  auto res = get("/?source=zibo");
  ASSERT_TRUE(res);
  EXPECT_EQ(count(res->body, "<li><a href=\"/a/"), 1u);
  EXPECT_NE(res->body.find("<option value=\"zibo\" selected>"), std::string::npos);
  auto bad = get("/?before=yesterday");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
}

TEST_F(Listing, SearchFindsChineseWithMarkedHits) {
  for (const std::string& q : std::vector<std::string>{"招商", "招商引资"}) {
    auto res = get("/search?q=" + q);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << q;
    EXPECT_NE(res->body.find("<mark>" + q + "</mark>"), std::string::npos) << q << res->body;
    EXPECT_EQ(count(res->body, "<li><a href=\"/s/"), 1u) << q;
  }
}

TEST_F(Listing, SearchFindsARareEnglishWordAndKeepsBracketsAsText) {
  auto res = get("/search?q=quokka");
  ASSERT_TRUE(res);
  EXPECT_EQ(count(res->body, "<li><a href=\"/s/"), 1u);
  EXPECT_NE(res->body.find("Harbour report 7<"), std::string::npos);
  EXPECT_NE(res->body.find("<mark>quokka</mark>"), std::string::npos);
  EXPECT_NE(res->body.find("[sic] <mark>quokka</mark>"), std::string::npos) << "brackets stay text";
}

TEST_F(Listing, SearchPagesNewestFirst) {
  auto first = get("/search?q=harbour");
  ASSERT_TRUE(first);
  EXPECT_EQ(count(first->body, "<li><a href=\"/s/"), 20u);
  EXPECT_LT(first->body.find("Harbour report 24<"), first->body.find("Harbour report 23<"));
  auto second = get("/search?q=harbour&page=2");
  ASSERT_TRUE(second);
  EXPECT_EQ(count(second->body, "<li><a href=\"/s/"), 5u);
  EXPECT_NE(second->body.find("Harbour report 0<"), std::string::npos);
}

TEST_F(Listing, SearchHonoursExclusionsAndScopesOfTheQueryLanguage) {
  auto res = get("/search?q=harbour%20-quokka");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body.find("Harbour report 7<"), std::string::npos);
  EXPECT_NE(res->body.find("Harbour report 8<"), std::string::npos);
  auto scoped = get("/search?q=title:quokka");
  ASSERT_TRUE(scoped);
  EXPECT_EQ(count(scoped->body, "<li><a href=\"/s/"), 0u) << "quokka is in the body only";
}

TEST_F(Listing, APrefixWildcardFindsWordsStartingWithIt) {
  auto res = get("/search?q=title:harb*");
  ASSERT_TRUE(res);
  EXPECT_EQ(count(res->body, "<li><a href=\"/s/"), 20u) << "the first page of harbour reports";
  auto none = get("/search?q=title:harb");
  ASSERT_TRUE(none);
  EXPECT_EQ(count(none->body, "<li><a href=\"/s/"), 0u) << "without * a word matches whole words";
}

TEST_F(Listing, BadQueriesAre400WithTheReason) {
  const std::string long_query(300, 'a');
  for (const std::string& path : std::vector<std::string>{
           "/search?q=" + long_query, "/search?q=%22unterminated", "/search?q=a%20OR%20b",
           "/search?q=-only", "/search?q=harbour&page=0", "/search?q=harbour&page=51",
           "/search?q=harbour&page=x", "/search?q=a%20b%20c%20d%20e%20f%20g%20h%20i"}) {
    auto res = get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << path;
    EXPECT_NE(res->body.find("请求有误"), std::string::npos) << path;
  }
}

}  // namespace
}  // namespace headlined::web::testing
