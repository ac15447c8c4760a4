// Query::parse: operator precedence parsing (shunting-yard) with implicit AND, building the
// node vector children-first. Precedence: NOT > AND > OR.

#include <algorithm>

#include "headlined/match/normalize.hpp"
#include "headlined/text/utf8.hpp"
#include "query_lexer.hpp"
#include "query_node.hpp"

namespace headlined::match {

namespace {

int precedence(TokenKind kind) {
  switch (kind) {
    case TokenKind::Not:
      return 3;
    case TokenKind::And:
      return 2;
    case TokenKind::Or:
      return 1;
    default:
      return 0;  // '(' is a barrier
  }
}

// How an operator token is named in messages: OR, '|', NOT, '-', AND.
std::string name_of(const Token& t) {
  return t.text == "OR" || t.text == "AND" || t.text == "NOT" ? t.text : "'" + t.text + "'";
}

std::string join_words(const Pattern& pattern) {
  std::string out;
  for (const std::string& w : pattern.words) out += (out.empty() ? "" : " ") + w;
  return out;
}

class Builder {
 public:
  explicit Builder(QueryNode& q) : q_(q) {}

  std::optional<QueryError> operand(const Token& t) {
    std::string normalized = normalize(t.text);
    Pattern words = phrase_pattern(normalized);
    QueryTerm term;
    term.field = t.field != Field::Any ? t.field : group_scope();
    if (t.kind == TokenKind::Phrase) {
      if (words.words.empty()) return QueryError{t.offset, "empty phrase"};
      term.text = join_words(words);
      term.pattern = std::move(words);
    } else if (normalized.ends_with('*')) {
      std::string stem = normalized.substr(0, normalized.size() - 1);
      if (!is_latin_stem(stem))
        return QueryError{t.offset,
                          "'*' must end a Latin word of at least two letters or "
                          "digits, as in econom*"};
      term.text = normalized;
      term.pattern = prefix_pattern(std::move(stem));
    } else {
      if (words.words.empty())
        return QueryError{t.offset, "'" + t.text + "' has nothing to match: it is all punctuation"};
      term.text = normalized;
      term.pattern = term_pattern(std::move(normalized));
    }
    q_.terms.push_back(std::move(term));
    push_node({Op::Term, q_.terms.size() - 1, 0, 0, t.offset});
    return std::nullopt;
  }

  // Applies waiting operators that bind at least as tightly, then waits with this one.
  void binary(TokenKind kind, std::size_t offset) {
    while (!ops_.empty() && precedence(ops_.back().kind) >= precedence(kind)) apply();
    ops_.push_back({kind, offset, Field::Any});
  }
  // NOT and '(' are prefixes: nothing is applied before them.
  void prefix(TokenKind kind, std::size_t offset, Field scope) {
    ops_.push_back({kind, offset, scope});
  }

  bool has_open() const {
    return std::any_of(ops_.begin(), ops_.end(),
                       [](const Pending& p) { return p.kind == TokenKind::Open; });
  }

  // On ')': applies everything back to the matching '(' and gives the group its offset.
  void close_group() {
    while (ops_.back().kind != TokenKind::Open) apply();
    q_.nodes[operands_.back()].offset = ops_.back().offset;
    ops_.pop_back();
  }

  // At the end: the offset of an unclosed '(' if there is one.
  std::optional<std::size_t> finish() {
    while (!ops_.empty()) {
      if (ops_.back().kind == TokenKind::Open) return ops_.back().offset;
      apply();
    }
    return std::nullopt;
  }

 private:
  struct Pending {
    TokenKind kind;
    std::size_t offset;
    Field scope = Field::Any;  // of a '(' written as title:( … )
  };

  // The scope of the innermost scoped group around the current operand.
  Field group_scope() const {
    for (auto it = ops_.rbegin(); it != ops_.rend(); ++it)
      if (it->kind == TokenKind::Open && it->scope != Field::Any) return it->scope;
    return Field::Any;
  }

  static bool is_latin_stem(std::string_view stem) {
    std::size_t count = 0;
    for (std::size_t pos = 0; pos < stem.size(); ++count)
      if (!is_word_char(text::next_code_point(stem, pos))) return false;
    return count >= 2;
  }

  void push_node(QueryOpNode node) {
    q_.nodes.push_back(node);
    operands_.push_back(q_.nodes.size() - 1);
  }

  void apply() {
    Pending op = ops_.back();
    ops_.pop_back();
    std::size_t right = operands_.back();
    operands_.pop_back();
    if (op.kind == TokenKind::Not) {
      push_node({Op::Not, 0, right, 0, op.offset});
      return;
    }
    std::size_t left = operands_.back();
    operands_.pop_back();
    push_node(
        {op.kind == TokenKind::And ? Op::And : Op::Or, 0, left, right, q_.nodes[left].offset});
  }

  QueryNode& q_;
  std::vector<Pending> ops_;
  std::vector<std::size_t> operands_;
};

// What is wrong when an operand was expected but `here` (or the end) came instead.
QueryError missing_operand(const Token* prev, const Token* here) {
  if (prev && prev->kind == TokenKind::Not)
    return {prev->offset, "dangling " + name_of(*prev) + ": expected a term after it"};
  if (prev && (prev->kind == TokenKind::Or || prev->kind == TokenKind::And) &&
      (!here || here->kind == TokenKind::Close))
    return {prev->offset, "dangling " + name_of(*prev) + ": expected a term after it"};
  if (prev && prev->kind == TokenKind::Open && here && here->kind == TokenKind::Close)
    return {prev->offset, "empty parentheses"};
  if (!here) return {prev->offset, "unbalanced '(': missing ')'"};
  return {here->offset, "dangling " + name_of(*here) + ": expected a term before it"};
}

// A query must not match text that contains none of its terms ("-a", "a OR -b"): evaluated
// with every term absent it has to be false. Reports the OR branch at fault when there is one.
std::optional<QueryError> check_needs_a_term(const QueryNode& q) {
  std::vector<char> empty_match(q.nodes.size());
  for (std::size_t i = 0; i < q.nodes.size(); ++i) {
    const QueryOpNode& n = q.nodes[i];
    switch (n.op) {
      case Op::Term:
        empty_match[i] = false;
        break;
      case Op::Not:
        empty_match[i] = !empty_match[n.left];
        break;
      case Op::And:
        empty_match[i] = empty_match[n.left] && empty_match[n.right];
        break;
      case Op::Or:
        empty_match[i] = empty_match[n.left] || empty_match[n.right];
        break;
    }
  }
  std::size_t at = q.nodes.size() - 1;
  if (!empty_match[at]) return std::nullopt;
  bool in_branch = false;
  while (q.nodes[at].op == Op::Or) {
    at = empty_match[q.nodes[at].left] ? q.nodes[at].left : q.nodes[at].right;
    in_branch = true;
  }
  return QueryError{q.nodes[at].offset,
                    in_branch ? "this OR branch only excludes: it needs a term to look for"
                              : "the query only excludes: it needs a term to look for"};
}

// A term is positive under an even number of NOTs. Parents come after their children, so a
// walk from the back sees each parent first.
void mark_polarity(QueryNode& q) {
  std::vector<char> negated(q.nodes.size());
  for (std::size_t i = q.nodes.size(); i-- > 0;) {
    const QueryOpNode& n = q.nodes[i];
    switch (n.op) {
      case Op::Term:
        q.terms[n.term].positive = !negated[i];
        break;
      case Op::Not:
        negated[n.left] = !negated[i];
        break;
      case Op::And:
      case Op::Or:
        negated[n.left] = negated[i];
        negated[n.right] = negated[i];
        break;
    }
  }
}

}  // namespace

std::expected<Query, QueryError> Query::parse(std::string_view text) {
  auto tokens = tokenize(text);
  if (!tokens) return std::unexpected(tokens.error());
  if (tokens->empty()) return std::unexpected(QueryError{0, "empty query"});

  auto node = std::make_shared<QueryNode>();
  Builder builder(*node);
  bool expect_operand = true;
  const Token* prev = nullptr;
  for (const Token& t : *tokens) {
    switch (t.kind) {
      case TokenKind::Term:
      case TokenKind::Phrase:
      case TokenKind::Not:
      case TokenKind::Open:
        if (!expect_operand) builder.binary(TokenKind::And, t.offset);  // juxtaposition
        if (t.kind == TokenKind::Not || t.kind == TokenKind::Open) {
          builder.prefix(t.kind, t.offset, t.field);
          expect_operand = true;
        } else {
          if (auto e = builder.operand(t)) return std::unexpected(*e);
          expect_operand = false;
        }
        break;
      case TokenKind::And:
      case TokenKind::Or:
        if (expect_operand) return std::unexpected(missing_operand(prev, &t));
        builder.binary(t.kind, t.offset);
        expect_operand = true;
        break;
      case TokenKind::Close:
        if (!builder.has_open())
          return std::unexpected(QueryError{t.offset, "unbalanced ')': no matching '('"});
        if (expect_operand) return std::unexpected(missing_operand(prev, &t));
        builder.close_group();
        break;
    }
    prev = &t;
  }
  if (expect_operand) return std::unexpected(missing_operand(prev, nullptr));
  if (auto open = builder.finish())
    return std::unexpected(QueryError{*open, "unbalanced '(': missing ')'"});
  if (auto e = check_needs_a_term(*node)) return std::unexpected(*e);
  mark_polarity(*node);

  Query query;
  query.text_ = std::string(text);
  for (const QueryTerm& term : node->terms)
    if (term.positive && std::find(query.positive_terms_.begin(), query.positive_terms_.end(),
                                   term.text) == query.positive_terms_.end())
      query.positive_terms_.push_back(term.text);
  query.root_ = std::move(node);
  return query;
}

}  // namespace headlined::match
