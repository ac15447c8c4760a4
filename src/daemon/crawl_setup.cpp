#include "headlined/daemon/crawl_setup.hpp"

namespace headlined::daemon {

fetch::FetchOptions fetch_options_for(const config::Config& config, fetch::FetchOptions base) {
  const config::CrawlSettings& crawl = config.crawl;
  base.user_agent = config.user_agent;
  base.connect_timeout = crawl.connect_timeout;
  base.total_timeout = crawl.timeout;
  base.max_body_bytes = static_cast<std::size_t>(crawl.max_body_bytes);
  base.max_redirects = crawl.max_redirects;
  base.max_retries = crawl.retries;
  base.proxy = crawl.proxy;
  return base;
}

fetch::CrawlPolicy crawl_policy_for(const config::CrawlSettings& crawl) {
  fetch::CrawlPolicy policy;
  policy.max_connections = crawl.max_connections;
  policy.max_per_host = crawl.max_per_host;
  policy.host_delay = std::chrono::milliseconds(crawl.host_delay_ms);
  policy.robots = crawl.robots;
  return policy;
}

}  // namespace headlined::daemon
