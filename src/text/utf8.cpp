#include "headlined/text/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace headlined::text {

namespace {

constexpr char32_t kReplacementCodePoint = 0xFFFD;

// Decodes one sequence at s[pos] into cp and returns true when it is well formed. On failure
// cp is U+FFFD and len the length of the maximal ill-formed subpart (at least 1), so each bad
// stretch becomes one U+FFFD, as the WHATWG and Unicode recommend.
bool decode_at(std::string_view s, std::size_t pos, char32_t& cp, std::size_t& len) {
  const auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(s[i]); };
  const std::uint8_t b0 = byte(pos);
  len = 1;
  cp = kReplacementCodePoint;
  if (b0 < 0x80) {
    cp = b0;
    return true;
  }

  std::size_t need = 0;
  char32_t value = 0;
  // Bounds for the second byte exclude overlong forms, surrogates and values past U+10FFFF.
  std::uint8_t lo = 0x80;
  std::uint8_t hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
    value = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
    value = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
    value = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return false;
  }

  for (std::size_t i = 1; i <= need; ++i) {
    if (pos + i >= s.size()) return false;
    const std::uint8_t b = byte(pos + i);
    const std::uint8_t min = i == 1 ? lo : 0x80;
    const std::uint8_t max = i == 1 ? hi : 0xBF;
    if (b < min || b > max) return false;
    value = (value << 6) | (b & 0x3F);
    len = i + 1;
  }
  cp = value;
  return true;
}

bool is_space(char32_t cp) {
  switch (cp) {
    case U' ':
    case U'\t':
    case U'\n':
    case U'\r':
    case U'\f':
    case U'\v':
    case 0x00A0:  // no-break space, common as &nbsp; in Chinese layouts
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:  // ideographic (full-width) space
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    // Eight ASCII bytes at a time: a whole page is checked before it is parsed.
    if (std::uint64_t word; pos + 8 <= s.size()) {
      std::memcpy(&word, s.data() + pos, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        pos += 8;
        continue;
      }
    }
    if (static_cast<std::uint8_t>(s[pos]) < 0x80) {
      ++pos;
      continue;
    }
    char32_t cp = 0;
    std::size_t len = 0;
    if (!decode_at(s, pos, cp, len)) return false;
    pos += len;
  }
  return true;
}

std::string sanitize_utf8(std::string_view s) {
  if (is_valid_utf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  std::size_t pos = 0;
  while (pos < s.size()) append_utf8(out, next_code_point(s, pos));
  return out;
}

char32_t next_code_point_decoded(std::string_view s, std::size_t& pos) {
  if (pos >= s.size()) return 0;
  char32_t cp = 0;
  std::size_t len = 0;
  decode_at(s, pos, cp, len);
  pos += len;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  // Surrogates and values past U+10FFFF cannot be encoded; they stand for a decoding error.
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = kReplacementCodePoint;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool is_cjk(char32_t cp) {
  struct Range {
    char32_t first;
    char32_t last;
  };
  // Sorted; scripts and punctuation of text written without spaces between words.
  static constexpr Range kRanges[] = {
      {0x1100, 0x11FF},    // Hangul Jamo
      {0x2E80, 0x2FDF},    // CJK radicals, Kangxi radicals
      {0x2FF0, 0x303F},    // ideographic description, CJK symbols and punctuation
      {0x3040, 0x31FF},    // Hiragana, Katakana, Bopomofo, Hangul compat jamo, strokes
      {0x3200, 0x4DBF},    // enclosed CJK, CJK compatibility, extension A
      {0x4E00, 0x9FFF},    // CJK unified ideographs
      {0xA960, 0xA97F},    // Hangul Jamo extended-A
      {0xAC00, 0xD7FF},    // Hangul syllables, Jamo extended-B
      {0xF900, 0xFAFF},    // CJK compatibility ideographs
      {0xFE30, 0xFE4F},    // CJK compatibility forms
      {0xFF00, 0xFFEF},    // half-width and full-width forms (，。！ etc.)
      {0x20000, 0x323AF},  // extensions B-H and compatibility supplement
  };
  for (const Range& r : kRanges) {
    if (cp < r.first) return false;
    if (cp <= r.last) return true;
  }
  return false;
}

std::string trim(std::string_view s) {
  std::size_t begin = std::string_view::npos;
  std::size_t end = 0;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::size_t start = pos;
    if (!is_space(next_code_point(s, pos))) {
      if (begin == std::string_view::npos) begin = start;
      end = pos;
    }
  }
  if (begin == std::string_view::npos) return {};
  return std::string(s.substr(begin, end - begin));
}

std::string collapse_whitespace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  std::size_t pos = 0;
  while (pos < s.size()) {
    // A stretch of ASCII without white space is copied at once: most text is such stretches.
    std::size_t len = 0;
    while (pos + len < s.size()) {
      const auto byte = static_cast<std::uint8_t>(s[pos + len]);
      if (byte >= 0x80 || byte == ' ' || (byte >= '\t' && byte <= '\r')) break;
      ++len;
    }
    bool well_formed = true;
    if (len == 0) {  // one white space character or one multi-byte sequence
      char32_t cp = 0;
      well_formed = decode_at(s, pos, cp, len);
      if (is_space(cp)) {
        pending_space = !out.empty();
        pos += len;
        continue;
      }
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    // A well-formed sequence is its own UTF-8; an ill-formed one becomes U+FFFD.
    if (well_formed)
      out.append(s.substr(pos, len));
    else
      append_utf8(out, kReplacementCodePoint);
    pos += len;
  }
  return out;
}

}  // namespace headlined::text
