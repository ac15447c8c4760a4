// Feeds as the web writes them: one small fixture per kind of input real feeds get wrong
// (HTML entities, markup in titles, Atom 0.3 encodings, link and id rules, dates in UTC,
// RSS without <channel>, UTF-16/UTF-32, relative links).

#include <gtest/gtest.h>

#include "headlined/parse/feed.hpp"
#include "headlined/text/charset.hpp"
#include "support/temp_dir.hpp"

namespace headlined::parse {
namespace {

using testing::read_fixture;

Feed parse_fixture(const std::string& name, const std::string& url) {
  auto feed = parse_feed(read_fixture("parse/" + name), url);
  EXPECT_TRUE(feed) << feed.error().to_string();
  return feed ? *feed : Feed{};
}

TEST(FeedKinds, HtmlNamedEntitiesAndCapitalHexReferences) {
  Feed feed = parse_fixture("rss-html-entities.xml", "https://cafe.example/rss");
  EXPECT_EQ(feed.title, "Café del Mar – Noticias & más");  // &nbsp; is a space in a title
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].title, "It’s April: ‘señor’ & ☺ ©");
  EXPECT_EQ(feed.items[0].url, "https://cafe.example/abril?a=1&b=2");
  EXPECT_EQ(feed.items[1].title, "Unknown &madeup; names stay as text");
}

TEST(FeedKinds, TitlesAreTextWithoutScriptStyleObjectOrComments) {
  Feed feed = parse_fixture("feed-title-markup.xml", "https://night.example/rss");
  EXPECT_EQ(feed.title, "Night Desk");
  ASSERT_EQ(feed.items.size(), 3u);
  EXPECT_EQ(feed.items[0].title, "Storm warning issued");
  EXPECT_EQ(feed.items[1].title, "Flash flood watch");
  EXPECT_EQ(feed.items[2].title, "The second title has the words");  // the empty one is skipped
}

TEST(FeedKinds, Atom03Base64AndEscapedModesAreDecoded) {
  Feed feed = parse_fixture("atom03-modes.xml", "https://old.example/atom.xml");
  EXPECT_EQ(feed.title, "Old Times");
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].title, "Base64 title & more");
  EXPECT_EQ(feed.items[0].published, "2004-01-05T09:00:00Z");
  EXPECT_EQ(feed.items[1].title, "Escaped bold & plain");
  EXPECT_EQ(feed.items[1].published, "2004-01-06T10:00:00Z");  // modified when nothing else
}

TEST(FeedKinds, AtomIdIsTheLinkAndAlternateBeatsOtherLinks) {
  Feed feed = parse_fixture("atom-links-ids.xml", "https://links.example/atom.xml");
  ASSERT_EQ(feed.items.size(), 4u);
  EXPECT_EQ(feed.items[0].url, "https://links.example/2024/id-only");
  EXPECT_EQ(feed.items[0].published, "2024-05-01T06:30:00Z");
  EXPECT_EQ(feed.items[1].url, "https://links.example/2024/alternate");
  ASSERT_EQ(feed.items[1].enclosures.size(), 1u);
  EXPECT_EQ(feed.items[1].enclosures[0].url, "https://links.example/a.mp3");
  // With no HTML alternate, another alternate is still the entry's own address.
  EXPECT_EQ(feed.items[2].url, "https://links.example/paper.pdf");
  // A tag: id is reported as the link, as feedparser does; the daemon does not fetch it.
  EXPECT_EQ(feed.items[3].url, "tag:links.example,2024:4");
  EXPECT_EQ(feed.items[3].guid, "tag:links.example,2024:4");
}

TEST(FeedKinds, RssGuidIsTheLinkUnlessNotAPermalink) {
  Feed feed = parse_fixture("rss-guid-links.xml", "https://guid.example/feeds/rss.xml");
  ASSERT_EQ(feed.items.size(), 6u);
  EXPECT_EQ(feed.items[0].url, "https://guid.example/2024/a.html");
  EXPECT_EQ(feed.items[1].url, "");  // isPermaLink="false"
  EXPECT_EQ(feed.items[1].guid, "https://guid.example/2024/b.html");
  // Not an address: reported as written, never resolved against the feed's URL into one.
  EXPECT_EQ(feed.items[2].url, "12345");
  EXPECT_EQ(feed.items[3].url, "https://guid.example/2024/d.html");
  EXPECT_EQ(feed.items[4].url, "https://guid.example/2024/e.html");  // <link> after the guid
  EXPECT_EQ(feed.items[5].url, "https://guid.example/2024/f.html");
  EXPECT_EQ(feed.items[5].guid, "https://guid.example/2024/f.html");
}

TEST(FeedKinds, RssOneItemsTakeRdfAboutAsTheirId) {
  Feed feed = parse_fixture("rdf-about.rdf", "https://rdf.example/index.rdf");
  EXPECT_EQ(feed.format, FeedFormat::Rdf);
  EXPECT_EQ(feed.title, "RDF Daily");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].guid, "https://rdf.example/items/1");
  EXPECT_EQ(feed.items[0].url, "https://rdf.example/items/1?from=rss");
  EXPECT_EQ(feed.items[0].published, "2024-03-11T07:30:00Z");
}

TEST(FeedKinds, DatesComeOutInUtc) {
  Feed feed = parse_fixture("rss-dates.xml", "https://dates.example/rss");
  ASSERT_EQ(feed.items.size(), 4u);
  EXPECT_EQ(feed.items[0].published, "2023-12-31T19:00:00Z");  // +0800, across the year
  EXPECT_EQ(feed.items[1].published, "2024-01-01T03:30:00Z");  // EST, across the year
  EXPECT_EQ(feed.items[2].published, "2024-02-29T23:59:59Z");  // no zone: taken as UTC
  EXPECT_EQ(feed.items[3].published, "2024-01-03T10:00:00Z");  // repeated: the last one
}

TEST(FeedKinds, RssItemsWithoutChannelAndRelativeLinks) {
  Feed feed = parse_fixture("rss-no-channel.xml", "https://bare.example/feeds/rss.xml");
  EXPECT_EQ(feed.title, "Bare RSS");
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].url, "https://bare.example/bare/1.html");
  EXPECT_EQ(feed.items[1].url, "https://cdn.bare.example/sub/two.html");  // xml:base wins

  // Read from a file without a base URL, a relative link stays as written.
  auto bare = parse_feed(read_fixture("parse/rss-no-channel.xml"), "");
  ASSERT_TRUE(bare) << bare.error().to_string();
  EXPECT_EQ(bare->items[0].url, "/bare/1.html");
}

// The same small feed in a wide encoding, with or without a byte-order mark and with or
// without an encoding declaration, decoded the way the fetcher decodes a response.
std::string encode_wide(const std::string& ascii, int width, bool big_endian, bool bom) {
  std::string out;
  auto put = [&](char32_t cp) {
    for (int i = 0; i < width; ++i) {
      int shift = big_endian ? (width - 1 - i) * 8 : i * 8;
      out += static_cast<char>((cp >> shift) & 0xFF);
    }
  };
  if (bom) put(0xFEFF);
  for (char c : ascii) put(static_cast<unsigned char>(c));
  return out;
}

TEST(FeedKinds, Utf16AndUtf32WithAndWithoutBomOrDeclaration) {
  for (int width : {2, 4})
    for (bool big_endian : {false, true})
      for (bool bom : {false, true})
        for (bool declared : {false, true}) {
          std::string prolog = declared ? "<?xml version=\"1.0\" encoding=\"UTF-" +
                                              std::to_string(width * 8) + "\"?>"
                                        : "";
          std::string xml = prolog +
                            "<rss version=\"2.0\"><channel><title>Wide</title><item>"
                            "<title>Caf&#233; open</title><link>https://wide.example/1</link>"
                            "</item></channel></rss>";
          SCOPED_TRACE("width " + std::to_string(width) + (big_endian ? " BE" : " LE") +
                       (bom ? " BOM" : "") + (declared ? " declared" : ""));
          text::Decoded decoded =
              text::decode_to_utf8(encode_wide(xml, width, big_endian, bom), "");
          auto feed = parse_feed(decoded.utf8, "https://wide.example/rss");
          ASSERT_TRUE(feed) << feed.error().to_string();
          EXPECT_EQ(feed->title, "Wide");
          ASSERT_EQ(feed->items.size(), 1u);
          EXPECT_EQ(feed->items[0].title, "Café open");
        }
}

}  // namespace
}  // namespace headlined::parse
