#include "query_lexer.hpp"

#include <optional>
#include <utility>

#include "headlined/text/utf8.hpp"

namespace headlined::match {

namespace {

constexpr char32_t kLeftCurlyQuote = 0x201C;
constexpr char32_t kRightCurlyQuote = 0x201D;

bool is_space(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
         cp == 0xA0 || cp == 0x3000;
}
bool is_open(char32_t cp) {
  return cp == '(' || cp == 0xFF08;
}
bool is_close(char32_t cp) {
  return cp == ')' || cp == 0xFF09;
}
bool is_bar(char32_t cp) {
  return cp == '|' || cp == 0xFF5C;
}
bool is_quote(char32_t cp) {
  return cp == '"' || cp == kLeftCurlyQuote || cp == kRightCurlyQuote;
}

// Characters that end a term.
bool is_delimiter(char32_t cp) {
  return is_space(cp) || is_open(cp) || is_close(cp) || is_bar(cp) || is_quote(cp);
}

char32_t peek(std::string_view s, std::size_t pos) {
  return pos < s.size() ? text::next_code_point(s, pos) : 0;
}

struct Scope {
  Field field;
  std::size_t length;  // of "title:" and the like
};

// A field scope at the start of `word`, in any case: "title:", "body:", "source:", "author:".
std::optional<Scope> scope_prefix(std::string_view word) {
  static constexpr std::pair<std::string_view, Field> kScopes[] = {{"title:", Field::Title},
                                                                   {"body:", Field::Body},
                                                                   {"source:", Field::Source},
                                                                   {"author:", Field::Author}};
  for (const auto& [name, field] : kScopes) {
    if (word.size() < name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size() && same; ++i)
      same = (word[i] >= 'A' && word[i] <= 'Z' ? word[i] - 'A' + 'a' : word[i]) == name[i];
    if (same) return Scope{field, name.size()};
  }
  return std::nullopt;
}

}  // namespace

std::expected<std::vector<Token>, QueryError> tokenize(std::string_view query) {
  std::vector<Token> tokens;
  // Set by a bare scope ("title:") for the phrase or group right after it.
  Field pending_scope = Field::Any;
  std::size_t pos = 0;
  while (pos < query.size()) {
    const std::size_t begin = pos;
    const char32_t cp = text::next_code_point(query, pos);
    if (is_space(cp)) continue;
    const std::string raw(query.substr(begin, pos - begin));
    const Field scope = std::exchange(pending_scope, Field::Any);
    if (is_open(cp)) {
      tokens.push_back({TokenKind::Open, begin, raw, scope});
    } else if (is_close(cp)) {
      tokens.push_back({TokenKind::Close, begin, raw});
    } else if (is_bar(cp)) {
      tokens.push_back({TokenKind::Or, begin, raw});
    } else if (is_quote(cp)) {
      // A straight quote closes a straight quote; a curly opening quote closes with either.
      const std::size_t content = pos;
      std::size_t end = content;
      bool closed = false;
      while (end < query.size()) {
        std::size_t next = end;
        char32_t c = text::next_code_point(query, next);
        if (c == '"' || (cp != '"' && c == kRightCurlyQuote)) {
          closed = true;
          break;
        }
        end = next;
      }
      if (!closed) return std::unexpected(QueryError{begin, "unterminated phrase: missing '\"'"});
      tokens.push_back(
          {TokenKind::Phrase, begin, std::string(query.substr(content, end - content)), scope});
      pos = end;
      text::next_code_point(query, pos);  // the closing quote
    } else if (cp == '-') {
      char32_t next = peek(query, pos);
      if (next == 0 || is_space(next) || is_close(next) || is_bar(next))
        return std::unexpected(
            QueryError{begin, "'-' must be directly followed by a term, a phrase or '('"});
      tokens.push_back({TokenKind::Not, begin, raw});
    } else {
      std::size_t end = pos;
      while (end < query.size()) {
        std::size_t next = end;
        if (is_delimiter(text::next_code_point(query, next))) break;
        end = next;
      }
      std::string word(query.substr(begin, end - begin));
      pos = end;
      if (auto scoped = scope_prefix(word)) {
        if (word.size() > scoped->length) {
          tokens.push_back({TokenKind::Term, begin, word.substr(scoped->length), scoped->field});
          continue;
        }
        const char32_t next = peek(query, end);
        if (!is_quote(next) && !is_open(next))
          return std::unexpected(QueryError{
              begin, "'" + word + "' must be directly followed by a term, a phrase or '('"});
        pending_scope = scoped->field;
        continue;
      }
      TokenKind kind = word == "OR"    ? TokenKind::Or
                       : word == "AND" ? TokenKind::And
                       : word == "NOT" ? TokenKind::Not
                                       : TokenKind::Term;
      tokens.push_back({kind, begin, std::move(word)});
    }
  }
  return tokens;
}

}  // namespace headlined::match
