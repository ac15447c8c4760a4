#include "headlined/parse/feed.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <strings.h>

#include <cstring>
#include <memory>
#include <mutex>

#include "feed_json.hpp"
#include "feed_repair.hpp"
#include "feed_text.hpp"
#include "headlined/core/url.hpp"
#include "headlined/parse/date.hpp"
#include "headlined/parse/html.hpp"
#include "text_util.hpp"
#include "xml_doc.hpp"

namespace headlined::parse {

namespace {

// Element names compare without case: hand-written feeds say <pubdate>, and CDF (the RSS
// forerunner some sites still serve) writes <CHANNEL>, <ITEM>, <TITLE>.
bool named(const xmlNode* n, const char* name) {
  return n && n->type == XML_ELEMENT_NODE &&
         strcasecmp(reinterpret_cast<const char*>(n->name), name) == 0;
}

std::string prefix_of(const xmlNode* n) {
  return n->ns && n->ns->prefix ? reinterpret_cast<const char*>(n->ns->prefix) : "";
}

using detail::element_text;
using detail::xml_attr;
using detail::xml_content;
using detail::xml_has_attr;

bool is_http_url(const std::string& s) {
  return detail::starts_with(s, "http://") || detail::starts_with(s, "https://");
}

bool looks_like_url(const std::string& s) {
  return is_http_url(s) || detail::starts_with(s, "/");
}

// The base URI of a node: xml:base on it or its ancestors, resolved against the feed URL.
std::string base_of(const xmlNode* n, const std::string& feed_url) {
  xmlChar* base = xmlNodeGetBase(n->doc, n);
  std::string out = base ? resolve_url(feed_url, reinterpret_cast<const char*>(base)) : "";
  xmlFree(base);
  return out.empty() ? feed_url : out;
}

// Only printable ASCII without spaces: a URL that needs no escaping to be fetched.
bool plain_url(const std::string& s) {
  for (char c : s)
    if (c <= ' ' || c > '~') return false;
  return true;
}

// An absolute http(s) link is kept as the feed wrote it (the daemon canonicalises it where it
// compares URLs); a relative one is resolved, or stays as written when there is nothing to
// resolve it against (a file read without --base-url) rather than vanishing.
std::string resolve_or_keep(const std::string& base, const std::string& ref) {
  std::string lower = detail::to_lower_ascii(ref.substr(0, 8));
  if ((lower.starts_with("http://") || lower.starts_with("https://")) && plain_url(ref) &&
      !resolve_url("", ref).empty())
    return ref;
  std::string resolved = resolve_url(base, ref);
  return resolved.empty() && !is_http_url(base) ? ref : resolved;
}

// What a <link href> is for. A link without rel is the alternate (the article itself); among
// alternates an HTML page is the article, another type (a PDF, the feed itself) only when no
// HTML one exists.
enum class LinkRole { Article, OtherAlternate, Enclosure, Other };

LinkRole role_of(const xmlNode* link) {
  std::string rel = xml_attr(link, "rel");
  if (rel == "enclosure") return LinkRole::Enclosure;
  if (!rel.empty() && rel != "alternate" &&
      rel != "http://www.iana.org/assignments/relation/alternate")
    return LinkRole::Other;
  std::string type = xml_attr(link, "type");
  if (type.empty() || type == "text/html" || type == "application/xhtml+xml" || type == "html" ||
      type == "xhtml")
    return LinkRole::Article;
  return LinkRole::OtherAlternate;
}

// Of a repeated date element the last one that reads wins, as in the most-used lenient reader
// (feedparser): a feed that repeats pubDate has usually appended a correction.
void keep_last_date(std::string& slot, const xmlNode* n) {
  if (std::string date = parse_date_utc(xml_content(n)); !date.empty()) slot = date;
}

// The first <title> with words in it among the children of `parent`.
std::string first_title(const xmlNode* parent) {
  for (const xmlNode* c = parent->children; c; c = c->next)
    if (named(c, "title"))
      if (std::string title = element_text(c); !title.empty()) return title;
  return "";
}

// RSS 1.1 has no wrapper: its root is <Channel>, with the items in <items>.
bool is_rss11_channel(const xmlNode* root) {
  return named(root, "channel");
}

FeedItem read_item(const xmlNode* item, const std::string& feed_url);

// Items anywhere below `root` (the root itself too, for an Atom entry document): recovery from
// unclosed markup can nest later items in earlier ones, and RSS 1.1 wraps them in <items>.
void collect_items(const xmlNode* root, const char* item_name, const std::string& feed_url,
                   std::vector<FeedItem>& items) {
  std::vector<const xmlNode*> stack{root};
  while (!stack.empty()) {
    const xmlNode* n = stack.back();
    stack.pop_back();
    if (named(n, item_name)) items.push_back(read_item(n, feed_url));
    std::vector<const xmlNode*> kids;
    for (const xmlNode* c = n->children; c; c = c->next)
      if (c->type == XML_ELEMENT_NODE) kids.push_back(c);
    stack.insert(stack.end(), kids.rbegin(), kids.rend());
  }
}

// Of repeated <link>s and ids the last one wins, as in the most-used lenient reader; of
// repeated titles the first with words in it.
FeedItem read_item(const xmlNode* item, const std::string& feed_url) {
  FeedItem out;
  std::string link, other_alternate, permalink_guid, published, updated, summary, content_text;
  std::string dc_title;
  bool permalink_seen = false;
  const std::string base = base_of(item, feed_url);
  for (const xmlNode* c = item->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    std::string prefix = prefix_of(c);
    if (named(c, "title")) {
      // The first title with words in it: an empty <title/> before a real one is a common
      // template slip.
      std::string& slot = prefix == "dc" ? dc_title : out.title;
      if (slot.empty()) slot = element_text(c);
    } else if (named(c, "link")) {
      std::string href = detail::trim(xml_attr(c, "href"));
      if (!href.empty()) {  // Atom, or atom:link inside RSS
        std::string resolved = resolve_or_keep(base_of(c, feed_url), href);
        switch (role_of(c)) {
          case LinkRole::Article:
            link = resolved;
            break;
          case LinkRole::OtherAlternate:
            if (other_alternate.empty()) other_alternate = resolved;
            break;
          case LinkRole::Enclosure:
            out.enclosures.push_back({resolved, xml_attr(c, "type"), xml_attr(c, "length")});
            break;
          case LinkRole::Other:
            break;
        }
      } else if (prefix.empty()) {
        if (std::string text = detail::trim(xml_content(c)); !text.empty()) link = text;
      }
    } else if (named(c, "enclosure")) {
      std::string url = detail::trim(xml_attr(c, "url"));
      if (!url.empty())
        out.enclosures.push_back(
            {resolve_or_keep(base, url), xml_attr(c, "type"), xml_attr(c, "length")});
    } else if (named(c, "guid") || named(c, "id")) {
      out.guid = detail::trim(xml_content(c));
      // As in the most-used lenient reader (feedparser): a guid, or an Atom id, stands for the
      // link unless it says isPermaLink="false" (only the exact "true" or no attribute count);
      // the first such one, whatever it looks like.
      const bool permalink =
          !xml_has_attr(c, "isPermaLink") || xml_attr(c, "isPermaLink") == "true";
      if (permalink && !permalink_seen) {
        permalink_guid = out.guid;
        permalink_seen = true;
      }
    } else if (named(c, "pubDate") || named(c, "published") || named(c, "issued")) {
      keep_last_date(published, c);
    } else if (named(c, "updated") || named(c, "modified") ||
               (named(c, "date") && prefix == "dc")) {
      // dc:date is the date of the last change, so a pubDate beside it wins.
      keep_last_date(updated, c);
    } else if (named(c, "description") || named(c, "summary")) {
      if (summary.empty()) summary = element_text(c);
    } else if (named(c, "encoded") || named(c, "content")) {
      if (out.content_html.empty()) {
        out.content_html = detail::element_markup(c);
        content_text = detail::html_text(out.content_html);
      }
    } else if (named(c, "author") || named(c, "creator")) {
      if (out.author.empty()) {
        const xmlNode* name = nullptr;  // Atom: <author><name>
        for (const xmlNode* k = c->children; k; k = k->next)
          if (named(k, "name")) name = k;
        out.author = detail::collapse_whitespace(xml_content(name ? name : c));
      }
    }
  }
  if (out.title.empty()) out.title = dc_title;
  // CDF puts an item's address and date in attributes: <ITEM HREF="..." LASTMOD="...">.
  if (link.empty()) link = detail::trim(xml_attr(item, "href"));
  if (updated.empty()) updated = parse_date_utc(xml_attr(item, "lastmod"));
  // RSS 1.0 names each item by its rdf:about.
  if (out.guid.empty()) out.guid = detail::trim(xml_attr(item, "about"));
  if (!link.empty()) {
    out.url = resolve_or_keep(base, link);
  } else if (looks_like_url(permalink_guid)) {
    // A guid or Atom id that is a web address (or a path on the feed's site) is the link.
    out.url = resolve_or_keep(base, permalink_guid);
  } else if (!other_alternate.empty()) {
    // A non-HTML alternate (a PDF, an audio page) is fetchable; a tag: or urn: id is not, so
    // here headlined departs from feedparser, which would report the id.
    out.url = other_alternate;
  } else {
    // Any other permalink guid (`tag:...`, `urn:uuid:...`, `foo`) is reported as the link, as
    // feedparser does, but kept as written: resolving `foo` against the feed's URL would make
    // up an address. The daemon fetches only http(s) links, so such an item is not fetched.
    out.url = permalink_guid;
  }
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
  XmlDoc doc(
      xmlReadMemory(xml.data(), static_cast<int>(xml.size()), feed_url.c_str(), "UTF-8", options));
  if (!doc) return fail("feed is not readable XML", feed_url);
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!root) return fail("feed has no root element", feed_url);

  const std::string root_name = reinterpret_cast<const char*>(root->name);
  if (named(root, "html")) return fail("not a feed: root element <html>", feed_url);
  Feed feed;
  // An Atom entry document is a feed of one entry.
  const bool atom = named(root, "feed") || named(root, "entry");
  feed.format = atom                                           ? FeedFormat::Atom
                : named(root, "RDF") || is_rss11_channel(root) ? FeedFormat::Rdf
                                                               : FeedFormat::Rss;
  // The feed's own title sits on <channel> (RSS 0.9x-2.0, RSS 1.0; RSS 1.1's root is its
  // Channel) or on the Atom root; a feed that left <channel> out keeps it on the root.
  const xmlNode* channel = atom || is_rss11_channel(root) ? root : nullptr;
  for (const xmlNode* c = root->children; c && !channel; c = c->next)
    if (named(c, "channel")) channel = c;
  if (!named(root, "entry")) {
    feed.title = first_title(channel ? channel : root);
    if (feed.title.empty() && channel) feed.title = first_title(root);
  }
  collect_items(root, atom ? "entry" : "item", feed_url, feed.items);
  // Any other root is accepted when it holds what a feed holds, as lenient readers do.
  const bool known_root = atom || named(root, "rss") || named(root, "RDF") || channel;
  if (!known_root && feed.items.empty())
    return fail("not a feed: root element <" + root_name + ">", feed_url);
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
