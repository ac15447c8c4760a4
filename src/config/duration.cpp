#include "headlined/config/duration.hpp"

#include <cstdint>

namespace headlined::config {

namespace {

constexpr std::int64_t kMaxSeconds = 365LL * 24 * 3600;

std::int64_t unit_seconds(char unit) {
  switch (unit) {
    case 's':
      return 1;
    case 'm':
      return 60;
    case 'h':
      return 3600;
    case 'd':
      return 86400;
    default:
      return 0;
  }
}

}  // namespace

std::expected<std::chrono::seconds, std::string> parse_duration(std::string_view text) {
  const std::string expected_form = "expected a duration like \"90s\", \"5m\", \"2h\" or \"1d\"";
  if (text.empty()) return std::unexpected(expected_form + ", got an empty string");
  std::int64_t total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::int64_t amount = 0;
    std::size_t digits_begin = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      amount = amount * 10 + (text[i] - '0');
      // Checked per digit so a long run of digits cannot overflow.
      if (amount > kMaxSeconds) return std::unexpected("duration is longer than 365 days");
      ++i;
    }
    if (i == digits_begin) return std::unexpected(expected_form);
    if (i == text.size())
      return std::unexpected(expected_form + ": the unit (s, m, h, d) is missing");
    std::int64_t unit = unit_seconds(text[i]);
    if (unit == 0)
      return std::unexpected("unknown duration unit '" + std::string(1, text[i]) +
                             "': use s, m, h or d");
    ++i;
    total += amount * unit;
    if (total > kMaxSeconds) return std::unexpected("duration is longer than 365 days");
  }
  if (total == 0) return std::unexpected("duration must be longer than zero");
  return std::chrono::seconds(total);
}

}  // namespace headlined::config
