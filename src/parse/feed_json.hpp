#pragma once

#include <string>
#include <string_view>

#include "headlined/core/error.hpp"
#include "headlined/parse/feed.hpp"

namespace headlined::parse::detail {

// JSON Feed 1.0 / 1.1 (https://jsonfeed.org/version/1.1).
Result<Feed> parse_json_feed(std::string_view utf8_json, const std::string& feed_url);

}  // namespace headlined::parse::detail
