#pragma once
// Splits a query into tokens. Besides ASCII syntax it accepts what a Chinese input method
// types: full-width parentheses （）, curly quotes “…”, the full-width bar ｜ and the
// ideographic space U+3000.

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "headlined/match/query.hpp"

namespace headlined::match {

enum class TokenKind { Term, Phrase, And, Or, Not, Open, Close };

struct Token {
  TokenKind kind = TokenKind::Term;
  std::size_t offset = 0;  // byte offset of the token in the query
  std::string text;        // as written; for a phrase, the content between the quotes
  // A scope written before a term ("title:招商"), a phrase (title:"…") or a group (title:(…)).
  Field field = Field::Any;
};

// Fails on an unterminated phrase, on a '-' not directly followed by what it negates and on
// a field scope followed by nothing it can scope.
std::expected<std::vector<Token>, QueryError> tokenize(std::string_view query);

}  // namespace headlined::match
