#pragma once
// RSS 2.0 and Atom feeds (libxml2 in recover mode, so ill-formed real-world feeds still parse).

#include <string>
#include <string_view>
#include <vector>

#include "headlined/core/error.hpp"

namespace headlined::parse {

struct FeedItem {
  std::string url;  // absolute, resolved against the feed URL
  std::string title;
  std::string published;  // ISO 8601 when the feed's date could be read, else ""
  std::string guid;       // guid / id, or "" when absent
  std::string summary;    // description / summary as text
};

struct Feed {
  std::string title;
  std::vector<FeedItem> items;  // in document order
};

// `utf8_xml` has already been decoded to UTF-8 (any encoding in the prolog is ignored).
Result<Feed> parse_feed(std::string_view utf8_xml, const std::string& feed_url);

// True when the document looks like a feed (rss, feed or rdf:RDF root) rather than HTML.
bool looks_like_feed(std::string_view text);

}  // namespace headlined::parse
