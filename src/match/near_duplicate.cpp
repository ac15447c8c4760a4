// One-permutation MinHash over token shingles, with LSH band keys (docs/stories.md says why MinHash
// and not SimHash: a reprint that cuts its last paragraphs keeps a high resemblance but a far
// SimHash).
#include "headlined/match/near_duplicate.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "headlined/match/normalize.hpp"
#include "headlined/text/utf8.hpp"

namespace headlined::match {

namespace {

bool is_sketch_separator(char32_t cp) {
  if (cp < 0x80)
    return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'));
  if (cp == 0xA0 || cp == 0xFFFD) return true;
  if (cp >= 0x2000 && cp <= 0x2BFF) return true;  // spaces, punctuation, symbols, arrows
  if (cp >= 0x3000 && cp <= 0x303F) return true;  // CJK punctuation (、。「」《》)
  if (cp >= 0xFE30 && cp <= 0xFE4F) return true;  // CJK compatibility forms
  if (cp >= 0xFF00 && cp <= 0xFF65) return true;  // full-width punctuation NFKC left
  return false;
}

std::uint64_t fnv1a(std::string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

enum class Kind { Separator, Cjk, WordPart };

// What the code point at s[pos] is to the tokeniser, advancing pos past it. Chinese text is
// nearly all CJK unified ideographs (U+4E00..U+9FFF, three bytes with lead byte E4..E9): those
// are decoded and classified here in a few comparisons, where text::next_code_point and
// text::is_cjk would take an out-of-line call each; anything else goes through them.
inline Kind next_kind(std::string_view s, std::size_t& pos) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 >= 0xE4 && b0 <= 0xE9 && pos + 2 < s.size()) {
    const auto b1 = static_cast<unsigned char>(s[pos + 1]);
    const auto b2 = static_cast<unsigned char>(s[pos + 2]);
    // Continuation bytes; lead bytes E4..E9 put no further bound on them (unlike E0 and ED).
    if ((b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80 && (b0 > 0xE4 || b1 >= 0xB8)) {
      pos += 3;  // U+4E00..U+9FFF
      return Kind::Cjk;
    }
  }
  const char32_t cp = text::next_code_point(s, pos);
  if (is_sketch_separator(cp)) return Kind::Separator;
  if (text::is_cjk(cp)) return Kind::Cjk;
  return Kind::WordPart;
}

// Calls on_token with the hash of each token of the normalised text, in order.
template <class OnToken>
void for_each_token(std::string_view normalised, OnToken&& on_token) {
  std::size_t word_start = std::string_view::npos;
  std::size_t pos = 0;
  auto end_word = [&](std::size_t at) {
    if (word_start != std::string_view::npos)
      on_token(fnv1a(normalised.substr(word_start, at - word_start)));
    word_start = std::string_view::npos;
  };
  while (pos < normalised.size()) {
    const std::size_t start = pos;
    switch (next_kind(normalised, pos)) {
      case Kind::Separator:
        end_word(start);
        break;
      case Kind::Cjk:
        end_word(start);
        on_token(fnv1a(normalised.substr(start, pos - start)));
        break;
      case Kind::WordPart:
        if (word_start == std::string_view::npos) word_start = start;
        break;
    }
  }
  end_word(normalised.size());
}

// Calls on_shingle with the 64-bit hash of each run of kShingleTokens consecutive tokens, in
// order, repeats included; returns how many there were. The last kShingleTokens token hashes
// are kept in a ring, so no list of tokens is built.
template <class OnShingle>
std::size_t for_each_shingle(std::string_view normalised, OnShingle&& on_shingle) {
  constexpr std::size_t kRing = kShingleTokens;
  std::array<std::uint64_t, kRing> last{};
  std::size_t tokens = 0;
  for_each_token(normalised, [&](std::uint64_t token) {
    last[tokens % kRing] = token;
    ++tokens;
    if (tokens < kRing) return;
    // Oldest token first: it sits where the next token will go.
    std::uint64_t h = 0;
    for (std::size_t k = 0; k < kRing; ++k)
      h = (h ^ last[(tokens + k) % kRing]) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL;
    on_shingle(mix64(h));
  });
  return tokens < kRing ? 0 : tokens - kRing + 1;
}

// The exact number of distinct shingles: a second pass, taken only for bodies whose sketch
// cannot tell on its own whether they reach kMinShingles.
std::size_t distinct_shingles(std::string_view normalised) {
  std::vector<std::uint64_t> shingles;
  for_each_shingle(normalised, [&](std::uint64_t x) { shingles.push_back(x); });
  std::sort(shingles.begin(), shingles.end());
  return static_cast<std::size_t>(std::unique(shingles.begin(), shingles.end()) - shingles.begin());
}

}  // namespace

BodySignature sign_body(std::string_view body) {
  return sign_normalised_body(normalize(body));
}

BodySignature sign_normalised_body(std::string_view normalised) {
  BodySignature out;
  // One-permutation MinHash: the shingle's hash picks one of kSketchSize bins (top bits) and
  // competes for that bin's minimum (low bits), one step per shingle where kSketchSize
  // independent hash functions would take kSketchSize steps. Two bodies agree on a bin with
  // probability equal to their resemblance, as with classic MinHash. A minimum is the same
  // however often a shingle repeats, so the shingles need no de-duplication first.
  std::array<std::uint32_t, kSketchSize> mins;
  std::array<bool, kSketchSize> filled{};
  mins.fill(std::numeric_limits<std::uint32_t>::max());
  const std::size_t shingles = for_each_shingle(normalised, [&](std::uint64_t x) {
    const std::size_t bin = static_cast<std::size_t>(x >> 57) % mins.size();
    mins[bin] = std::min(mins[bin], static_cast<std::uint32_t>(x));
    filled[bin] = true;
  });
  if (shingles < static_cast<std::size_t>(kMinShingles)) return out;
  // Each filled bin holds at least one distinct shingle, so kMinShingles filled bins settle
  // the short-body rule; fewer (a short or much repeated body) need the exact count.
  const auto filled_bins = std::count(filled.begin(), filled.end(), true);
  if (filled_bins < kMinShingles &&
      distinct_shingles(normalised) < static_cast<std::size_t>(kMinShingles))
    return out;

  // An empty bin (short bodies leave some) borrows the next filled bin's minimum, marked with
  // the distance it was borrowed over, so both bodies fill it the same way when they agree.
  for (std::size_t i = 0; i < mins.size(); ++i) {
    if (filled[i]) continue;
    for (std::size_t d = 1; d < mins.size(); ++d) {
      const std::size_t from = (i + d) % mins.size();
      if (!filled[from]) continue;
      mins[i] = static_cast<std::uint32_t>(mix64(mins[from] + d * 0x9e3779b97f4a7c15ULL));
      break;
    }
  }
  out.sketch.assign(mins.begin(), mins.end());
  out.shingles = static_cast<std::uint32_t>(
      std::min<std::size_t>(shingles, std::numeric_limits<std::uint32_t>::max()));
  out.band_keys = band_keys_of(out.sketch);
  return out;
}

}  // namespace headlined::match
