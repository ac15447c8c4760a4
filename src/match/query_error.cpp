#include <algorithm>
#include <string>

#include "headlined/core/characters.hpp"
#include "headlined/match/query.hpp"

namespace headlined::match {

namespace {

// At most this many characters before the error are quoted: enough to find the place in a
// long query, short enough for one log line.
constexpr std::size_t kContextCharacters = 24;

}  // namespace

std::string describe_error_place(std::string_view query, const QueryError& error) {
  const std::size_t offset = std::min(error.offset, query.size());
  const std::string column = "column " + std::to_string(character_column(query, offset));
  if (offset == 0) return column + ", at the start";
  // Back up whole characters (a continuation byte never starts the quote).
  std::size_t begin = offset;
  for (std::size_t seen = 0; begin > 0 && seen < kContextCharacters;) {
    --begin;
    if ((static_cast<unsigned char>(query[begin]) & 0xC0) != 0x80) ++seen;
  }
  return column + ", after \"" + (begin > 0 ? "…" : "") +
         std::string(query.substr(begin, offset - begin)) + "\"";
}

}  // namespace headlined::match
