#include <gtest/gtest.h>

#include "headlined/parse/feed.hpp"
#include "support/temp_dir.hpp"

namespace headlined::parse {
namespace {

using testing::read_fixture;

TEST(ParseFeed, Rss2ItemsInDocumentOrder) {
  // The prolog says gbk, but the text was already decoded: it must be read as UTF-8.
  auto feed = parse_feed(read_fixture("parse/rss.xml"), "https://news.example.cn/zibo/rss.xml");
  ASSERT_TRUE(feed) << feed.error().to_string();
  EXPECT_EQ(feed->title, "淄博新闻 - 齐鲁新闻在线");
  ASSERT_EQ(feed->items.size(), 3u);

  const FeedItem& first = feed->items[0];
  EXPECT_EQ(first.title, "高青:请进优质合伙人共赢未来");
  EXPECT_EQ(first.url, "https://news.example.cn/zibo/2024/0414/1234.html");  // relative link
  EXPECT_EQ(first.guid, "zibo-1234");
  EXPECT_EQ(first.published, "2024-04-14T00:30:00Z");  // feed dates are UTC
  EXPECT_EQ(first.summary,
            "日前,我市公布今年一季度全市招商引资综合情况,高青县两项重要指标均居全市首位。");

  const FeedItem& second = feed->items[1];
  EXPECT_EQ(second.title, "淄博烧烤带动文旅消费持续升温 & 酒店预订火爆");
  // No <link>: a permalink guid is the link.
  EXPECT_EQ(second.url, "https://news.example.cn/zibo/2024/0413/1001.html");
  EXPECT_EQ(second.published, "2024-04-13T11:05:00Z");  // dc:date
  EXPECT_EQ(second.summary, "五一假期临近，淄博文旅市场持续升温。");

  const FeedItem& third = feed->items[2];
  EXPECT_EQ(third.guid, "");
  EXPECT_EQ(third.published, "2024-04-11T16:00:00Z");
  EXPECT_EQ(third.summary, "Main Street bridge will close.");  // content:encoded
}

TEST(ParseFeed, AtomEntries) {
  auto feed = parse_feed(read_fixture("parse/atom.xml"), "https://courier.example/local/atom.xml");
  ASSERT_TRUE(feed) << feed.error().to_string();
  EXPECT_EQ(feed->title, "The Riverside Courier — Local");
  ASSERT_EQ(feed->items.size(), 2u);
  EXPECT_EQ(feed->items[0].url, "https://courier.example/local/2024/04/12/riverside-park");
  EXPECT_EQ(feed->items[0].guid, "tag:courier.example,2024:park");
  EXPECT_EQ(feed->items[0].published, "2024-04-12T13:15:00Z");  // published beats updated
  EXPECT_EQ(feed->items[0].summary, "The council voted seven to two.");
  EXPECT_EQ(feed->items[1].title, "Bakery & café turns fifty");
  EXPECT_EQ(feed->items[1].url, "https://courier.example/business/bakery");
  EXPECT_EQ(feed->items[1].published, "2024-04-11T08:00:00Z");  // only updated
  EXPECT_EQ(feed->items[1].summary, "A family bakery on Elm Street.");
}

TEST(ParseFeed, RecoversFromMalformedFeed) {
  auto feed = parse_feed(read_fixture("parse/malformed-rss.xml"), "https://broken.example/rss");
  ASSERT_TRUE(feed) << feed.error().to_string();
  ASSERT_EQ(feed->items.size(), 3u);
  EXPECT_EQ(feed->title, "Broken & Co news");
  EXPECT_EQ(feed->items[0].title, "First story with a stray & ampersand");
  EXPECT_EQ(feed->items[0].url, "https://broken.example/story?id=1&src=rss");
  EXPECT_EQ(feed->items[0].published, "2024-04-12T15:00:00Z");
  EXPECT_EQ(feed->items[1].url, "https://broken.example/story?id=2");
  EXPECT_EQ(feed->items[1].title, "Second story with an undefined entity");  // &nbsp;
  EXPECT_EQ(feed->items[2].title, "Third story, the feed is cut off here");
  EXPECT_EQ(feed->items[2].url, "");
}

TEST(ParseFeed, CdataKeepsItsAmpersands) {
  auto feed = parse_feed(
      "<rss><channel><item><title><![CDATA[A & B &nbsp;]]></title>"
      "<link>https://e.example/?a=1&amp;b=2</link></item></channel></rss>",
      "https://e.example/rss");
  ASSERT_TRUE(feed) << feed.error().to_string();
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].title, "A & B");  // the literal "&nbsp;" read as HTML text
  EXPECT_EQ(feed->items[0].url, "https://e.example/?a=1&b=2");
}

TEST(ParseFeed, ErrorsNameTheFeed) {
  const std::string url = "https://example.com/feed";
  auto empty = parse_feed("   ", url);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().where, url);

  auto html = parse_feed("<html><body><p>not a feed</p></body></html>", url);
  ASSERT_FALSE(html);
  EXPECT_EQ(html.error().where, url);
  EXPECT_NE(html.error().what.find("html"), std::string::npos);

  auto garbage = parse_feed("\x01\x02 no xml here", url);
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().where, url);
}

TEST(ParseFeed, ExternalEntitiesAreNeverResolved) {
  testing::TempDir dir;
  testing::write_file(dir.path() / "secret.txt", "TOP-SECRET");
  std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM \"file://" +
                    dir.file("secret.txt") +
                    "\">]>\n<rss><channel><title>t</title><item><title>a &x; b</title>"
                    "<link>https://e.example/1</link></item></channel></rss>";
  auto feed = parse_feed(xml, "https://e.example/rss");
  ASSERT_TRUE(feed) << feed.error().to_string();
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].title.find("TOP-SECRET"), std::string::npos);
  EXPECT_EQ(feed->items[0].url, "https://e.example/1");
}

TEST(ParseFeed, Rss1RdfItems) {
  std::string xml =
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
      "xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
      "<channel><title>RDF news</title></channel>"
      "<item><title>One</title><link>https://r.example/1</link>"
      "<dc:date>2024-04-14T08:00:00Z</dc:date></item></rdf:RDF>";
  auto feed = parse_feed(xml, "https://r.example/rdf");
  ASSERT_TRUE(feed) << feed.error().to_string();
  EXPECT_EQ(feed->title, "RDF news");
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].published, "2024-04-14T08:00:00Z");
}

TEST(LooksLikeFeed, TellsFeedsFromPages) {
  EXPECT_TRUE(looks_like_feed(read_fixture("parse/rss.xml")));
  EXPECT_TRUE(looks_like_feed(read_fixture("parse/atom.xml")));
  EXPECT_TRUE(looks_like_feed("\xEF\xBB\xBF<!-- c --><rdf:RDF xmlns:rdf=\"x\"></rdf:RDF>"));
  EXPECT_TRUE(looks_like_feed("  <rss version=\"2.0\">"));
  EXPECT_FALSE(looks_like_feed(read_fixture("parse/seed-article.html")));
  EXPECT_FALSE(looks_like_feed("<?xml version=\"1.0\"?><html><body/></html>"));
  EXPECT_FALSE(looks_like_feed("plain text <rss>"));
  EXPECT_FALSE(looks_like_feed(""));
}

}  // namespace
}  // namespace headlined::parse
