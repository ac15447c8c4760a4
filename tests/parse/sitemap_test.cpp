#include <gtest/gtest.h>

#include "headlined/parse/gzip.hpp"
#include "headlined/parse/sitemap.hpp"
#include "support/temp_dir.hpp"

namespace headlined::parse {
namespace {

using testing::read_fixture;

TEST(Sitemap, IndexNamesItsChildrenNewestFirst) {
  auto index = parse_sitemap(read_fixture("parse/sitemap-index.xml"),
                             "https://daily.example/sitemap_index.xml");
  ASSERT_TRUE(index) << index.error().to_string();
  EXPECT_TRUE(index->is_index);
  auto children = newest_first(index->sitemaps, 1);
  ASSERT_EQ(children.size(), 1u);
  EXPECT_EQ(children[0].url, "https://daily.example/sitemaps/news.xml.gz");
}

TEST(Sitemap, GzipGoogleNewsChild) {
  std::string raw = read_fixture("parse/sitemap-news.xml.gz");
  ASSERT_TRUE(is_gzip(raw));
  auto news = parse_sitemap_bytes(raw, "https://daily.example/sitemaps/news.xml.gz");
  ASSERT_TRUE(news) << news.error().to_string();
  EXPECT_FALSE(news->is_index);
  ASSERT_EQ(news->urls.size(), 3u);
  EXPECT_EQ(news->urls[0].title, "The older story");
  EXPECT_EQ(news->urls[0].published, "2024-04-13T20:00:00Z");
  // 09:00+08:00 is 01:00Z: newer than 00:30Z although it reads earlier in local terms.
  auto newest = newest_first(news->urls, 2);
  ASSERT_EQ(newest.size(), 2u);
  EXPECT_EQ(newest[0].url, "https://daily.example/2024/04/14/newest.html");
  EXPECT_EQ(newest[1].url, "https://daily.example/2024/04/14/middle.html");
}

TEST(Sitemap, UrlsetLimitedPerPollUndatedLast) {
  auto set =
      parse_sitemap(read_fixture("parse/sitemap-urlset.xml"), "https://daily.example/sitemap.xml");
  ASSERT_TRUE(set) << set.error().to_string();
  auto all = newest_first(set->urls, 10);
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].url, "https://daily.example/2024/04/14/b.html");
  EXPECT_EQ(all[1].url, "https://daily.example/2024/04/13/c.html");
  EXPECT_EQ(all[2].url, "https://daily.example/2024/04/12/a.html");
  EXPECT_EQ(all[3].url, "https://daily.example/about.html");
  EXPECT_EQ(newest_first(set->urls, 2).size(), 2u);
}

TEST(Sitemap, ErrorsNameTheSitemap) {
  auto html = parse_sitemap("<html><body>hi</body></html>", "https://d.example/s.xml");
  ASSERT_FALSE(html);
  EXPECT_EQ(html.error().to_string(),
            "https://d.example/s.xml: not a sitemap: root element <html>");
  std::string raw = read_fixture("parse/sitemap-news.xml.gz");
  auto truncated = parse_sitemap_bytes(raw.substr(0, raw.size() / 2), "https://d.example/n.gz");
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().what, "truncated or corrupt gzip data");
}

TEST(Gzip, RefusesOutputBeyondTheLimit) {
  std::string raw = read_fixture("parse/sitemap-news.xml.gz");
  auto small = gunzip(raw, 100);
  ASSERT_FALSE(small);
  EXPECT_EQ(small.error().what, "gzip data expands past 100 bytes");
  EXPECT_TRUE(gunzip(raw));
}

}  // namespace
}  // namespace headlined::parse
