#include "search_tokens.hpp"

#include <utf8proc.h>

#include <bit>
#include <cstdint>

#include "headlined/text/utf8.hpp"

namespace headlined::store {

namespace {

enum class Kind { Separator, Cjk, Word };

// Scripts written without spaces between words. Letters only: CJK punctuation (、。「」) and
// the katakana middle dot separate like any punctuation.
bool is_cjk_letter(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) ||                  // CJK Unified Ideographs
         (cp >= 0x3400 && cp <= 0x4DBF) ||                  // Extension A
         (cp >= 0x20000 && cp <= 0x3FFFF) ||                // Extensions B and later
         (cp >= 0xF900 && cp <= 0xFAFF) ||                  // Compatibility Ideographs
         (cp >= 0x3005 && cp <= 0x3007) ||                  // 々 〆 〇
         (cp >= 0x3021 && cp <= 0x3029) ||                  // Hangzhou numerals
         (cp >= 0x3040 && cp <= 0x309F) ||                  // Hiragana
         (cp >= 0x30A0 && cp <= 0x30FF && cp != 0x30FB) ||  // Katakana but ・
         (cp >= 0x31F0 && cp <= 0x31FF) ||                  // Katakana extensions
         (cp >= 0x3100 && cp <= 0x312F) || (cp >= 0x31A0 && cp <= 0x31BF) ||  // Bopomofo
         (cp >= 0xAC00 && cp <= 0xD7AF) ||                                    // Hangul syllables
         (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3130 && cp <= 0x318F) ||  // Hangul jamo
         (cp >= 0xA960 && cp <= 0xA97F) || (cp >= 0xD7B0 && cp <= 0xD7FF);
}

Kind kind_of(char32_t cp) {
  if (cp < 0x80) {
    const bool alnum = (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') ||
                       (cp >= 'A' && cp <= 'Z');  // upper case only in unnormalised input
    return alnum ? Kind::Word : Kind::Separator;
  }
  if (is_cjk_letter(cp)) return Kind::Cjk;
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:  // marks belong to the letter they sit on (Devanagari, Thai)
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return Kind::Word;
    default:
      return Kind::Separator;
  }
}

// A set of token texts (open addressing; no token is ever lost to a hash collision, the texts
// are compared). A body has a few thousand tokens, so std::unordered_set's node per token
// was most of the tokenizer's own time.
class TokenSet {
 public:
  explicit TokenSet(std::size_t expected)
      : slots_(std::bit_ceil(std::max<std::size_t>(16, expected * 2))) {}

  // True when `token` was not in the set yet (it is now).
  bool insert(std::string_view token) {
    if (2 * (size_ + 1) > slots_.size()) grow();
    return place(token);
  }

 private:
  static std::uint64_t hash(std::string_view s) {
    std::uint64_t h = 1469598103934665603ull;  // FNV-1a
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h ^ (h >> 29);
  }

  bool place(std::string_view token) {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash(token) & mask;; i = (i + 1) & mask) {
      if (slots_[i].data() == nullptr) {
        slots_[i] = token;
        ++size_;
        return true;
      }
      if (slots_[i] == token) return false;
    }
  }

  void grow() {
    std::vector<std::string_view> old(slots_.size() * 2);
    old.swap(slots_);
    size_ = 0;
    for (std::string_view t : old)
      if (t.data() != nullptr) place(t);
  }

  std::vector<std::string_view> slots_;  // data() == nullptr: empty (a token is never empty)
  std::size_t size_ = 0;
};

// Calls on_cjk(char_begin, char_end, previous_cjk_begin or npos) for each CJK character and
// on_word(begin, end) for each word of `text`.
template <class OnCjk, class OnWord>
void scan(std::string_view text, OnCjk&& on_cjk, OnWord&& on_word) {
  constexpr std::size_t kNone = std::string_view::npos;
  std::size_t word_begin = kNone;
  std::size_t previous_cjk = kNone;  // where the CJK character just before began
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t begin = pos;
    const Kind kind = kind_of(text::next_code_point(text, pos));
    if (kind != Kind::Word && word_begin != kNone) {
      on_word(word_begin, begin);
      word_begin = kNone;
    }
    if (kind == Kind::Cjk) {
      on_cjk(begin, pos, previous_cjk);
      previous_cjk = begin;
      continue;
    }
    previous_cjk = kNone;
    if (kind == Kind::Word && word_begin == kNone) word_begin = begin;
  }
  if (word_begin != kNone) on_word(word_begin, text.size());
}

}  // namespace

std::vector<std::string_view> distinct_index_tokens(std::string_view normalized) {
  std::vector<std::string_view> out;
  // About one token per 2 bytes of Chinese (a character and a bigram per 3 bytes).
  TokenSet seen(normalized.size() / 2);
  auto add = [&](std::size_t begin, std::size_t end) {
    const std::string_view token = normalized.substr(begin, end - begin);
    if (seen.insert(token)) out.push_back(token);
  };
  scan(
      normalized,
      [&](std::size_t begin, std::size_t end, std::size_t previous) {
        add(begin, end);
        if (previous != std::string_view::npos) add(previous, end);
      },
      add);
  return out;
}

std::vector<std::string_view> query_tokens(std::string_view normalized_word) {
  std::vector<std::string_view> out;
  TokenSet seen(normalized_word.size());
  auto add = [&](std::size_t begin, std::size_t end) {
    const std::string_view token = normalized_word.substr(begin, end - begin);
    if (seen.insert(token)) out.push_back(token);
  };
  // A lone character is looked up only when it has no CJK neighbour (no bigram covers it).
  std::size_t lone = std::string_view::npos;
  std::size_t lone_end = 0;
  auto flush_lone = [&] {
    if (lone != std::string_view::npos) add(lone, lone_end);
    lone = std::string_view::npos;
  };
  scan(
      normalized_word,
      [&](std::size_t begin, std::size_t end, std::size_t previous) {
        if (previous == std::string_view::npos) {
          flush_lone();
          lone = begin;
          lone_end = end;
        } else {
          lone = std::string_view::npos;
          add(previous, end);
        }
      },
      [&](std::size_t begin, std::size_t end) {
        flush_lone();
        add(begin, end);
      });
  flush_lone();
  return out;
}

bool is_cjk_token(std::string_view token) {
  std::size_t pos = 0;
  return !token.empty() && kind_of(text::next_code_point(token, pos)) == Kind::Cjk;
}

}  // namespace headlined::store
