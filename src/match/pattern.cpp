#include "pattern.hpp"

#include "headlined/text/utf8.hpp"

namespace headlined::match {

namespace {

struct Range {
  char32_t first;
  char32_t last;
};

template <std::size_t N>
bool in_ranges(char32_t cp, const Range (&ranges)[N]) {
  for (const Range& r : ranges)
    if (cp >= r.first && cp <= r.last) return true;
  return false;
}

constexpr Range kWordRanges[] = {
    {0x00C0, 0x024F},  // Latin-1 letters, Latin Extended-A and -B
    {0x0250, 0x02AF},  // IPA extensions
    {0x0300, 0x036F},  // combining diacritical marks
    {0x0370, 0x03FF},  // Greek
    {0x0400, 0x052F},  // Cyrillic and its supplement
    {0x1E00, 0x1EFF},  // Latin Extended Additional (Vietnamese)
};

constexpr Range kSeparatorRanges[] = {
    {0x00A0, 0x00BF},  // NBSP, « », ·, ¿ and other Latin-1 punctuation
    {0x2000, 0x206F},  // general punctuation: dashes, quotes, …
    {0x3000, 0x303F},  // CJK symbols and punctuation: 、。「」《》
    {0xFE30, 0xFE4F},  // CJK compatibility forms
    {0xFF01, 0xFF0F},  // full-width punctuation NFKC leaves behind
    {0xFF1A, 0xFF20}, {0xFF3B, 0xFF40}, {0xFF5B, 0xFF65},
};

template <std::size_t N>
constexpr bool outside_neither_span(const Range (&ranges)[N]) {
  for (const Range& r : ranges)
    if (r.last >= kNeitherWordNorSeparatorBegin && r.first < kNeitherWordNorSeparatorEnd)
      return false;
  return true;
}
static_assert(outside_neither_span(kWordRanges) && outside_neither_span(kSeparatorRanges),
              "char_class's shortcut span must hold neither word characters nor separators");

char32_t first_code_point(std::string_view s) {
  std::size_t pos = 0;
  return text::next_code_point(s, pos);
}

char32_t last_code_point(std::string_view s) {
  std::size_t begin = s.size();
  // Step back over at most three continuation bytes to the sequence's lead byte.
  while (begin > 0 && s.size() - begin < 4) {
    --begin;
    if ((static_cast<unsigned char>(s[begin]) & 0xC0) != 0x80) break;
  }
  return text::next_code_point(s, begin);
}

// True when the word found at text[begin, end) is not part of a longer word on either side.
bool on_word_boundaries(std::string_view text, std::size_t begin, std::size_t end,
                        std::string_view word, bool check_end = true) {
  if (begin > 0 && is_word_char(first_code_point(word)) &&
      is_word_char(last_code_point(text.substr(0, begin))))
    return false;
  if (check_end && end < text.size() && is_word_char(last_code_point(word)) &&
      is_word_char(first_code_point(text.substr(end))))
    return false;
  return true;
}

std::size_t skip_separators(std::string_view text, std::size_t pos) {
  while (pos < text.size()) {
    std::size_t next = pos;
    if (!is_separator(text::next_code_point(text, next))) break;
    pos = next;
  }
  return pos;
}

// Matches the words after the first one, starting right after it; returns the end or npos.
std::size_t match_rest(std::string_view text, std::size_t end, const Pattern& pattern) {
  for (std::size_t i = 1; i < pattern.words.size(); ++i) {
    const std::string& word = pattern.words[i];
    std::size_t begin = skip_separators(text, end);
    if (text.substr(begin, word.size()) != word) return std::string_view::npos;
    end = begin + word.size();
    if (!on_word_boundaries(text, begin, end, word)) return std::string_view::npos;
  }
  return end;
}

}  // namespace

bool is_word_char(char32_t cp) {
  if (cp < 0x80)
    return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
  if (cp == 0xD7 || cp == 0xF7) return false;  // × and ÷ sit among the Latin-1 letters
  return in_ranges(cp, kWordRanges);
}

bool is_separator(char32_t cp) {
  if (cp < 0x80) return !is_word_char(cp);
  return in_ranges(cp, kSeparatorRanges);
}

Pattern term_pattern(std::string normalized) {
  return Pattern{{std::move(normalized)}};
}

Pattern prefix_pattern(std::string normalized) {
  return Pattern{{std::move(normalized)}, true};
}

Pattern phrase_pattern(std::string_view normalized) {
  Pattern pattern;
  std::string word;
  std::size_t pos = 0;
  while (pos < normalized.size()) {
    std::size_t begin = pos;
    char32_t cp = text::next_code_point(normalized, pos);
    if (is_separator(cp)) {
      if (!word.empty()) pattern.words.push_back(std::move(word));
      word.clear();
    } else {
      word.append(normalized.substr(begin, pos - begin));
    }
  }
  if (!word.empty()) pattern.words.push_back(std::move(word));
  return pattern;
}

std::optional<Span> find_pattern(std::string_view text, const Pattern& pattern, std::size_t from) {
  if (pattern.words.empty() || pattern.words[0].empty()) return std::nullopt;
  const std::string& first = pattern.words[0];
  // UTF-8 is self-synchronising, so a byte-wise find of a whole sequence never lands inside
  // another character.
  for (std::size_t begin = text.find(first, from); begin != std::string_view::npos;
       begin = text.find(first, begin + 1)) {
    std::size_t end = begin + first.size();
    if (!on_word_boundaries(text, begin, end, first, !pattern.prefix)) continue;
    std::size_t rest_end = match_rest(text, end, pattern);
    if (rest_end != std::string_view::npos) return Span{begin, rest_end};
  }
  return std::nullopt;
}

}  // namespace headlined::match
