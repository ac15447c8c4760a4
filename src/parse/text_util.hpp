#pragma once
// Small UTF-8 helpers private to the parse module. They keep parse buildable on its own
// while the text module is written alongside it.

#include <cstddef>
#include <string>
#include <string_view>

namespace headlined::parse::detail {

// Decodes the code point at s[pos] and advances pos; an invalid byte yields U+FFFD.
char32_t next_code_point(std::string_view s, std::size_t& pos);
void append_utf8(std::string& out, char32_t cp);

// Han, kana, Hangul and CJK punctuation: text written without spaces between words.
bool is_cjk(char32_t cp);
// ASCII white space, NBSP, U+3000 and the other Unicode spaces.
bool is_space(char32_t cp);
// ASCII and CJK / full-width punctuation.
bool is_punctuation(char32_t cp);

// Runs of white space become one ASCII space; both ends trimmed.
std::string collapse_whitespace(std::string_view s);
std::string trim(std::string_view s);

// Code points that are not white space.
std::size_t visible_length(std::string_view s);
std::string to_lower_ascii(std::string_view s);
bool starts_with(std::string_view s, std::string_view prefix);

}  // namespace headlined::parse::detail
