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

  // Appends the normalised form of `utf8` to `out`; with `origin` (as long as `out` on entry),
  // one source offset per appended byte. False when `utf8` is not valid UTF-8 (bad bytes fold
  // as U+FFFD): the matcher learns it here rather than in a second pass over the text.
  bool fold(std::string_view utf8, std::string& out, std::vector<std::size_t>* origin) const;

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
  void fold_run(std::string_view utf8, std::size_t begin, std::size_t end, std::string& out,
                std::vector<std::size_t>* origin) const;
  void simplify_append(char32_t cp, std::string& out) const;

  static constexpr char32_t kTableEnd = 0x30000;
  static constexpr std::size_t kCopyWidth =
      8;  // fold copies forms this wide in one move  // past the CJK Extension planes
  std::vector<Entry> entries_;
  std::string pool_;
  std::unordered_map<char32_t, std::string> t2s_;  // Traditional character -> Simplified
  bool has_t2s_ = false;
};

}  // namespace headlined::match
