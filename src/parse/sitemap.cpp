#include "headlined/parse/sitemap.hpp"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>

#include "headlined/core/url.hpp"
#include "headlined/parse/date.hpp"
#include "headlined/parse/gzip.hpp"
#include "headlined/text/charset.hpp"
#include "text_util.hpp"
#include "xml_doc.hpp"

namespace headlined::parse {

namespace {

// Sitemaps are written by programs: element names compare exactly (feeds, hand-written, do not).
bool named_exactly(const xmlNode* n, const char* name) {
  return n && n->type == XML_ELEMENT_NODE &&
         std::strcmp(reinterpret_cast<const char*>(n->name), name) == 0;
}

std::string content(const xmlNode* n) {
  xmlChar* c = xmlNodeGetContent(n);
  std::string out = c ? reinterpret_cast<const char*>(c) : "";
  xmlFree(c);
  return detail::collapse_whitespace(out);
}

// <url> / <sitemap>: loc, lastmod, and <news:news> with its title and publication date.
SitemapEntry read_entry(const xmlNode* entry, const std::string& sitemap_url) {
  SitemapEntry out;
  std::string lastmod, news_date;
  for (const xmlNode* c = entry->children; c; c = c->next) {
    if (named_exactly(c, "loc")) {
      out.url = resolve_url(sitemap_url, content(c));
    } else if (named_exactly(c, "lastmod")) {
      lastmod = parse_date(content(c));
    } else if (named_exactly(c, "news")) {
      for (const xmlNode* k = c->children; k; k = k->next) {
        if (named_exactly(k, "title")) out.title = content(k);
        if (named_exactly(k, "publication_date")) news_date = parse_date(content(k));
      }
    }
  }
  out.published = news_date.empty() ? lastmod : news_date;
  return out;
}

// Seconds since the epoch of an ISO 8601 string as parse_date writes it; no zone = UTC.
std::optional<long long> instant(const std::string& iso) {
  int y, mo, d, h = 0, mi = 0, s = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &y, &mo, &d, &h, &mi, &s) < 3)
    return std::nullopt;
  auto days = std::chrono::sys_days(std::chrono::year(y) / mo / d).time_since_epoch().count();
  long long t = static_cast<long long>(days) * 86400 + h * 3600 + mi * 60 + s;
  if (iso.size() >= 25 && (iso[19] == '+' || iso[19] == '-')) {
    int oh = 0, om = 0;
    if (std::sscanf(iso.c_str() + 20, "%2d:%2d", &oh, &om) == 2)
      t -= (iso[19] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
  }
  return t;
}

}  // namespace

Result<Sitemap> parse_sitemap(std::string_view utf8_xml, const std::string& sitemap_url) {
  static const bool initialised = (xmlInitParser(), true);
  (void)initialised;
  if (detail::trim(utf8_xml).empty()) return fail("empty sitemap", sitemap_url);
  if (utf8_xml.size() > static_cast<std::size_t>(INT32_MAX) / 2)
    return fail("sitemap too large", sitemap_url);
  // Already UTF-8; recover mode for the ill-formed ones; never the network.
  int options = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                XML_PARSE_NOCDATA | XML_PARSE_COMPACT | XML_PARSE_HUGE;
  XmlDoc doc(xmlReadMemory(utf8_xml.data(), static_cast<int>(utf8_xml.size()), sitemap_url.c_str(),
                           "UTF-8", options));
  if (!doc) return fail("sitemap is not readable XML", sitemap_url);
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  Sitemap sitemap;
  sitemap.is_index = named_exactly(root, "sitemapindex");
  if (!sitemap.is_index && !named_exactly(root, "urlset"))
    return fail("not a sitemap: root element <" +
                    std::string(root ? reinterpret_cast<const char*>(root->name) : "") + ">",
                sitemap_url);
  for (const xmlNode* c = root->children; c; c = c->next) {
    if (!named_exactly(c, sitemap.is_index ? "sitemap" : "url")) continue;
    SitemapEntry entry = read_entry(c, sitemap_url);
    if (entry.url.empty()) continue;
    (sitemap.is_index ? sitemap.sitemaps : sitemap.urls).push_back(std::move(entry));
  }
  return sitemap;
}

Result<Sitemap> parse_sitemap_bytes(std::string_view raw, const std::string& sitemap_url) {
  std::string inflated;
  if (is_gzip(raw)) {
    auto out = gunzip(raw);
    if (!out) return fail(out.error().what, sitemap_url);
    inflated = std::move(*out);
    raw = inflated;
  }
  return parse_sitemap(text::decode_to_utf8(raw, "").utf8, sitemap_url);
}

std::vector<SitemapEntry> newest_first(std::vector<SitemapEntry> entries, std::size_t limit) {
  std::vector<std::pair<long long, std::size_t>> order;  // (-instant or undated, position)
  constexpr long long kUndated = std::numeric_limits<long long>::max();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    auto t = instant(entries[i].published);
    order.emplace_back(t ? -*t : kUndated, i);
  }
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<SitemapEntry> out;
  for (std::size_t i = 0; i < order.size() && out.size() < limit; ++i)
    out.push_back(std::move(entries[order[i].second]));
  return out;
}

}  // namespace headlined::parse
