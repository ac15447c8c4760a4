#pragma once
// Finding one query term or phrase in normalised text. A term's Latin edges must fall on word
// boundaries ("art" is not found in "article"); CJK edges need none, as Chinese has no spaces
// ("招商引资" is found inside "高质量招商引资"). A phrase's words may be separated by any run
// of white space or punctuation.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace headlined::match {

struct Pattern {
  std::vector<std::string> words;  // normalised; one for a term, one or more for a phrase
  // A prefix wildcard ("econom*", stored as "econom"): one Latin word whose end needs no
  // word boundary.
  bool prefix = false;
};

struct Span {
  std::size_t begin = 0;  // byte offsets into the searched text
  std::size_t end = 0;
};

// Letters and digits of the scripts that separate words with spaces (Latin, Greek, Cyrillic).
bool is_word_char(char32_t cp);
// White space and punctuation: what may stand between the words of a phrase.
bool is_separator(char32_t cp);

// Where neither of the two holds for any code point: Hiragana, Katakana, the CJK ideographs,
// Hangul (pattern.cpp checks this against both range lists when it compiles). The scan's
// classification settles most of a Chinese text's characters with this one comparison.
inline constexpr char32_t kNeitherWordNorSeparatorBegin = 0x3040;
inline constexpr char32_t kNeitherWordNorSeparatorEnd = 0xFE30;

enum class CharClass : unsigned char { Word, Separator, Other };

inline CharClass char_class(char32_t cp) {
  if (cp < 0x80) {
    const bool word =
        (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z');
    return word ? CharClass::Word : CharClass::Separator;
  }
  if (cp >= kNeitherWordNorSeparatorBegin && cp < kNeitherWordNorSeparatorEnd)
    return CharClass::Other;
  if (is_word_char(cp)) return CharClass::Word;
  return is_separator(cp) ? CharClass::Separator : CharClass::Other;
}

// A term matches as written (already normalised).
Pattern term_pattern(std::string normalized);
// Words starting with `normalized` (all word characters).
Pattern prefix_pattern(std::string normalized);
// A phrase is split into words at separators; no words if it holds nothing but separators.
Pattern phrase_pattern(std::string_view normalized);

// The first occurrence at or after byte `from`.
std::optional<Span> find_pattern(std::string_view text, const Pattern& pattern,
                                 std::size_t from = 0);

}  // namespace headlined::match
