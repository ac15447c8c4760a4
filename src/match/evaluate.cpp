// Evaluating a parsed query against normalised text: each term is searched once, then the
// nodes are combined children-first. Kept apart from parsing so a multi-pattern index can
// replace the per-term search without touching the language.

#include <algorithm>

#include "query_node.hpp"

namespace headlined::match {

namespace {

bool found_in(const FieldTexts& fields, const QueryTerm& term) {
  switch (term.field) {
    case Field::Any:
      return find_pattern(fields.title, term.pattern) || find_pattern(fields.body, term.pattern);
    case Field::Title:
      return find_pattern(fields.title, term.pattern).has_value();
    case Field::Body:
      return find_pattern(fields.body, term.pattern).has_value();
    case Field::Source:
      return find_pattern(fields.source, term.pattern).has_value();
    case Field::Author:
      return find_pattern(fields.author, term.pattern).has_value();
  }
  return false;
}

}  // namespace

bool Query::matches(std::string_view normalized_text, std::vector<std::string>* hits) const {
  return matches(FieldTexts{{}, normalized_text, {}, {}}, hits);
}

bool Query::matches(const FieldTexts& fields, std::vector<std::string>* hits) const {
  if (hits) hits->clear();
  if (!root_) return false;
  const QueryNode& q = *root_;
  std::vector<char> present(q.terms.size());
  for (std::size_t i = 0; i < q.terms.size(); ++i) present[i] = found_in(fields, q.terms[i]);

  std::vector<char> value(q.nodes.size());
  for (std::size_t i = 0; i < q.nodes.size(); ++i) {
    const QueryOpNode& n = q.nodes[i];
    switch (n.op) {
      case Op::Term:
        value[i] = present[n.term];
        break;
      case Op::Not:
        value[i] = !value[n.left];
        break;
      case Op::And:
        value[i] = value[n.left] && value[n.right];
        break;
      case Op::Or:
        value[i] = value[n.left] || value[n.right];
        break;
    }
  }
  if (!value.back()) return false;
  if (hits) {
    for (std::size_t i = 0; i < q.terms.size(); ++i) {
      const QueryTerm& term = q.terms[i];
      if (term.positive && present[i] &&
          std::find(hits->begin(), hits->end(), term.text) == hits->end())
        hits->push_back(term.text);
    }
  }
  return true;
}

std::optional<std::pair<std::size_t, std::size_t>> Query::first_hit(
    std::string_view normalized_text) const {
  std::optional<std::pair<std::size_t, std::size_t>> best;
  if (!root_) return best;
  for (const QueryTerm& term : root_->terms) {
    if (!term.positive) continue;
    auto span = find_pattern(normalized_text, term.pattern);
    if (span && (!best || span->begin < best->first)) best = {span->begin, span->end};
  }
  return best;
}

}  // namespace headlined::match
