#include "program.hpp"

#include <algorithm>
#include <optional>

namespace headlined::match {

namespace {

using Set = std::optional<std::vector<std::uint32_t>>;  // nullopt: no finite set guarantees it

Set fewer(const Set& x, const Set& y) {
  if (!x) return y;
  if (!y) return x;
  return x->size() <= y->size() ? x : y;
}

Set both(const Set& x, const Set& y) {
  if (!x || !y) return std::nullopt;
  std::vector<std::uint32_t> u = *x;
  u.insert(u.end(), y->begin(), y->end());
  std::sort(u.begin(), u.end());
  u.erase(std::unique(u.begin(), u.end()), u.end());
  return u;
}

}  // namespace

std::vector<std::uint32_t> trigger_patterns(const QueryNode& query,
                                            const std::vector<std::uint32_t>& pattern_of_term) {
  // when_true[i]: if node i is true, one of these is present; when_false[i]: if it is false.
  std::vector<Set> when_true(query.nodes.size());
  std::vector<Set> when_false(query.nodes.size());
  for (std::size_t i = 0; i < query.nodes.size(); ++i) {
    const QueryOpNode& n = query.nodes[i];
    switch (n.op) {
      case Op::Term:
        when_true[i] = std::vector<std::uint32_t>{pattern_of_term[n.term]};
        break;
      case Op::Not:
        when_true[i] = when_false[n.left];
        when_false[i] = when_true[n.left];
        break;
      case Op::And:
        when_true[i] = fewer(when_true[n.left], when_true[n.right]);
        when_false[i] = both(when_false[n.left], when_false[n.right]);
        break;
      case Op::Or:
        when_true[i] = both(when_true[n.left], when_true[n.right]);
        when_false[i] = fewer(when_false[n.left], when_false[n.right]);
        break;
    }
  }
  if (!query.nodes.empty() && when_true.back()) return *when_true.back();
  // Parsing guarantees the query is false when no term is present, so one of its positive
  // terms must be: all of them are a valid (if larger) trigger set.
  std::vector<std::uint32_t> all;
  for (std::size_t t = 0; t < query.terms.size(); ++t)
    if (query.terms[t].positive) all.push_back(pattern_of_term[t]);
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

}  // namespace headlined::match
