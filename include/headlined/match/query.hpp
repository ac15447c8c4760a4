#pragma once
// The subscription query language: terms ANDed by default, OR, NOT / -term, "a phrase",
// parentheses. Matching is case-insensitive over normalised text; a term containing CJK
// characters matches as a substring, a Latin term as a whole word.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "headlined/core/error.hpp"

namespace headlined::match {

struct QueryError {
  std::size_t offset = 0;  // byte offset in the query text
  std::string reason;
};

struct QueryNode;  // the parsed expression tree, defined in the implementation

class Query {
 public:
  // Rejects empty queries, queries that are only negative, unbalanced parentheses,
  // unterminated phrases and dangling operators, with the offset of the problem.
  static std::expected<Query, QueryError> parse(std::string_view text);

  // `normalized_text` must have gone through text::normalize_for_match. On a match, `hits`
  // receives the positive terms found (as written in the query, normalised).
  bool matches(std::string_view normalized_text, std::vector<std::string>* hits = nullptr) const;

  // The byte range [first, second) of the earliest positive term found in `normalized_text`,
  // if any: where a snippet should be cut.
  std::optional<std::pair<std::size_t, std::size_t>> first_hit(
      std::string_view normalized_text) const;

  const std::string& text() const { return text_; }
  // The positive terms of the query, normalised (for highlighting and snippets).
  const std::vector<std::string>& positive_terms() const { return positive_terms_; }

 private:
  std::string text_;
  std::shared_ptr<const QueryNode> root_;
  std::vector<std::string> positive_terms_;
};

}  // namespace headlined::match
