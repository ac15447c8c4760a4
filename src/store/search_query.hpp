#pragma once
// A search query as both stores read it: its words, each normalised as the index's text was
// (match::normalize), and the tokens the index must hold for them (search_tokens.hpp).
// SqliteStore turns the tokens into an FTS5 query, PgStore into a text[] for `@>`; both then
// check every candidate's text with search_text.hpp.

#include <string>
#include <vector>

#include "search_text.hpp"

namespace headlined::store {

struct SearchQuery {
  std::vector<std::string> words;  // normalised, each non-empty
  std::vector<QueryToken> tokens;  // the AND of every word's tokens
};

// Words are split on ASCII white space and U+3000; `word*` asks for words starting with it
// (the last Latin token of the word becomes a prefix). `raw_word_count` receives the number
// of words before normalisation (0: the query has no words at all).
SearchQuery parse_search_query(const std::string& query, std::size_t* raw_word_count);

}  // namespace headlined::store
