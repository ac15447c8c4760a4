#pragma once
// A source's include / exclude URL patterns: which candidate article URLs it wants.

#include <string>
#include <string_view>
#include <vector>

namespace headlined::parse {

// True when `pattern` occurs in `url`, '*' in the pattern matching any run of characters
// ("/2024/*/news/" matches "https://x.cn/2024/0414/news/1.html"). Case-sensitive, as URL
// paths are.
bool url_matches(std::string_view url, std::string_view pattern);

// Wanted: no include patterns or one of them matches, and no exclude pattern matches.
bool url_selected(std::string_view url, const std::vector<std::string>& include,
                  const std::vector<std::string>& exclude);

}  // namespace headlined::parse
