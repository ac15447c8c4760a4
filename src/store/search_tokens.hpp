#pragma once
// The tokens of the full-text index (the `headlined` FTS5 tokenizer, search_tokenizer.cpp) and
// of search queries: both sides cut text the same way, here.
//
// Text is first normalised as subscriptions are matched (match::normalize: NFKC, case folding,
// Traditional -> Simplified), so 國 finds 国 and "Apple" finds "APPLE". Then:
// - a run of CJK characters (Han, kana, hangul, bopomofo) gives every character and every
//   overlapping pair of characters (bigram): a one-character word is found by its character,
//   a longer one by its bigrams, whatever the (absent) word boundaries;
// - other text gives words: runs of letters, digits and marks, anything else separates them.
// Each token is given once: the index keeps no positions (detail=none), so a repeat adds
// nothing but work.

#include <string_view>
#include <vector>

namespace headlined::store {

// The distinct index tokens of `normalized` (already through match::normalize), in the order
// they first occur; views into `normalized`.
std::vector<std::string_view> distinct_index_tokens(std::string_view normalized);

// The tokens one search word must all have in the index: its bigrams for a CJK run of two or
// more characters (they imply the characters), the character for a run of one, each Latin
// word. Distinct, views into `normalized_word`.
std::vector<std::string_view> query_tokens(std::string_view normalized_word);

// True for a token of a CJK run (a character or a bigram), false for a word.
bool is_cjk_token(std::string_view token);

}  // namespace headlined::store
