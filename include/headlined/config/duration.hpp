#pragma once
// Durations as users write them in the config: "90s", "5m", "2h", "1d", or combined "1h30m".

#include <chrono>
#include <expected>
#include <string>
#include <string_view>

namespace headlined::config {

// Whole seconds, more than zero and at most 365 days. The error says what is wrong.
std::expected<std::chrono::seconds, std::string> parse_duration(std::string_view text);

}  // namespace headlined::config
