#include "headlined/parse/url_filter.hpp"

namespace headlined::parse {

bool url_matches(std::string_view url, std::string_view pattern) {
  // Each '*'-separated piece must occur, in order; a greedy left-most search is exact for
  // unanchored patterns like these, and linear per piece.
  std::size_t from = 0;
  while (!pattern.empty()) {
    std::size_t star = pattern.find('*');
    std::string_view piece = pattern.substr(0, star);
    if (!piece.empty()) {
      std::size_t at = url.find(piece, from);
      if (at == std::string_view::npos) return false;
      from = at + piece.size();
    }
    if (star == std::string_view::npos) break;
    pattern.remove_prefix(star + 1);
  }
  return true;
}

bool url_selected(std::string_view url, const std::vector<std::string>& include,
                  const std::vector<std::string>& exclude) {
  for (const std::string& pattern : exclude)
    if (url_matches(url, pattern)) return false;
  if (include.empty()) return true;
  for (const std::string& pattern : include)
    if (url_matches(url, pattern)) return true;
  return false;
}

}  // namespace headlined::parse
