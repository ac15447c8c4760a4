#include "text_util.hpp"

namespace headlined::parse::detail {

char32_t next_code_point(std::string_view s, std::size_t& pos) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  unsigned char b0 = byte(pos);
  std::size_t len = b0 < 0x80           ? 1
                    : (b0 >> 5) == 0x6  ? 2
                    : (b0 >> 4) == 0xE  ? 3
                    : (b0 >> 3) == 0x1E ? 4
                                        : 0;
  if (len == 0 || pos + len > s.size()) {
    ++pos;
    return 0xFFFD;
  }
  char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (std::size_t i = 1; i < len; ++i) {
    unsigned char b = byte(pos + i);
    if ((b & 0xC0) != 0x80) {
      ++pos;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms and surrogates are invalid, as is anything past U+10FFFF.
  static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    ++pos;
    return 0xFFFD;
  }
  pos += len;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool is_cjk(char32_t cp) {
  return (cp >= 0x2E80 && cp <= 0x2FDF) ||  // radicals
         (cp >= 0x3001 && cp <= 0x303F) ||  // CJK punctuation (U+3000 is a space)
         (cp >= 0x3040 && cp <= 0x30FF) ||  // kana
         (cp >= 0x3100 && cp <= 0x31FF) ||  // bopomofo, kana extensions
         (cp >= 0x3400 && cp <= 0x4DBF) ||  // extension A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||  // unified ideographs
         (cp >= 0xAC00 && cp <= 0xD7AF) ||  // Hangul syllables
         (cp >= 0xF900 && cp <= 0xFAFF) ||  // compatibility ideographs
         (cp >= 0xFF01 && cp <= 0xFF60) ||  // full-width forms
         (cp >= 0x20000 && cp <= 0x3FFFF);  // supplementary ideographs
}

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

std::string collapse_whitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::size_t start = pos;
    char32_t cp = next_code_point(s, pos);
    if (is_space(cp)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    if (cp == 0xFFFD && pos - start == 1)
      append_utf8(out, cp);
    else
      out.append(s.substr(start, pos - start));
  }
  return out;
}

std::string trim(std::string_view s) {
  std::size_t pos = 0;
  std::size_t begin = s.size();
  std::size_t end = 0;
  while (pos < s.size()) {
    std::size_t start = pos;
    if (!is_space(next_code_point(s, pos))) {
      if (begin == s.size()) begin = start;
      end = pos;
    }
  }
  return begin < end ? std::string(s.substr(begin, end - begin)) : std::string();
}

std::size_t visible_length(std::string_view s) {
  std::size_t n = 0;
  std::size_t pos = 0;
  while (pos < s.size())
    if (!is_space(next_code_point(s, pos))) ++n;
  return n;
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
