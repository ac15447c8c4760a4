#include <gtest/gtest.h>

#include "headlined/parse/html.hpp"
#include "headlined/parse/url_filter.hpp"
#include "support/temp_dir.hpp"

namespace headlined::parse {
namespace {

TEST(UrlFilter, PatternsWithStars) {
  EXPECT_TRUE(url_matches("https://x.cn/2024/0414/news/1.html", "/2024/*/news/"));
  EXPECT_TRUE(url_matches("https://x.cn/a/b", "x.cn"));
  EXPECT_FALSE(url_matches("https://x.cn/news/2024/1.html", "/2024/*/news/"));
  EXPECT_TRUE(url_matches("anything", "*"));
}

TEST(UrlFilter, IncludeThenExclude) {
  std::vector<std::string> include{"/news/", "/local/"};
  std::vector<std::string> exclude{"/video/"};
  EXPECT_TRUE(url_selected("https://x.cn/news/1.html", include, exclude));
  EXPECT_FALSE(url_selected("https://x.cn/news/video/1.html", include, exclude));
  EXPECT_FALSE(url_selected("https://x.cn/sport/1.html", include, exclude));
  EXPECT_TRUE(url_selected("https://x.cn/sport/1.html", {}, exclude));
}

TEST(UrlFilter, ListPageSelectorThenPatterns) {
  auto links = extract_article_links(testing::read_fixture("parse/list-page.html"),
                                     "https://news.example.cn/zibo/", "ul.news-list li");
  std::vector<std::string> kept;
  for (const Link& link : links)
    if (url_selected(link.url, {"news.example.cn/zibo/2024/"}, {"/0413/"}))
      kept.push_back(link.url);
  EXPECT_EQ(kept, std::vector<std::string>{"https://news.example.cn/zibo/2024/0414/1234.html"});
}

}  // namespace
}  // namespace headlined::parse
