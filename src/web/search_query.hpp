#pragma once
// What /search makes of its q parameter: the subscription query language (docs/query-
// language.md) where a search can honour it. The store's full-text index finds candidates
// by the query's positive words (all must occur); when the query uses more than plain words
// (-exclusions, "phrases", title:/body:/source:/author: scopes, prefix* wildcards), each
// candidate is then checked against the parsed query exactly as a subscription would be.
// OR is refused: candidates are found by AND.

#include <optional>
#include <string>
#include <vector>

#include "headlined/match/query.hpp"

namespace headlined::web {

struct SearchQuery {
  std::string text;                   // as typed
  std::vector<std::string> words;     // positive words for the index, at most kMaxWords
  std::optional<match::Query> query;  // set when candidates must be checked against it
};

inline constexpr std::size_t kMaxQueryBytes = 200;
inline constexpr std::size_t kMaxWords = 8;

// The query, or why it cannot be searched (a message for a 400 page naming the place).
std::expected<SearchQuery, std::string> parse_search_query(const std::string& text);

}  // namespace headlined::web
