#pragma once
// The one normalisation that queries and article text both go through before matching:
// NFKC (full-width forms become half-width, "ＡＩ" -> "AI", "，" -> ","), then case folding.

#include <string>
#include <string_view>

namespace headlined::text {

std::string normalize_for_match(std::string_view utf8);

}  // namespace headlined::text
