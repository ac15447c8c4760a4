#pragma once
// The subscription query language: terms ANDed by default, OR, NOT / -term, "a phrase",
// parentheses, field scopes (title:, body:, source:, author:) and prefix wildcards (econom*).
// Matching is over normalised text (headlined/match/normalize.hpp); a term containing CJK
// characters matches as a substring, a Latin term as a whole word. docs/query-language.md
// is the user's reference.

#include <cstddef>
#include <cstdint>
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

// The error's place for a person, counted in characters as an editor does:
// `column 10, after "招商引资 OR"` (or `column 1, at the start`).
std::string describe_error_place(std::string_view query, const QueryError& error);

// Where a term is looked for. Any = the title or the body.
enum class Field : std::uint8_t { Any, Title, Body, Source, Author };

// An article's fields, each normalised (match::normalize). `source` holds what the article
// says it was reprinted from and the configured source's name; `author` the byline.
struct FieldTexts {
  std::string_view title;
  std::string_view body;
  std::string_view source;
  std::string_view author;
};

struct QueryNode;  // the parsed expression tree, defined in the implementation

class Query {
 public:
  // Rejects empty queries, queries that are only negative, unbalanced parentheses,
  // unterminated phrases and dangling operators, with the offset of the problem.
  static std::expected<Query, QueryError> parse(std::string_view text);

  // Evaluates the query by searching each term on its own (the simple reference the
  // compiled index is checked against). On a match, `hits` receives the positive terms found
  // (normalised, as term_text() gives them).
  bool matches(const FieldTexts& fields, std::vector<std::string>* hits = nullptr) const;
  // `normalized_text` as an article's body with no title, source or author.
  bool matches(std::string_view normalized_text, std::vector<std::string>* hits = nullptr) const;

  // The byte range [first, second) of the earliest positive term found in `normalized_text`,
  // if any: where a snippet should be cut.
  std::optional<std::pair<std::size_t, std::size_t>> first_hit(
      std::string_view normalized_text) const;

  // The parsed form, for compiling into the index (src/match).
  const QueryNode& node() const { return *root_; }

  const std::string& text() const { return text_; }
  // The positive terms of the query, normalised (for highlighting and snippets).
  const std::vector<std::string>& positive_terms() const { return positive_terms_; }

 private:
  std::string text_;
  std::shared_ptr<const QueryNode> root_;
  std::vector<std::string> positive_terms_;
};

}  // namespace headlined::match
