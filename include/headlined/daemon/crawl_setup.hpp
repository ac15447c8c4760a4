#pragma once
// The fetcher the config asks for: its per-fetch limits and its crawl policy.

#include "headlined/config/config.hpp"
#include "headlined/fetch/fetcher.hpp"

namespace headlined::daemon {

// `base` with the config's user agent, timeouts, body cap, redirects, retries and proxy.
fetch::FetchOptions fetch_options_for(const config::Config& config, fetch::FetchOptions base);
fetch::CrawlPolicy crawl_policy_for(const config::CrawlSettings& crawl);

}  // namespace headlined::daemon
