#pragma once
// Feed discovery inside a page: the feeds a site announces with
// <link rel="alternate" type="application/rss+xml" href="..."> (RSS, Atom, RDF, JSON Feed).

#include <string>
#include <string_view>
#include <vector>

namespace headlined::parse {

struct FeedLink {
  std::string url;    // absolute
  std::string type;   // the announced MIME type, lower case
  std::string title;  // as given, may be ""
};

// In document order, without duplicates; "" base keeps only absolute links.
std::vector<FeedLink> feed_links_in(std::string_view utf8_html, const std::string& page_url);

// The common places sites put their feed when they do not announce it, in the order tried.
const std::vector<std::string>& common_feed_paths();

}  // namespace headlined::parse
