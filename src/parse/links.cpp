// Article links of list pages.

#include <unordered_set>

#include "dom.hpp"
#include "headlined/core/url.hpp"
#include "headlined/parse/html.hpp"
#include "headlined/parse/selector.hpp"
#include "text_util.hpp"

namespace headlined::parse {

namespace {

std::string site_of(const std::string& url) {
  auto u = Url::parse(url);
  if (!u) return "";
  std::string host = u->host;
  if (detail::starts_with(host, "www.")) host.erase(0, 4);  // www.x and x are one site
  return host;
}

// Headline-length anchor text: six CJK characters, or three words of other scripts (a word
// carries about what two characters do).
bool headline_text(std::string_view text) {
  std::size_t cjk = 0, words = 0;
  bool in_word = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = detail::next_code_point(text, pos);
    if (detail::is_cjk(cp)) {
      if (!detail::is_punctuation(cp)) ++cjk;
      in_word = false;
    } else if (detail::is_space(cp) || detail::is_punctuation(cp)) {
      in_word = false;
    } else if (!in_word) {
      ++words;
      in_word = true;
    }
  }
  return cjk + 2 * words >= 6;
}

// Paths that name one article: a date or id (four or more digits in a row), or an .html page
// whose name has digits and is not an index or a list.
bool article_path(const std::string& url) {
  auto u = Url::parse(url);
  if (!u) return false;
  const std::string& path = u->path;
  std::size_t run = 0;
  for (char c : path) {
    run = (c >= '0' && c <= '9') ? run + 1 : 0;
    if (run >= 4) return true;
  }
  std::string name = detail::to_lower_ascii(path.substr(path.rfind('/') + 1));
  std::size_t dot = name.rfind('.');
  if (dot == std::string::npos) return false;
  std::string ext = name.substr(dot + 1);
  std::string stem = name.substr(0, dot);
  if (ext != "html" && ext != "htm" && ext != "shtml") return false;
  if (detail::starts_with(stem, "index") || detail::starts_with(stem, "list") ||
      detail::starts_with(stem, "page"))
    return false;
  return stem.find_first_of("0123456789") != std::string::npos;
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789 ") == std::string_view::npos;
}

bool inside_furniture(const GumboNode* n) {
  for (const GumboNode* p = n; p; p = detail::parent_element(p))
    if (detail::has_tag(p, GUMBO_TAG_NAV) || detail::has_tag(p, GUMBO_TAG_HEADER) ||
        detail::has_tag(p, GUMBO_TAG_FOOTER))
      return true;
  return false;
}

class Collector {
 public:
  explicit Collector(const std::string& page_url) : page_url_(page_url) {
    seen_.insert(canonical_url(page_url));
  }

  // Adds the link of an <a href> when it qualifies and was not seen before.
  void add(const GumboNode* a, bool heuristic) {
    std::string href = attribute(a, "href");
    if (href.empty() || href[0] == '#') return;
    std::string absolute = resolve_url(page_url_, href);
    if (absolute.empty()) return;  // javascript:, mailto: and the like
    std::string url = canonical_url(absolute);
    std::string text = node_text(a);
    if (text.empty()) text = detail::collapse_whitespace(attribute(a, "title"));
    if (heuristic) {
      if (site_of(url) != site_of(page_url_) || inside_furniture(a)) return;
      bool headline = headline_text(text);
      bool path_ok = article_path(url) && detail::visible_length(text) >= 2 && !all_digits(text);
      if (!headline && !path_ok) return;
    }
    if (!seen_.insert(url).second) return;
    links_.push_back(Link{url, text});
  }

  std::vector<Link> take() { return std::move(links_); }

 private:
  const std::string& page_url_;
  std::unordered_set<std::string> seen_;
  std::vector<Link> links_;
};

}  // namespace

std::vector<Link> extract_article_links(std::string_view utf8_html, const std::string& page_url,
                                        const std::string& selector) {
  HtmlDocument doc(utf8_html);
  Collector collector(page_url);
  if (detail::trim(selector).empty()) {
    for (const GumboNode* a : detail::elements_by_tag(doc.root(), GUMBO_TAG_A))
      collector.add(a, true);
    return collector.take();
  }
  auto parsed = Selector::parse(selector);
  if (!parsed) return {};  // the config checks selectors; a bad one picks nothing
  for (const GumboNode* e : parsed->select(doc.root())) {
    if (detail::has_tag(e, GUMBO_TAG_A)) {
      collector.add(e, false);
      continue;
    }
    for (const GumboNode* a : detail::elements_by_tag(e, GUMBO_TAG_A)) collector.add(a, false);
  }
  return collector.take();
}

}  // namespace headlined::parse
