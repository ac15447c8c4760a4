#pragma once
// Character-class helpers the parse module needs beyond the text module's UTF-8 functions
// (which it re-exports here so the parse files name one namespace).

#include <cstddef>
#include <string>
#include <string_view>

#include "headlined/text/utf8.hpp"

namespace headlined::parse::detail {

using text::append_utf8;
using text::collapse_whitespace;
using text::is_cjk;
using text::next_code_point;
using text::trim;

// ASCII white space, NBSP, U+3000 and the other Unicode spaces.
bool is_space(char32_t cp);
// ASCII and CJK / full-width punctuation.
bool is_punctuation(char32_t cp);

// Code points that are not white space.
std::size_t visible_length(std::string_view s);
// visible_length(s) > limit, counting only as far as needed: the line classifiers ask it of
// every line, and a paragraph is far past their limits after its first words.
bool visible_length_exceeds(std::string_view s, std::size_t limit);
std::string to_lower_ascii(std::string_view s);

inline bool is_ascii_digit(char c) {
  return c >= '0' && c <= '9';
}
inline bool is_ascii_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool starts_with(std::string_view s, std::string_view prefix);

}  // namespace headlined::parse::detail
