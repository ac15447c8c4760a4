// Feeds, HTML pages and selectors: what arrives from the network or a config.

#include <cctype>

#include "headlined/parse/extract.hpp"
#include "headlined/parse/feed.hpp"
#include "headlined/parse/html.hpp"
#include "headlined/parse/selector.hpp"
#include "headlined/parse/sitemap.hpp"
#include "headlined/text/utf8.hpp"
#include "targets.hpp"

namespace headlined::fuzz {

int feed_parser(const std::uint8_t* data, std::size_t size) {
  const std::string text = text::sanitize_utf8(as_text(data, size));
  auto feed = parse::parse_feed(text, "http://feed.example/news/rss.xml");
  if (feed) {
    for (const parse::FeedItem& item : feed->items) {
      // A guid or id that stands for the link (feedparser's rule) is kept as written when it
      // is no URL (`tag:...`, `12345`); the daemon fetches only http(s) links.
      const std::string& url = item.url;
      auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
      const bool as_written =
          !url.empty() && text::is_valid_utf8(url) && !space(url.front()) && !space(url.back());
      require(url.empty() || url.rfind("http", 0) == 0 || as_written,
              "feed item URLs are http(s), or a guid kept as written (UTF-8, trimmed)");
    }
  } else {
    require(!feed.error().where.empty(), "a feed error names the feed");
  }
  (void)parse::looks_like_feed(text);
  return 0;
}

int sitemap_parser(const std::uint8_t* data, std::size_t size) {
  // The raw bytes as fetched: a gzip layer and the prolog's encoding are part of the input.
  auto sitemap = parse::parse_sitemap_bytes(as_text(data, size), "http://news.example/sitemap.xml");
  if (!sitemap) {
    require(!sitemap.error().where.empty(), "a sitemap error names the sitemap");
    return 0;
  }
  for (const auto* entries : {&sitemap->urls, &sitemap->sitemaps})
    for (const parse::SitemapEntry& entry : *entries)
      require(entry.url.rfind("http", 0) == 0 && text::is_valid_utf8(entry.title),
              "sitemap entries are absolute http(s) URLs with UTF-8 titles");
  const std::size_t limit = 3;
  const auto newest = parse::newest_first(sitemap->urls, limit);
  require(newest.size() == std::min(limit, sitemap->urls.size()),
          "newest_first keeps min(limit, entries) entries");
  return 0;
}

int html_extraction(const std::uint8_t* data, std::size_t size) {
  const std::string html = text::sanitize_utf8(as_text(data, size));
  Article article = parse::extract_article(html, "http://news.example/a/1.html");
  require(text::is_valid_utf8(article.title) && text::is_valid_utf8(article.body),
          "extracted text is valid UTF-8");
  for (const parse::Link& link : parse::extract_article_links(html, "http://news.example/", ""))
    require(link.url.rfind("http", 0) == 0, "links are absolute http(s) URLs");
  return 0;
}

int selector_parser(const std::uint8_t* data, std::size_t size) {
  static const parse::HtmlDocument document(
      "<html><body><div id=main class='a b'><ul class=news><li><a href='/1'>one</a></li>"
      "<li><a href='/2' data-x='y'>two</a></li></ul></div></body></html>");
  auto selector = parse::Selector::parse(as_text(data, size));
  if (selector) (void)selector->select(document.root());
  return 0;
}

}  // namespace headlined::fuzz
