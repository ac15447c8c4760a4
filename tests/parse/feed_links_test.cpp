// The feeds a page announces in its <head>, for feed discovery.

#include <gtest/gtest.h>

#include "headlined/parse/feed_links.hpp"

namespace headlined::parse {
namespace {

TEST(FeedLinks, AlternateFeedsInDocumentOrder) {
  auto links = feed_links_in(
      "<html><head>"
      "<link rel=\"stylesheet\" type=\"text/css\" href=\"/s.css\">"
      "<link rel=\"alternate\" type=\"application/rss+xml\" title=\"News\" href=\"/rss\">"
      "<link rel=\"Alternate Home\" type=\"Application/Atom+XML; charset=utf-8\" "
      "href=\"https://cdn.example/atom\">"
      "<link rel=\"alternate\" type=\"text/html\" hreflang=\"fr\" href=\"/fr/\">"
      "<link rel=\"alternate\" type=\"application/feed+json\" href=\"feed.json\">"
      "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"/rss\">"
      "</head><body></body></html>",
      "https://site.example/section/");
  ASSERT_EQ(links.size(), 3u);
  EXPECT_EQ(links[0].url, "https://site.example/rss");
  EXPECT_EQ(links[0].title, "News");
  EXPECT_EQ(links[1].url, "https://cdn.example/atom");
  EXPECT_EQ(links[1].type, "application/atom+xml");
  EXPECT_EQ(links[2].url, "https://site.example/section/feed.json");
}

TEST(FeedLinks, NoneOnAPlainPage) {
  EXPECT_TRUE(feed_links_in("<p>no head at all</p>", "https://site.example/").empty());
  EXPECT_EQ(common_feed_paths().front(), "/feed");
}

}  // namespace
}  // namespace headlined::parse
