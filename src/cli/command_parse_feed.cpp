// `headlined parse-feed URL|FILE [--json]`: the article links a source would yield -- from a
// feed (RSS, RDF, Atom, JSON Feed), a sitemap (index or urlset, gzip too), or, with --list, an
// HTML list page -- so a user can try a source before adding it.

#include <cstdlib>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/document_input.hpp"
#include "headlined/parse/feed.hpp"
#include "headlined/parse/html.hpp"
#include "headlined/parse/sitemap.hpp"
#include "headlined/parse/url_filter.hpp"

namespace headlined::cli {

namespace {

struct Row {
  std::string url, title, published, guid, author;
  std::vector<parse::Enclosure> enclosures;
};

const char* format_name(parse::FeedFormat f) {
  switch (f) {
    case parse::FeedFormat::Rss:
      return "rss";
    case parse::FeedFormat::Rdf:
      return "rss1.0";
    case parse::FeedFormat::Atom:
      return "atom";
    case parse::FeedFormat::Json:
      return "jsonfeed";
  }
  return "?";
}

bool looks_like_sitemap(std::string_view text) {
  std::string_view head = text.substr(0, 4096);
  return head.find("<urlset") != std::string_view::npos ||
         head.find("<sitemapindex") != std::string_view::npos;
}

void print(const std::string& kind, const std::string& title, const std::vector<Row>& rows,
           bool json) {
  if (json) {
    nlohmann::json items = nlohmann::json::array();
    for (const Row& r : rows) {
      nlohmann::json enclosures = nlohmann::json::array();
      for (const auto& e : r.enclosures)
        enclosures.push_back({{"url", e.url}, {"type", e.type}, {"length", e.length}});
      items.push_back({{"url", r.url},
                       {"title", r.title},
                       {"published", r.published},
                       {"guid", r.guid},
                       {"author", r.author},
                       {"enclosures", enclosures}});
    }
    nlohmann::json out = {{"kind", kind}, {"title", title}, {"items", items}};
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    return;
  }
  std::cout << kind << (title.empty() ? "" : ": " + title) << " (" << rows.size() << " items)\n";
  for (const Row& r : rows) {
    std::cout << "\n"
              << (r.published.empty() ? "-" : r.published) << "  " << r.title << "\n  " << r.url
              << '\n';
    for (const auto& e : r.enclosures)
      std::cout << "  enclosure: " << e.url << ' ' << e.type << '\n';
  }
}

}  // namespace

int command_parse_feed(const ParseFeedOptions& options) {
  auto doc = read_document(options.input, options.base_url);
  if (!doc) {
    std::cerr << "headlined parse-feed: " << doc.error().to_string() << '\n';
    return EXIT_FAILURE;
  }
  std::vector<Row> rows;
  std::string kind, title;
  if (options.list) {
    kind = "list page";
    for (const parse::Link& link :
         parse::extract_article_links(doc->utf8, doc->url, options.selector))
      rows.push_back({link.url, link.text, "", "", "", {}});
  } else if (looks_like_sitemap(doc->utf8)) {
    auto sitemap = parse::parse_sitemap(doc->utf8, doc->url);
    if (!sitemap) {
      std::cerr << "headlined parse-feed: " << sitemap.error().to_string() << '\n';
      return EXIT_FAILURE;
    }
    kind = sitemap->is_index ? "sitemap index" : "sitemap";
    std::size_t limit = options.limit > 0 ? static_cast<std::size_t>(options.limit) : SIZE_MAX;
    for (auto& e :
         parse::newest_first(sitemap->is_index ? sitemap->sitemaps : sitemap->urls, limit))
      rows.push_back({e.url, e.title, e.published, "", "", {}});
  } else {
    auto feed = parse::parse_feed_response(doc->utf8, doc->url, doc->content_type);
    if (!feed) {
      std::cerr << "headlined parse-feed: " << feed.error().to_string() << '\n';
      return EXIT_FAILURE;
    }
    kind = format_name(feed->format);
    title = feed->title;
    for (auto& item : feed->items)
      rows.push_back(
          {item.url, item.title, item.published, item.guid, item.author, item.enclosures});
  }
  std::erase_if(rows, [&](const Row& r) {
    return !parse::url_selected(r.url, options.include_urls, options.exclude_urls);
  });
  if (options.limit > 0 && rows.size() > static_cast<std::size_t>(options.limit))
    rows.resize(static_cast<std::size_t>(options.limit));
  print(kind, title, rows, options.json);
  return EXIT_SUCCESS;
}

}  // namespace headlined::cli
