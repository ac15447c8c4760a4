// Source types ("auto" by default), sitemap sources, URL include/exclude patterns and
// per-source override selectors.

#include <gtest/gtest.h>

#include "headlined/config/config.hpp"

namespace headlined::config {
namespace {

TEST(SourceTypes, SitemapWithPatternsAndOverrides) {
  LoadResult r = load_config_text(R"({"sources": [
  {"name": "news", "type": "sitemap", "url": "https://x.example/sitemap_index.xml",
   "include_urls": ["/2024/*/news/"], "exclude_urls": ["/video/", "?amp"],
   "overrides": {"title": "h1.headline", "body": "#article-body", "author": ".writer",
                 "time": "span.pubtime", "attribution": ".source", "drop": ".ad, .related"}}
]})",
                                  "c.jsonc");
  ASSERT_TRUE(r.ok()) << r.errors.front().to_string();
  const Source& s = r.config.sources.at(0);
  EXPECT_EQ(s.kind, SourceKind::Sitemap);
  EXPECT_EQ(s.include_urls, (std::vector<std::string>{"/2024/*/news/"}));
  EXPECT_EQ(s.exclude_urls, (std::vector<std::string>{"/video/", "?amp"}));
  EXPECT_EQ(s.overrides.title, "h1.headline");
  EXPECT_EQ(s.overrides.body, "#article-body");
  EXPECT_EQ(s.overrides.author, ".writer");
  EXPECT_EQ(s.overrides.time, "span.pubtime");
  EXPECT_EQ(s.overrides.attribution, ".source");
  EXPECT_EQ(s.overrides.drop, ".ad, .related");
}

TEST(SourceTypes, AutoIsTheDefaultType) {
  LoadResult r = load_config_text(R"({"sources": [
  {"name": "home", "url": "https://x.example/"},
  {"name": "said", "type": "auto", "url": "https://y.example/news/1.html"},
  {"name": "feed", "type": "feed", "url": "https://z.example/rss"}
]})",
                                  "c.jsonc");
  ASSERT_TRUE(r.ok()) << r.errors.front().to_string();
  EXPECT_EQ(r.config.sources.at(0).kind, SourceKind::Auto);
  EXPECT_EQ(r.config.sources.at(1).kind, SourceKind::Auto);
  EXPECT_EQ(r.config.sources.at(2).kind, SourceKind::Feed);
}

TEST(SourceTypes, UnknownOverrideKeyIsReportedAtTheKey) {
  LoadResult r = load_config_text(R"({"sources": [
  {"name": "a", "type": "list", "url": "https://x.example/",
   "overrides": {"titel": "h1"}}
]})",
                                  "c.jsonc");
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].to_string(),
            "c.jsonc:3:18: unknown key 'titel' in source overrides (known keys: title, body, "
            "author, time, attribution, drop)");
}

}  // namespace
}  // namespace headlined::config
