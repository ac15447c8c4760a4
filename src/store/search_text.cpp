#include "search_text.hpp"

#include <algorithm>
#include <array>

#include "headlined/match/normalize.hpp"
#include "search_tokens.hpp"

namespace headlined::store {

namespace {

constexpr std::size_t kContextBytes = 60;  // either side of a hit: ~20 CJK characters

bool is_continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

// `text` with [at, at + size) between `open` and `close` and ~kContextBytes either side, cut
// at character boundaries, "…" where it was cut.
std::string snippet_around(const std::string& text, std::size_t at, std::size_t size,
                           std::string_view open, std::string_view close) {
  std::size_t begin = at > kContextBytes ? at - kContextBytes : 0;
  while (begin > 0 && is_continuation(static_cast<unsigned char>(text[begin]))) --begin;
  std::size_t end = std::min(text.size(), at + size + kContextBytes);
  while (end < text.size() && is_continuation(static_cast<unsigned char>(text[end]))) ++end;
  std::string out = begin > 0 ? "…" : "";
  out += text.substr(begin, at - begin);
  out += open;
  out += text.substr(at, size);
  out += close;
  out += text.substr(at + size, end - at - size);
  if (end < text.size()) out += "…";
  return out;
}

}  // namespace

bool contains_every_word(const std::vector<std::string>& words, const SearchableText& text,
                         const std::vector<QueryToken>* tokens) {
  // One normalisation for all fields; a word never holds a line break (the query is split on
  // white space), so no hit spans two fields.
  std::string all = text.title;
  for (const std::string* field : {&text.subtitle, &text.byline, &text.attribution, &text.body}) {
    all += '\n';
    all += *field;
  }
  const std::string normalized = match::normalize(all);
  if (!std::ranges::all_of(
          words, [&](const std::string& w) { return normalized.find(w) != std::string::npos; }))
    return false;
  if (!tokens) return true;
  // Line breaks separate tokens, so the joined fields give the tokens the index has.
  const std::vector<std::string_view> have = distinct_index_tokens(normalized);
  return std::ranges::all_of(*tokens, [&](const QueryToken& t) {
    return std::ranges::any_of(
        have, [&](std::string_view h) { return t.prefix ? h.starts_with(t.text) : h == t.text; });
  });
}

std::string hit_snippet(const std::string& word, const SearchableText& text, std::string_view open,
                        std::string_view close) {
  const std::array<const std::string*, 5> order = {&text.body, &text.title, &text.subtitle,
                                                   &text.byline, &text.attribution};
  std::vector<std::size_t> origin;
  for (const std::string* field : order) {
    const std::string normalized = match::normalize(*field, origin);
    const std::size_t at = normalized.find(word);
    if (at == std::string::npos) continue;
    // Back to the original text: normalisation changes lengths (full-width letters, case
    // folds that grow, Traditional characters), and the snippet shows what was stored.
    const std::size_t begin = origin[at];
    std::size_t end = origin[at + word.size()];
    if (end <= begin) {  // the hit ends inside a run folded as one: take its first character
      end = begin + 1;
      while (end < field->size() && is_continuation(static_cast<unsigned char>((*field)[end])))
        ++end;
    }
    return snippet_around(*field, begin, end - begin, open, close);
  }
  return "";
}

}  // namespace headlined::store
