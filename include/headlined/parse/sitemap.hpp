#pragma once
// Sitemaps (sitemaps.org): a sitemap index naming child sitemaps, or a urlset naming pages,
// with Google News extensions (news:title, news:publication_date).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "headlined/core/error.hpp"

namespace headlined::parse {

struct SitemapEntry {
  std::string url;        // absolute
  std::string published;  // ISO 8601 from news:publication_date, else lastmod, else ""
  std::string title;      // news:title, or ""
};

struct Sitemap {
  bool is_index = false;               // <sitemapindex>
  std::vector<SitemapEntry> sitemaps;  // children of an index
  std::vector<SitemapEntry> urls;      // pages of a urlset
};

// `utf8_xml` is the decoded document (see decode_sitemap for gzip).
Result<Sitemap> parse_sitemap(std::string_view utf8_xml, const std::string& sitemap_url);

// The raw bytes as fetched: gunzipped when they are gzip, decoded to UTF-8 by the XML prolog
// (or a guess), then parsed.
Result<Sitemap> parse_sitemap_bytes(std::string_view raw, const std::string& sitemap_url);

// The newest `limit` entries, newest first; undated entries follow the dated ones in document
// order. Dates compare by instant when they carry a zone.
std::vector<SitemapEntry> newest_first(std::vector<SitemapEntry> entries, std::size_t limit);

}  // namespace headlined::parse
