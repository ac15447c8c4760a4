#include "headlined/parse/feed_links.hpp"

#include <algorithm>

#include "dom.hpp"
#include "headlined/core/url.hpp"
#include "headlined/parse/html.hpp"
#include "text_util.hpp"

namespace headlined::parse {

namespace {

bool is_feed_type(const std::string& type) {
  return type == "application/rss+xml" || type == "application/atom+xml" ||
         type == "application/rdf+xml" || type == "application/feed+json" ||
         type == "application/json";
}

// rel is a space-separated list ("alternate home").
bool has_alternate_rel(const std::string& rel) {
  std::string lower = detail::to_lower_ascii(rel);
  std::size_t pos = 0;
  while (pos < lower.size()) {
    std::size_t start = lower.find_first_not_of(" \t\r\n", pos);
    if (start == std::string::npos) break;
    std::size_t end = lower.find_first_of(" \t\r\n", start);
    if (end == std::string::npos) end = lower.size();
    if (lower.compare(start, end - start, "alternate") == 0) return true;
    pos = end;
  }
  return false;
}

}  // namespace

std::vector<FeedLink> feed_links_in(std::string_view utf8_html, const std::string& page_url) {
  HtmlDocument doc(utf8_html);
  std::vector<FeedLink> out;
  detail::walk(
      doc.root(),
      [&](const GumboNode* n) {
        if (n->type == GUMBO_NODE_DOCUMENT) return true;
        if (!detail::is_element(n)) return false;
        if (n->v.element.tag == GUMBO_TAG_LINK && has_alternate_rel(attribute(n, "rel"))) {
          // "application/rss+xml; charset=utf-8" names the same type.
          std::string type = detail::to_lower_ascii(detail::trim(attribute(n, "type")));
          type = detail::trim(type.substr(0, type.find(';')));
          std::string url = resolve_url(page_url, detail::trim(attribute(n, "href")));
          bool seen =
              std::any_of(out.begin(), out.end(), [&](const FeedLink& l) { return l.url == url; });
          if (is_feed_type(type) && !url.empty() && !seen)
            out.push_back({url, type, detail::collapse_whitespace(attribute(n, "title"))});
        }
        return true;
      },
      [](const GumboNode*) {});
  return out;
}

const std::vector<std::string>& common_feed_paths() {
  static const std::vector<std::string> kPaths = {"/feed", "/rss.xml", "/atom.xml", "/index.xml",
                                                  "/feed.xml"};
  return kPaths;
}

}  // namespace headlined::parse
