#include "headlined/core/time.hpp"

#include <chrono>
#include <ctime>

namespace headlined {

UnixTime now_unix() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::int64_t now_unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {
std::string format_tm(const std::tm& tm, const char* pattern) {
  char buffer[64];
  std::size_t n = std::strftime(buffer, sizeof buffer, pattern, &tm);
  return std::string(buffer, n);
}
}  // namespace

std::string format_local_time(UnixTime t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  return format_tm(tm, "%Y-%m-%d %H:%M:%S");
}

std::string format_utc_iso(UnixTime t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return format_tm(tm, "%Y-%m-%dT%H:%M:%SZ");
}

}  // namespace headlined
