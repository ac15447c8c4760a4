#pragma once
// Feed discovery for a source of type "auto" (the default): the URL may name a feed, a site's
// home page or an article page. In order: the URL itself when it is a feed or a sitemap; a
// feed the page announces with <link rel="alternate"> (RSS, Atom, JSON Feed); a feed at a
// common path (/feed, /rss.xml, /atom.xml, /index.xml, /feed.xml); the sitemap robots.txt
// names; else the page itself, read as a list page.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "headlined/core/error.hpp"
#include "headlined/core/types.hpp"
#include "headlined/fetch/fetcher.hpp"

namespace headlined::daemon {

struct Discovery {
  SourceKind kind = SourceKind::ListPage;  // Feed, Sitemap or ListPage, never Auto
  std::string url;                         // what to poll
  std::string reason;                      // why, in a sentence for the log and the CLI
  std::vector<std::string> tried;          // each step looked at, with its outcome
};

// Fails only when the URL itself cannot be fetched; each later step that fails is noted in
// `tried` and the next one is taken.
Result<Discovery> discover_source(const fetch::Fetcher& fetcher, const std::string& url,
                                  const fetch::FetchOptions& options);

const char* source_kind_name(SourceKind kind);
// The inverse of source_kind_name for what discovery chooses ("feed", "sitemap", "list");
// nullopt for anything else (a stored choice this build does not know).
std::optional<SourceKind> discovered_kind_from_name(std::string_view name);

}  // namespace headlined::daemon
