#pragma once
// A guard for the JSON the parse module reads from pages and feeds.

#include <string_view>

namespace headlined::parse::detail {

// Feeds and JSON-LD are shallow documents; refusing deep nesting up front keeps a hostile
// one from costing deep recursion when the parsed value is later copied or destroyed.
constexpr int kMaxJsonDepth = 32;

// Whether no object or array in `json` nests deeper than `max_depth` (strings respected).
bool json_nesting_within(std::string_view json, int max_depth);

}  // namespace headlined::parse::detail
