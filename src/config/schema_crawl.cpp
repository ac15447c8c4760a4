// The "crawl" object: politeness, limits, robots.txt and the global proxy.
#include "schema.hpp"

namespace headlined::config {

std::optional<std::string> proxy_field(Reader& reader, const nlohmann::json& object,
                                       const std::string& pointer, std::string_view what,
                                       bool allow_none) {
  auto proxy = reader.string_field(object, pointer, "proxy", Need::Optional, what);
  if (!proxy) return std::nullopt;
  if (allow_none && *proxy == "none") return proxy;
  for (std::string_view scheme : {"http://", "https://", "socks5://", "socks5h://"}) {
    if (proxy->starts_with(scheme) && proxy->size() > scheme.size()) return proxy;
  }
  reader.error_at_value(
      pointer_append(pointer, "proxy"),
      "'proxy' must be a URL starting with http://, https://, socks5:// or "
      "socks5h://" +
          std::string(allow_none ? " (or \"none\" for a direct connection)" : ""));
  return std::nullopt;
}

void read_crawl(Reader& reader, const nlohmann::json& root, CrawlSettings& crawl) {
  auto it = root.find("crawl");
  if (it == root.end()) return;
  const std::string at = "/crawl";
  if (!reader.expect_object(*it, at, "'crawl'")) return;
  const nlohmann::json& object = *it;
  const std::string what = "'crawl'";
  reader.check_keys(object, at,
                    {"max_connections", "max_per_host", "host_delay_ms", "robots", "proxy",
                     "connect_timeout", "timeout", "max_body_bytes", "max_redirects", "retries",
                     "commit_group", "commit_window_ms", "search_index_delay_ms"},
                    what);
  if (auto n = reader.int_field(object, at, "max_connections", 1, 1024, Need::Optional, what))
    crawl.max_connections = static_cast<int>(*n);
  if (auto n = reader.int_field(object, at, "max_per_host", 1, 64, Need::Optional, what))
    crawl.max_per_host = static_cast<int>(*n);
  if (auto n = reader.int_field(object, at, "host_delay_ms", 0, 600000, Need::Optional, what))
    crawl.host_delay_ms = static_cast<int>(*n);
  if (auto robots = object.find("robots"); robots != object.end()) {
    if (robots->is_boolean()) {
      crawl.robots = robots->get<bool>();
    } else {
      reader.error_at_value(pointer_append(at, "robots"),
                            "'robots' must be true or false, not " + describe_type(*robots));
    }
  }
  if (auto proxy = proxy_field(reader, object, at, what, false)) crawl.proxy = *proxy;
  if (auto d = reader.duration_field(object, at, "connect_timeout", Need::Optional, what))
    crawl.connect_timeout = *d;
  if (auto d = reader.duration_field(object, at, "timeout", Need::Optional, what))
    crawl.timeout = *d;
  if (auto n = reader.int_field(object, at, "max_body_bytes", 1024, std::int64_t{1} << 32,
                                Need::Optional, what))
    crawl.max_body_bytes = *n;
  if (auto n = reader.int_field(object, at, "max_redirects", 0, 50, Need::Optional, what))
    crawl.max_redirects = static_cast<int>(*n);
  if (auto n = reader.int_field(object, at, "retries", 0, 10, Need::Optional, what))
    crawl.retries = static_cast<int>(*n);
  if (auto n = reader.int_field(object, at, "commit_group", 1, 1024, Need::Optional, what))
    crawl.commit_group = static_cast<int>(*n);
  if (auto n = reader.int_field(object, at, "commit_window_ms", 0, 60000, Need::Optional, what))
    crawl.commit_window_ms = static_cast<int>(*n);
  if (auto n =
          reader.int_field(object, at, "search_index_delay_ms", 0, 60000, Need::Optional, what))
    crawl.search_index_delay_ms = static_cast<int>(*n);
}

}  // namespace headlined::config
