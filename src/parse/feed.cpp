#include "headlined/parse/feed.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <cstring>
#include <memory>
#include <mutex>

#include "feed_json.hpp"
#include "feed_repair.hpp"
#include "headlined/core/url.hpp"
#include "headlined/parse/date.hpp"
#include "headlined/parse/html.hpp"
#include "text_util.hpp"

namespace headlined::parse {

namespace {

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

bool named(const xmlNode* n, const char* name) {
  return n && n->type == XML_ELEMENT_NODE &&
         std::strcmp(reinterpret_cast<const char*>(n->name), name) == 0;
}

std::string prefix_of(const xmlNode* n) {
  return n->ns && n->ns->prefix ? reinterpret_cast<const char*>(n->ns->prefix) : "";
}

std::string content(const xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  std::string out = c ? reinterpret_cast<const char*>(c) : "";
  xmlFree(c);
  return out;
}

std::string attr(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  std::string out = v ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return out;
}

// Feed text often carries escaped HTML; markup and entities become plain text.
std::string as_text(const std::string& s) {
  if (s.find_first_of("<&") == std::string::npos) return detail::collapse_whitespace(s);
  HtmlDocument doc(s);
  return node_text(doc.root());
}

bool looks_like_url(const std::string& s) {
  return detail::starts_with(s, "http://") || detail::starts_with(s, "https://") ||
         detail::starts_with(s, "/");
}

// The markup inside an element: Atom's type="xhtml" content holds elements, everything else
// holds escaped HTML as text.
std::string inner_markup(const xmlNode* n) {
  if (attr(n, "type") != "xhtml") return content(n);
  std::string out;
  xmlBuffer* buffer = xmlBufferCreate();
  for (xmlNode* c = n->children; c; c = c->next) xmlNodeDump(buffer, n->doc, c, 0, 0);
  out.assign(reinterpret_cast<const char*>(xmlBufferContent(buffer)),
             static_cast<std::size_t>(xmlBufferLength(buffer)));
  xmlBufferFree(buffer);
  return out;
}

// The base URI of a node: xml:base on it or its ancestors, resolved against the feed URL.
std::string base_of(const xmlNode* n, const std::string& feed_url) {
  xmlChar* base = xmlNodeGetBase(n->doc, n);
  std::string out = base ? resolve_url(feed_url, reinterpret_cast<const char*>(base)) : "";
  xmlFree(base);
  return out.empty() ? feed_url : out;
}

FeedItem read_item(const xmlNode* item, const std::string& feed_url, bool atom) {
  FeedItem out;
  std::string link, permalink_guid, published, updated, summary, content_text;
  const std::string base = base_of(item, feed_url);
  for (const xmlNode* c = item->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    std::string prefix = prefix_of(c);
    if (named(c, "title") && out.title.empty()) {
      out.title = as_text(content(c));
    } else if (named(c, "link")) {
      std::string href = attr(c, "href");
      std::string rel = attr(c, "rel");
      if (!href.empty()) {  // Atom, or atom:link inside RSS
        std::string resolved = resolve_url(base_of(c, feed_url), detail::trim(href));
        if (rel == "enclosure" && !resolved.empty())
          out.enclosures.push_back({resolved, attr(c, "type"), attr(c, "length")});
        else if ((rel.empty() || rel == "alternate") && link.empty())
          link = resolved;
      } else if (link.empty()) {
        link = detail::trim(content(c));
      }
    } else if (named(c, "enclosure")) {
      std::string url = resolve_url(base, detail::trim(attr(c, "url")));
      if (!url.empty()) out.enclosures.push_back({url, attr(c, "type"), attr(c, "length")});
    } else if (named(c, "guid") || (atom && named(c, "id"))) {
      out.guid = detail::trim(content(c));
      if (!atom && attr(c, "isPermaLink") != "false") permalink_guid = out.guid;
    } else if (named(c, "pubDate") || named(c, "published") || named(c, "issued") ||
               (named(c, "date") && prefix == "dc")) {
      if (published.empty()) published = parse_date(content(c));
    } else if (named(c, "updated") || named(c, "modified")) {
      if (updated.empty()) updated = parse_date(content(c));
    } else if (named(c, "description") || named(c, "summary")) {
      if (summary.empty()) summary = as_text(content(c));
    } else if (named(c, "encoded") || named(c, "content")) {
      if (out.content_html.empty()) {
        out.content_html = inner_markup(c);
        content_text = as_text(out.content_html);
      }
    } else if (named(c, "author") || named(c, "creator")) {
      if (out.author.empty()) {
        const xmlNode* name = nullptr;  // Atom: <author><name>
        for (const xmlNode* k = c->children; k; k = k->next)
          if (named(k, "name")) name = k;
        out.author = detail::collapse_whitespace(content(name ? name : c));
      }
    }
  }
  if (link.empty() && looks_like_url(permalink_guid)) link = permalink_guid;
  out.url = link.empty() ? "" : resolve_url(base, link);
  out.published = published.empty() ? updated : published;
  out.summary = summary.empty() ? content_text : summary;
  return out;
}

void ensure_parser_initialised() {
  // libxml2 wants one initialisation before threads use it.
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

}  // namespace

Result<Feed> parse_feed(std::string_view utf8_text, const std::string& feed_url) {
  ensure_parser_initialised();
  std::string_view utf8_xml = utf8_text;
  if (detail::starts_with(utf8_xml, "\xEF\xBB\xBF")) utf8_xml.remove_prefix(3);
  std::size_t first = utf8_xml.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return fail("empty feed", feed_url);
  if (utf8_xml[first] == '{') return detail::parse_json_feed(utf8_xml, feed_url);
  if (utf8_xml.size() > static_cast<std::size_t>(INT32_MAX) / 2)
    return fail("feed too large", feed_url);
  // The text is already UTF-8, so "UTF-8" overrides whatever the prolog declares. Entities
  // are left unsubstituted and the network is off, so no external entity is ever fetched.
  int options = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
  std::string xml = detail::repair_ampersands(utf8_xml);
  std::unique_ptr<xmlDoc, DocFree> doc(
      xmlReadMemory(xml.data(), static_cast<int>(xml.size()), feed_url.c_str(), "UTF-8", options));
  if (!doc) return fail("feed is not readable XML", feed_url);
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!root) return fail("feed has no root element", feed_url);

  Feed feed;
  bool atom = named(root, "feed");
  feed.format = atom ? FeedFormat::Atom : named(root, "RDF") ? FeedFormat::Rdf : FeedFormat::Rss;
  const xmlNode* items_parent = root;  // Atom entries and RSS 1.0 items sit under the root
  if (named(root, "rss")) {
    items_parent = nullptr;
    for (const xmlNode* c = root->children; c; c = c->next)
      if (named(c, "channel")) items_parent = c;
    if (!items_parent) return fail("RSS feed without <channel>", feed_url);
  } else if (!atom && !named(root, "RDF")) {
    return fail(
        "not a feed: root element <" + std::string(reinterpret_cast<const char*>(root->name)) + ">",
        feed_url);
  }
  const char* item_name = atom ? "entry" : "item";
  for (const xmlNode* c = items_parent->children; c; c = c->next)
    if (named(c, "title") && feed.title.empty()) feed.title = as_text(content(c));
  if (named(root, "RDF"))
    for (const xmlNode* c = root->children; c; c = c->next)
      if (named(c, "channel"))
        for (const xmlNode* t = c->children; t; t = t->next)
          if (named(t, "title") && feed.title.empty()) feed.title = as_text(content(t));
  // Items anywhere below: recovery from unclosed markup can nest later items in earlier ones.
  std::vector<const xmlNode*> stack{items_parent};
  while (!stack.empty()) {
    const xmlNode* n = stack.back();
    stack.pop_back();
    if (n != items_parent && named(n, item_name))
      feed.items.push_back(read_item(n, feed_url, atom));
    std::vector<const xmlNode*> kids;
    for (const xmlNode* c = n->children; c; c = c->next)
      if (c->type == XML_ELEMENT_NODE) kids.push_back(c);
    stack.insert(stack.end(), kids.rbegin(), kids.rend());
  }
  return feed;
}

bool looks_like_feed(std::string_view text) {
  std::string_view s = text.substr(0, 64 * 1024);
  if (detail::starts_with(s, "\xEF\xBB\xBF")) s.remove_prefix(3);
  if (std::string head = detail::trim(s.substr(0, 4096)); !head.empty() && head.front() == '{')
    return head.find("jsonfeed.org/version") != std::string::npos;
  for (;;) {
    std::size_t lt = s.find('<');
    if (lt == std::string_view::npos) return false;
    if (!detail::trim(s.substr(0, lt)).empty()) return false;  // text before the first tag
    s.remove_prefix(lt);
    std::string_view close = "";
    if (detail::starts_with(s, "<?"))
      close = "?>";
    else if (detail::starts_with(s, "<!--"))
      close = "-->";
    else if (detail::starts_with(s, "<!"))
      close = ">";
    if (close.empty()) break;
    std::size_t end = s.find(close);
    if (end == std::string_view::npos) return false;
    s.remove_prefix(end + close.size());
  }
  s.remove_prefix(1);
  std::size_t end = s.find_first_of(" \t\r\n/>");
  std::string_view name = s.substr(0, end);
  if (auto colon = name.find(':'); colon != std::string_view::npos) {
    if (name.substr(colon + 1) == "RDF") return true;
    name = name.substr(colon + 1);
  }
  return name == "rss" || name == "feed" || name == "RDF";
}

}  // namespace headlined::parse
