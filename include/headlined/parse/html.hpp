#pragma once
// A parsed HTML document (gumbo) and the small queries the extractor and list pages need.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gumbo.h>

#include "headlined/parse/html_prepass.hpp"

namespace headlined::parse {

namespace detail {
class ParseArena;
}

class HtmlDocument {
 public:
  // The page goes through prepare_html() first, keeping `attributes`.
  explicit HtmlDocument(std::string_view utf8_html, Attributes attributes = Attributes::All);
  ~HtmlDocument();
  HtmlDocument(const HtmlDocument&) = delete;
  HtmlDocument& operator=(const HtmlDocument&) = delete;

  const GumboNode* root() const;

 private:
  std::unique_ptr<detail::ParseArena> arena_;  // holds the whole tree gumbo builds
  GumboOutput* output_;
  std::string html_;  // the page as prepare_html() leaves it; gumbo points into it
};

// The text of a node and its descendants, white space collapsed (iterative walk).
std::string node_text(const GumboNode* node);
// The attribute's value, or "" when absent.
std::string attribute(const GumboNode* node, std::string_view name);

struct Link {
  std::string url;   // absolute
  std::string text;  // anchor text
};

// Article links of a list page: with a selector, the <a href> elements it picks (or the
// links inside the elements it picks); without one, same-site links whose anchor text is
// headline-length. Absolute, canonical, deduplicated, in document order.
std::vector<Link> extract_article_links(std::string_view utf8_html, const std::string& page_url,
                                        const std::string& selector);

}  // namespace headlined::parse
