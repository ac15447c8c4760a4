#include "search_query.hpp"

#include <algorithm>

namespace headlined::web {

namespace {

// Splits on ASCII white space and U+3000, keeping a quoted phrase's words apart too (the
// index needs each word; the parsed query checks the phrase).
std::vector<std::string> split_tokens(const std::string& text) {
  static constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  std::vector<std::string> tokens;
  std::string current;
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    const bool wide = std::string_view(text).substr(i, 3) == kIdeographicSpace;
    if (space || wide) {
      if (!current.empty()) tokens.push_back(std::move(current));
      current.clear();
      i += wide ? 3 : 1;
      continue;
    }
    current += c;
    ++i;
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

bool is_plain_word(const std::string& token) {
  return token.find_first_of("\"-:*()|") == std::string::npos && token != "AND" && token != "NOT" &&
         token != "OR" && !token.starts_with("\xE2\x80\x9C");
}

// The index word inside a token: scope, quotes and parentheses removed. A trailing * stays:
// the store reads `word*` as words starting with it, as the query language does (the index
// holds whole Latin words, so `econom` alone would find no candidate for `econom*`).
std::string index_word(std::string token) {
  if (const std::size_t colon = token.find(':'); colon != std::string::npos)
    token = token.substr(colon + 1);
  std::string out;
  for (char c : token)
    if (c != '"' && c != '(' && c != ')') out += c;
  // Curly quotes “ ” (U+201C, U+201D) work like straight ones in the query language.
  for (std::string_view curly : {"\xE2\x80\x9C", "\xE2\x80\x9D"}) {
    for (std::size_t at; (at = out.find(curly)) != std::string::npos;) out.erase(at, 3);
  }
  if (out.find_first_not_of('*') == std::string::npos) out.clear();
  return out;
}

}  // namespace

std::expected<SearchQuery, std::string> parse_search_query(const std::string& text) {
  if (text.size() > kMaxQueryBytes)
    return std::unexpected("the query is longer than " + std::to_string(kMaxQueryBytes) + " bytes");
  auto parsed = match::Query::parse(text);
  if (!parsed) {
    return std::unexpected(parsed.error().reason + " (at byte " +
                           std::to_string(parsed.error().offset) + ")");
  }
  SearchQuery out;
  out.text = text;
  bool plain = true;
  bool negated = false;  // the previous token was NOT
  int depth = 0;         // inside -( … ): every word there is excluded
  for (const std::string& token : split_tokens(text)) {
    if (token == "OR" || token.find('|') != std::string::npos)
      return std::unexpected("OR is not supported in search (it is in subscriptions)");
    plain = plain && is_plain_word(token);
    if (token == "NOT") {
      negated = true;
      continue;
    }
    if (token == "AND") continue;
    const bool excluded = negated || depth > 0 || token.starts_with('-');
    if (token.starts_with("-(") || (negated && token.starts_with('('))) ++depth;
    if (depth > 0) {
      for (char c : token) depth -= c == ')' ? 1 : 0;
      depth = std::max(depth, 0);
    }
    negated = false;
    if (excluded) continue;
    std::string word = index_word(token);
    if (!word.empty()) out.words.push_back(std::move(word));
  }
  if (out.words.empty()) return std::unexpected("the query has no word to look for");
  if (out.words.size() > kMaxWords)
    return std::unexpected("the query has more than " + std::to_string(kMaxWords) + " words");
  if (!plain) out.query = std::move(*parsed);
  return out;
}

}  // namespace headlined::web
