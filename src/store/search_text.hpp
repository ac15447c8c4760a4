#pragma once
// What Store::search does with a candidate's text: the check that every query word occurs in
// it (the index only says that every token does), and the snippet around the first hit.

#include <string>
#include <string_view>
#include <vector>

namespace headlined::store {

// The searchable fields of one snapshot, as stored.
struct SearchableText {
  std::string title;
  std::string subtitle;
  std::string byline;
  std::string attribution;
  std::string body;
};

// One token a query asks the index for (search_tokens.hpp); `prefix`: any token starting
// with it (a query word ending in *).
struct QueryToken {
  std::string text;
  bool prefix = false;
};

// True when every word of `words` (each already through match::normalize) is a substring of
// the normalised text of one of the fields. This is what makes a CJK word a contiguous match
// (the index found its bigrams, maybe apart) and keeps Latin words whole (the index found
// them as whole words; a word with punctuation inside, "covid-19", must occur as written).
// With `tokens`, the text must also have each of them as the index would: for a snapshot
// not indexed yet, so it is found exactly when it will be once indexed.
bool contains_every_word(const std::vector<std::string>& words, const SearchableText& text,
                         const std::vector<QueryToken>* tokens = nullptr);

// Text around the first occurrence of the normalised `word` in the body, else the title, else
// the other fields, cut from the original text at character boundaries, with the hit between
// `open` and `close`; "" when no field has it.
std::string hit_snippet(const std::string& word, const SearchableText& text, std::string_view open,
                        std::string_view close);

}  // namespace headlined::store
