#pragma once
// Which failures are worth another try, and how long to wait before it. Private to fetch.

#include <curl/curl.h>

#include <chrono>
#include <ctime>
#include <optional>
#include <string_view>

namespace headlined::fetch::detail {

// 429 and 5xx: the server is overloaded or failing now, not refusing the URL.
bool is_transient_status(long status);
// Timeouts and broken or refused connections.
bool is_transient_failure(CURLcode code);

// retry_base * 2^attempt, with "equal jitter" (half fixed, half random) so that many
// clients failing together do not come back together.
std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds retry_base);

// Retry-After as delta seconds ("120") or an HTTP date; nothing when unreadable.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::time_t now);

}  // namespace headlined::fetch::detail
