// robots.txt as a crawler must read it: our group over "*", longest rule wins, wildcards,
// Crawl-delay, and junk ignored.

#include "headlined/fetch/robots.hpp"

#include <gtest/gtest.h>

#include <string>

namespace headlined::fetch {
namespace {

constexpr const char* kAgent = "headlined/0.1 (+https://example.invalid/headlined)";

TEST(Robots, OurGroupIsChosenOverTheWildcardGroup) {
  const RobotsTxt robots = RobotsTxt::parse(
      "User-agent: *\nDisallow: /\n\nUser-agent: Headlined\nDisallow: /private/\n");
  EXPECT_TRUE(robots.allowed(kAgent, "/news/1.html"));
  EXPECT_FALSE(robots.allowed(kAgent, "/private/a.html"));
  EXPECT_FALSE(robots.allowed("OtherBot/2.0", "/news/1.html"));
}

TEST(Robots, SitemapLinesWhereverTheyStand) {
  auto robots = RobotsTxt::parse(
      "Sitemap: https://a.example/news.xml\nUser-agent: *\nDisallow: /x\n"
      "SITEMAP:https://a.example/all.xml # the rest\n");
  EXPECT_EQ(robots.sitemaps(),
            (std::vector<std::string>{"https://a.example/news.xml", "https://a.example/all.xml"}));
  EXPECT_FALSE(robots.allowed("headlined/0.1", "/x"));
}

TEST(Robots, LongestMatchWinsAndAllowWinsATie) {
  const RobotsTxt robots = RobotsTxt::parse(
      "User-agent: *\nDisallow: /news/\nAllow: /news/public/\nDisallow: /tie\nAllow: /tie\n");
  EXPECT_FALSE(robots.allowed(kAgent, "/news/1.html"));
  EXPECT_TRUE(robots.allowed(kAgent, "/news/public/1.html"));
  EXPECT_TRUE(robots.allowed(kAgent, "/tie"));
  EXPECT_TRUE(robots.allowed(kAgent, "/other"));
  EXPECT_TRUE(robots.allowed(kAgent, "/robots.txt"));
}

TEST(Robots, WildcardsAndEndAnchor) {
  const RobotsTxt robots =
      RobotsTxt::parse("User-agent: *\nDisallow: /*.pdf$\nDisallow: /*?print=\n");
  EXPECT_FALSE(robots.allowed(kAgent, "/files/report.pdf"));
  EXPECT_TRUE(robots.allowed(kAgent, "/files/report.pdf.html"));
  EXPECT_FALSE(robots.allowed(kAgent, "/a.html?print=1"));
  EXPECT_TRUE(robots.allowed(kAgent, "/a.html?page=2"));
  // A hostile pattern ends quickly and without recursion.
  EXPECT_FALSE(robots_pattern_matches(std::string(2000, '*') + "x$", std::string(5000, 'a')));
}

TEST(Robots, CrawlDelayAndEmptyDisallow) {
  const RobotsTxt robots = RobotsTxt::parse(
      "# comment\nUser-agent: headlined\nCrawl-delay: 1.5\nDisallow:\n\nUser-agent: *\n"
      "Crawl-delay: 10\n");
  ASSERT_TRUE(robots.crawl_delay(kAgent));
  EXPECT_EQ(robots.crawl_delay(kAgent)->count(), 1500);
  EXPECT_EQ(robots.crawl_delay("OtherBot")->count(), 10000);
  EXPECT_TRUE(robots.allowed(kAgent, "/anything"));
}

TEST(Robots, GarbageIsIgnored) {
  using namespace std::string_literals;
  // Rules before any User-agent line belong to no group.
  const RobotsTxt robots = RobotsTxt::parse("<html>not robots</html>\n\0\xff\nDisallow: /x\n"s);
  EXPECT_TRUE(robots.allowed(kAgent, "/x"));
  EXPECT_FALSE(robots.crawl_delay(kAgent));
}

}  // namespace
}  // namespace headlined::fetch
