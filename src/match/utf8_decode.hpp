#pragma once
// Decoding on the matcher's hot paths: valid sequences inline, anything else through
// text::next_code_point (which yields U+FFFD for bad bytes, as normalisation does).

#include <cstddef>
#include <string_view>

#include "headlined/text/utf8.hpp"

namespace headlined::match {

inline char32_t decode_utf8(std::string_view s, std::size_t& pos) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char b0 = byte(pos);
  if (b0 < 0x80) {
    ++pos;
    return b0;
  }
  const std::size_t left = s.size() - pos;
  if (b0 >= 0xE0 && b0 < 0xF0 && left >= 3 && (byte(pos + 1) & 0xC0) == 0x80 &&
      (byte(pos + 2) & 0xC0) == 0x80) {
    const char32_t cp = (char32_t{b0} & 0x0F) << 12 | (char32_t{byte(pos + 1)} & 0x3F) << 6 |
                        (char32_t{byte(pos + 2)} & 0x3F);
    if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
      pos += 3;
      return cp;
    }
  } else if (b0 >= 0xC2 && b0 < 0xE0 && left >= 2 && (byte(pos + 1) & 0xC0) == 0x80) {
    pos += 2;
    return (char32_t{b0} & 0x1F) << 6 | (char32_t{byte(pos - 1)} & 0x3F);
  }
  return text::next_code_point(s, pos);
}

}  // namespace headlined::match
