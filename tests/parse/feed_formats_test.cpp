// One fixture per feed format: RSS 0.91, RSS 2.0 with enclosures, Atom 0.3, Atom with
// xml:base, JSON Feed 1.1, and a GB2312 feed decoded the way the fetcher decodes it.

#include <gtest/gtest.h>

#include "headlined/parse/feed.hpp"
#include "headlined/text/charset.hpp"
#include "support/temp_dir.hpp"

namespace headlined::parse {
namespace {

using testing::read_fixture;

TEST(FeedFormats, Rss091) {
  auto feed = parse_feed(read_fixture("parse/rss091.xml"), "https://gazette.example/rss.xml");
  ASSERT_TRUE(feed) << feed.error().to_string();
  EXPECT_EQ(feed->format, FeedFormat::Rss);
  EXPECT_EQ(feed->title, "Harbour Gazette");
  ASSERT_EQ(feed->items.size(), 2u);
  EXPECT_EQ(feed->items[0].url, "https://gazette.example/2024/04/ferry-timetable.html");
  EXPECT_EQ(feed->items[1].summary, "Three days of music & boats in July.");
  EXPECT_EQ(feed->items[1].published, "");  // 0.91 items carry no date
}

TEST(FeedFormats, Rss2EnclosureContentEncodedAndCreator) {
  auto feed = parse_feed(read_fixture("parse/rss2-media.xml"), "https://city.example/feed");
  ASSERT_TRUE(feed) << feed.error().to_string();
  ASSERT_EQ(feed->items.size(), 1u);
  const FeedItem& item = feed->items[0];
  EXPECT_EQ(item.guid, "city-podcast-12");
  EXPECT_EQ(item.author, "Mara Lind");
  EXPECT_EQ(item.published, "2024-04-09T11:05:00Z");  // one-digit hour, named zone, in UTC
  EXPECT_EQ(item.summary, "Short summary.");
  EXPECT_EQ(item.content_html, "<p>Full <b>show notes</b> &amp; links.</p>");
  ASSERT_EQ(item.enclosures.size(), 1u);
  EXPECT_EQ(item.enclosures[0].url, "https://city.example/media/ep12.mp3");
  EXPECT_EQ(item.enclosures[0].type, "audio/mpeg");
  EXPECT_EQ(item.enclosures[0].length, "12345678");
}

TEST(FeedFormats, Atom03WithNestedXmlBase) {
  auto feed = parse_feed(read_fixture("parse/atom03.xml"), "https://old.example/atom.xml");
  ASSERT_TRUE(feed) << feed.error().to_string();
  EXPECT_EQ(feed->format, FeedFormat::Atom);
  ASSERT_EQ(feed->items.size(), 1u);
  const FeedItem& item = feed->items[0];
  EXPECT_EQ(item.url, "https://old.example/blog/2003/12/13/atom03");
  EXPECT_EQ(item.guid, "tag:old.example,2003:3.2397");
  EXPECT_EQ(item.published, "2003-12-13T12:29:29Z");  // issued beats modified
  EXPECT_EQ(item.author, "Mark");
}

TEST(FeedFormats, AtomXmlBaseXhtmlContentAndEnclosureLink) {
  auto feed =
      parse_feed(read_fixture("parse/atom-xmlbase.xml"), "https://origin.example/feed.atom");
  ASSERT_TRUE(feed) << feed.error().to_string();
  ASSERT_EQ(feed->items.size(), 2u);
  EXPECT_EQ(feed->items[0].url, "https://mirror.example/news/2024/one.html");
  ASSERT_EQ(feed->items[0].enclosures.size(), 1u);
  EXPECT_EQ(feed->items[0].enclosures[0].url, "https://mirror.example/files/one.pdf");
  EXPECT_NE(feed->items[0].content_html.find("<em>one</em>"), std::string::npos);
  EXPECT_EQ(feed->items[0].summary, "Body one.");
  EXPECT_EQ(feed->items[1].url, "https://other.example/a/two.html");
}

TEST(FeedFormats, JsonFeed11) {
  auto feed = parse_feed(read_fixture("parse/jsonfeed.json"), "https://notes.example/feed.json");
  ASSERT_TRUE(feed) << feed.error().to_string();
  EXPECT_EQ(feed->format, FeedFormat::Json);
  EXPECT_EQ(feed->title, "Riverside Notes");
  ASSERT_EQ(feed->items.size(), 2u);
  const FeedItem& first = feed->items[0];
  EXPECT_EQ(first.url, "https://notes.example/2024/04/14/bridge");
  EXPECT_EQ(first.guid, "2");
  EXPECT_EQ(first.published, "2024-04-14T10:00:00Z");
  EXPECT_EQ(first.author, "Ada Park");
  EXPECT_EQ(first.summary, "The bridge reopened at noon.");
  ASSERT_EQ(first.enclosures.size(), 1u);
  EXPECT_EQ(first.enclosures[0].length, "999");
  const FeedItem& second = feed->items[1];
  EXPECT_EQ(second.url, "https://notes.example/2024/04/13/market");  // the id is the URL
  EXPECT_EQ(second.published, "2024-04-13T08:00:00Z");
  EXPECT_EQ(second.summary, "Stalls open at eight.");
  EXPECT_EQ(second.author, "Old Style");  // JSON Feed 1.0 "author"
  EXPECT_TRUE(looks_like_feed(read_fixture("parse/jsonfeed.json")));
}

TEST(FeedFormats, JsonFeedErrors) {
  EXPECT_FALSE(parse_feed("{\"title\": \"no version\", \"items\": []}", "https://x.example/f"));
  EXPECT_FALSE(parse_feed("{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [",
                          "https://x.example/f"));
  std::string deep = "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": [";
  for (int i = 0; i < 100000; ++i) deep += "[";
  auto refused = parse_feed(deep, "https://x.example/f");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().to_string(), "https://x.example/f: JSON feed nested too deeply");
}

TEST(FeedFormats, Gb2312FeedDecodedFromItsProlog) {
  std::string bytes = read_fixture("parse/rss-gb2312.xml");
  text::Decoded decoded = text::decode_to_utf8(bytes, "application/rss+xml");
  EXPECT_EQ(decoded.charset, "gbk");  // gb2312 is read as its superset
  auto feed = parse_feed(decoded.utf8, "http://news.example.cn/rss.xml");
  ASSERT_TRUE(feed) << feed.error().to_string();
  EXPECT_EQ(feed->title, "齐鲁晚报 - 要闻");
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].title, "济南：春季招聘会提供岗位两万个");
  EXPECT_EQ(feed->items[0].published, "2024-04-14T09:30:00Z");  // no zone: UTC
  EXPECT_EQ(feed->items[0].summary, "本次招聘会共有三百余家企业参加。");
}

}  // namespace
}  // namespace headlined::parse
