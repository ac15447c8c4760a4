#include "headlined/daemon/discovery.hpp"

#include "headlined/core/url.hpp"
#include "headlined/fetch/robots.hpp"
#include "headlined/parse/feed.hpp"
#include "headlined/parse/feed_links.hpp"
#include "headlined/parse/sitemap.hpp"

namespace headlined::daemon {

namespace {

bool looks_like_sitemap(std::string_view body) {
  std::string_view head = body.substr(0, 4096);
  return head.find("<urlset") != std::string_view::npos ||
         head.find("<sitemapindex") != std::string_view::npos;
}

// A candidate is accepted only when it fetches and parses as what it claims to be: a site's
// stale <link> to a removed feed must not win over a working fallback.
bool serves_feed(const fetch::Fetcher& fetcher, const std::string& url,
                 const fetch::FetchOptions& options, std::vector<std::string>& tried,
                 std::string& final_url) {
  auto response = fetcher.get(url, options);
  if (!response) {
    tried.push_back(url + ": " + response.error().what);
    return false;
  }
  auto feed = parse::parse_feed_response(response->body, response->url, response->content_type);
  if (!feed) {
    tried.push_back(url + ": " + feed.error().what);
    return false;
  }
  tried.push_back(url + ": a feed with " + std::to_string(feed->items.size()) + " items");
  final_url = response->url;
  return true;
}

std::string origin_of(const std::string& url) {
  auto u = Url::parse(url);
  if (!u) return "";
  return resolve_url(url, "/");
}

}  // namespace

const char* source_kind_name(SourceKind kind) {
  switch (kind) {
    case SourceKind::Feed:
      return "feed";
    case SourceKind::Sitemap:
      return "sitemap";
    case SourceKind::ListPage:
      return "list";
    case SourceKind::Auto:
      return "auto";
  }
  return "?";
}

std::optional<SourceKind> discovered_kind_from_name(std::string_view name) {
  for (SourceKind kind : {SourceKind::Feed, SourceKind::Sitemap, SourceKind::ListPage})
    if (name == source_kind_name(kind)) return kind;
  return std::nullopt;
}

Result<Discovery> discover_source(const fetch::Fetcher& fetcher, const std::string& url,
                                  const fetch::FetchOptions& options) {
  fetch::FetchOptions any_type = options;
  any_type.only_text_types = false;  // a sitemap may be served gzipped
  auto page = fetcher.get(url, any_type);
  if (!page) return std::unexpected(page.error());
  Discovery out;
  const std::string page_url = page->url;
  if (parse::looks_like_feed(page->body)) {
    out = {SourceKind::Feed, page_url, "the URL serves a feed", {}};
    return out;
  }
  if (looks_like_sitemap(page->body)) {
    out = {SourceKind::Sitemap, page_url, "the URL serves a sitemap", {}};
    return out;
  }
  std::string found;
  for (const parse::FeedLink& link : parse::feed_links_in(page->body, page_url))
    if (serves_feed(fetcher, link.url, options, out.tried, found)) {
      out.kind = SourceKind::Feed;
      out.url = found;
      out.reason = "the page announces it: <link rel=\"alternate\" type=\"" + link.type + "\">";
      return out;
    }
  const std::string origin = origin_of(page_url);
  for (const std::string& path : parse::common_feed_paths()) {
    std::string candidate = resolve_url(origin, path);
    if (!candidate.empty() && serves_feed(fetcher, candidate, options, out.tried, found)) {
      out.kind = SourceKind::Feed;
      out.url = found;
      out.reason = "no announced feed; a feed at the common path " + path;
      return out;
    }
  }
  // robots.txt is text/plain, which a feed fetch would refuse.
  if (auto robots = fetcher.get(resolve_url(origin, "/robots.txt"), any_type)) {
    const fetch::RobotsTxt rules = fetch::RobotsTxt::parse(robots->body);
    for (const std::string& sitemap : rules.sitemaps()) {
      auto response = fetcher.get(sitemap, any_type);
      auto parsed = response ? parse::parse_sitemap_bytes(response->raw_body, response->url)
                             : Result<parse::Sitemap>(std::unexpected(response.error()));
      if (!parsed) {
        out.tried.push_back(sitemap + ": " + parsed.error().what);
        continue;
      }
      out.kind = SourceKind::Sitemap;
      out.url = response->url;
      out.reason = "no feed found; the sitemap robots.txt names";
      return out;
    }
    out.tried.push_back(resolve_url(origin, "/robots.txt") + ": names no readable sitemap");
  } else {
    out.tried.push_back(resolve_url(origin, "/robots.txt") + ": " + robots.error().what);
  }
  out.kind = SourceKind::ListPage;
  out.url = page_url;
  out.reason = "no feed or sitemap found; the page is read as a list page";
  return out;
}

}  // namespace headlined::daemon
