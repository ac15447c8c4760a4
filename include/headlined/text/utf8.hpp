#pragma once

#include <string>
#include <string_view>

namespace headlined::text {

bool is_valid_utf8(std::string_view s);

// Every invalid byte sequence becomes U+FFFD; valid input comes back unchanged.
std::string sanitize_utf8(std::string_view s);

// The multi-byte (and end-of-input) case of next_code_point.
char32_t next_code_point_decoded(std::string_view s, std::size_t& pos);

// Decodes the next code point at s[pos], advancing pos; invalid bytes yield U+FFFD (one per
// maximal ill-formed subpart). At or past the end returns 0 and leaves pos alone. Inline with
// an ASCII fast path: the extractor calls it for every character it counts or classifies.
inline char32_t next_code_point(std::string_view s, std::size_t& pos) {
  if (pos < s.size() && static_cast<unsigned char>(s[pos]) < 0x80)
    return static_cast<char32_t>(s[pos++]);
  return next_code_point_decoded(s, pos);
}

void append_utf8(std::string& out, char32_t cp);

// Han, Hiragana, Katakana, Hangul, and CJK punctuation: scripts written without spaces.
bool is_cjk(char32_t cp);

// Trims ASCII white space, U+3000, NBSP and the other Unicode space separators at both ends.
std::string trim(std::string_view s);

// Collapses runs of white space (incl. U+3000, NBSP) to one ASCII space and trims. Invalid
// bytes come out as U+FFFD.
std::string collapse_whitespace(std::string_view s);

}  // namespace headlined::text
