#include "retry.hpp"

#include <algorithm>
#include <random>
#include <string>

namespace headlined::fetch::detail {

bool is_transient_status(long status) {
  return status == 429 || (status >= 500 && status <= 599);
}

bool is_transient_failure(CURLcode code) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_COULDNT_CONNECT:
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
      return true;
    default:
      return false;
  }
}

std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds retry_base) {
  thread_local std::minstd_rand random{std::random_device{}()};
  const long long base = std::max<long long>(1, retry_base.count());
  const long long full = base << std::clamp(attempt, 0, 20);
  std::uniform_int_distribution<long long> jitter(0, full / 2);
  return std::chrono::milliseconds(full - full / 2 + jitter(random));
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::time_t now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (value.find_first_not_of("0123456789") == std::string_view::npos) {
    if (value.size() > 9) return std::chrono::seconds(999999999);
    return std::chrono::seconds(std::stoll(std::string(value)));
  }
  const std::time_t when = curl_getdate(std::string(value).c_str(), nullptr);
  if (when < 0) return std::nullopt;
  return std::chrono::seconds(std::max<std::time_t>(0, when - now));
}

}  // namespace headlined::fetch::detail
