#include "search_query.hpp"

#include <string_view>

#include "headlined/match/normalize.hpp"
#include "search_tokens.hpp"

namespace headlined::store {

namespace {

// Splits on ASCII white space and U+3000 (the ideographic space of Chinese input methods).
std::vector<std::string> split_words(std::string_view query) {
  static constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  std::vector<std::string> words;
  std::string current;
  for (std::size_t i = 0; i < query.size();) {
    const bool ascii_space = query[i] == ' ' || query[i] == '\t' || query[i] == '\n' ||
                             query[i] == '\r' || query[i] == '\f' || query[i] == '\v';
    const bool wide_space = query.substr(i, kIdeographicSpace.size()) == kIdeographicSpace;
    if (ascii_space || wide_space) {
      if (!current.empty()) words.push_back(std::move(current));
      current.clear();
      i += wide_space ? kIdeographicSpace.size() : 1;
      continue;
    }
    current += query[i++];
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

}  // namespace

SearchQuery parse_search_query(const std::string& query, std::size_t* raw_word_count) {
  const std::vector<std::string> raw_words = split_words(query);
  *raw_word_count = raw_words.size();
  SearchQuery out;
  for (std::string raw : raw_words) {
    // `word*`: words starting with it (the query language's prefix, which the web front's
    // search passes on). A lone "*" stays a plain character.
    const bool prefix = raw.size() > 1 && raw.back() == '*';
    while (prefix && raw.size() > 1 && raw.back() == '*') raw.pop_back();
    std::string word = match::normalize(raw);
    if (word.empty()) continue;  // e.g. only default-ignorable characters
    for (std::string_view token : query_tokens(word)) {
      // Only a Latin word at the end of the query word can go on (a CJK run's bigrams
      // already match whatever follows them).
      const bool last = token.data() + token.size() == word.data() + word.size();
      out.tokens.push_back(QueryToken{std::string(token), prefix && last && !is_cjk_token(token)});
    }
    out.words.push_back(std::move(word));
  }
  return out;
}

}  // namespace headlined::store
