#pragma once
// A table from each code point to its normalised form (see headlined/match/normalize.hpp),
// built once per process: normalising an article is then one lookup per code point instead
// of a pass through utf8proc and OpenCC.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace headlined::match {

class FoldTable {
 public:
  static const FoldTable& instance();

  // Appends the normalised form of `utf8` to `out`; with `origin`, (*origin)[i] receives the
  // byte offset in `utf8` that output byte i came from, for each appended byte. `origin` is
  // grown as needed but never shrunk, so it may be left longer than `out` (the entries past
  // out.size() mean nothing): a buffer kept from article to article is then written, not
  // zero-filled again each time. False when `utf8` is not valid UTF-8 (bad bytes fold as
  // U+FFFD): the matcher learns it here rather than in a second pass over the text.
  // Offset is std::size_t (normalize) or std::uint32_t (the matcher, whose hits are 32-bit).
  template <typename Offset>
  bool fold(std::string_view utf8, std::string& out, std::vector<Offset>* origin) const;

  bool has_t2s() const { return has_t2s_; }

 private:
  FoldTable();

  struct Entry {
    std::uint32_t offset = 0;  // into pool_
    std::uint8_t length = 0;
    // Combining marks and Hangul jamo compose with what precedes them: the run they belong to
    // goes through utf8proc as a whole.
    bool contextual = false;
  };
  // Normalises the run utf8[begin, end) in context, then simplifies its characters.
  template <typename Offset>
  void fold_run(std::string_view utf8, std::size_t begin, std::size_t end, std::string& out,
                std::vector<Offset>* origin) const;
  void simplify_append(char32_t cp, std::string& out) const;

  static constexpr char32_t kTableEnd = 0x30000;  // past the CJK Extension planes
  static constexpr std::size_t kCopyWidth = 8;    // fold copies forms this wide in one move
  // Room fold keeps past the end of what it has written: the longest form (an Entry's length
  // is one byte) plus the fixed-width copy, so one comparison per character suffices.
  static constexpr std::size_t kSlack = 255 + kCopyWidth;
  // ASCII bytes whose form is one ASCII byte (all but a few controls): the byte they fold to,
  // else kNotSimple. Most bytes of English text take this path without decoding.
  static constexpr char kNotSimple = '\x80';
  char ascii_[128];
  std::vector<Entry> entries_;
  std::string pool_;
  std::unordered_map<char32_t, std::string> t2s_;  // Traditional character -> Simplified
  bool has_t2s_ = false;
};

}  // namespace headlined::match
