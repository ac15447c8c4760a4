#pragma once
// Feeds: RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 1.0 and 0.3 (libxml2 in recover mode, so
// ill-formed real-world feeds still parse), and JSON Feed 1.x.

#include <string>
#include <string_view>
#include <vector>

#include "headlined/core/error.hpp"

namespace headlined::parse {

struct Enclosure {
  std::string url;     // absolute
  std::string type;    // MIME type as given, may be ""
  std::string length;  // bytes as given, may be ""
};

struct FeedItem {
  std::string url;  // absolute, resolved against xml:base and the feed URL
  std::string title;
  std::string published;     // ISO 8601 when the feed's date could be read, else ""
  std::string guid;          // guid / id, or "" when absent
  std::string summary;       // description / summary as text
  std::string content_html;  // content:encoded / Atom content / content_html, as given
  std::string author;
  std::vector<Enclosure> enclosures;  // enclosure / link rel="enclosure" / attachments
};

enum class FeedFormat { Rss, Rdf, Atom, Json };

struct Feed {
  FeedFormat format = FeedFormat::Rss;
  std::string title;
  std::vector<FeedItem> items;  // in document order
};

// `utf8_text` has already been decoded to UTF-8 (any encoding in the prolog is ignored; the
// fetcher and text::decode_to_utf8 read it). A document whose first character is '{' is read
// as JSON Feed, anything else as XML.
Result<Feed> parse_feed(std::string_view utf8_text, const std::string& feed_url);

// What arrived instead of a feed, for an error message: the content type when known and the
// first bytes as printable text, e.g. `content type text/html, starts "<!DOCTYPE html><html>"`.
std::string describe_arrival(std::string_view body, std::string_view content_type);

// parse_feed for a fetched response: an error also says what arrived (describe_arrival), so an
// HTML error page, a login wall or JSON that is not a JSON Feed is named, not a bare failure.
Result<Feed> parse_feed_response(std::string_view utf8_body, const std::string& url,
                                 std::string_view content_type);

// True when the document looks like a feed (rss, feed or rdf:RDF root, or a JSON Feed)
// rather than HTML.
bool looks_like_feed(std::string_view text);

}  // namespace headlined::parse
