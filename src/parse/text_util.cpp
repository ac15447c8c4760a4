#include "text_util.hpp"

#include <limits>

namespace headlined::parse::detail {

bool is_space(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
         cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F ||
         cp == 0x205F || cp == 0xFEFF;
}

bool is_punctuation(char32_t cp) {
  if (cp < 0x80)
    return (cp >= 0x21 && cp <= 0x2F) || (cp >= 0x3A && cp <= 0x40) || (cp >= 0x5B && cp <= 0x60) ||
           (cp >= 0x7B && cp <= 0x7E);
  return (cp >= 0x2010 && cp <= 0x205E) || (cp >= 0x3001 && cp <= 0x303F) ||
         (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
         (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) || cp == 0xB7;
}

namespace {

// visible_length(s), or a count past `limit` once it gets there.
std::size_t visible_length_upto(std::string_view s, std::size_t limit) {
  std::size_t n = 0;
  std::size_t pos = 0;
  while (pos < s.size() && n <= limit) {
    const auto byte = static_cast<unsigned char>(s[pos]);
    if (byte < 0x80) {  // ASCII: no decoding, and only six of its characters are spaces
      ++pos;
      n += !(byte == ' ' || (byte >= '\t' && byte <= '\r'));
    } else if (byte >= 0xE4 && byte <= 0xEC && pos + 2 < s.size() &&
               (static_cast<unsigned char>(s[pos + 1]) & 0xC0) == 0x80 &&
               (static_cast<unsigned char>(s[pos + 2]) & 0xC0) == 0x80) {
      // A well-formed three-byte letter (all of Han's main block) whose lead byte no space
      // shares: is_space's spaces lead with C2, E2, E3 or EF. No decoding needed.
      pos += 3;
      ++n;
    } else if (!is_space(next_code_point(s, pos))) {
      ++n;
    }
  }
  return n;
}

}  // namespace

std::size_t visible_length(std::string_view s) {
  return visible_length_upto(s, std::numeric_limits<std::size_t>::max());
}

bool visible_length_exceeds(std::string_view s, std::size_t limit) {
  return visible_length_upto(s, limit) > limit;
}

std::string to_lower_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace headlined::parse::detail
