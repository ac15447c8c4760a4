#pragma once
// An article's text prepared for matching, and snippets cut from the original around a hit.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "headlined/core/types.hpp"
#include "headlined/match/query.hpp"

namespace headlined::match {

// About this many code points of original text, plus "…" at cut ends.
constexpr std::size_t kSnippetWidth = 80;

// Cuts about `width` code points of `paragraph` (valid UTF-8) around the bytes
// [hit_begin, hit_end), marking cut ends with "…". Never splits a UTF-8 sequence.
std::string cut_snippet(std::string_view paragraph, std::size_t hit_begin, std::size_t hit_end,
                        std::size_t width = kSnippetWidth);

class ArticleText {
 public:
  explicit ArticleText(const Article& article);

  // title + "\n" + body, normalised once for every query.
  const std::string& normalized() const { return normalized_; }

  // The snippet around the query's first hit, found paragraph by paragraph (title first) so
  // the cut is made in the original text. Paragraphs are mapped lazily, once per article.
  std::string snippet(const Query& query);

 private:
  struct Paragraph {
    std::string original;
    bool mapped = false;
    std::string normalized;
    std::vector<std::size_t> origin;  // byte i of `normalized` came from original[origin[i]]
  };
  void map(Paragraph& p);

  std::string normalized_;
  std::vector<Paragraph> paragraphs_;
};

}  // namespace headlined::match
