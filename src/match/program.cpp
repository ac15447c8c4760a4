#include "program.hpp"

#include <algorithm>
#include <optional>

namespace headlined::match {

namespace {

struct Triggers {
  std::vector<std::uint32_t> patterns;
  // Bytes of its shortest term: between two sets of one size the one whose terms are all
  // longer is likely rarer in text ("the" hits every English article, "港珠澳大桥" few).
  std::size_t shortest = 0;
};
using Set = std::optional<Triggers>;  // nullopt: no finite set guarantees it

Set fewer(const Set& x, const Set& y) {
  if (!x) return y;
  if (!y) return x;
  if (x->patterns.size() != y->patterns.size())
    return x->patterns.size() < y->patterns.size() ? x : y;
  return x->shortest >= y->shortest ? x : y;
}

// Past this size a set is given up (the fallback below is always valid), so a query with
// thousands of ORed terms costs linear time here, not quadratic.
constexpr std::size_t kLargestSet = 64;

Set both(const Set& x, const Set& y) {
  if (!x || !y || x->patterns.size() + y->patterns.size() > kLargestSet) return std::nullopt;
  Triggers u = *x;
  u.patterns.insert(u.patterns.end(), y->patterns.begin(), y->patterns.end());
  std::sort(u.patterns.begin(), u.patterns.end());
  u.patterns.erase(std::unique(u.patterns.begin(), u.patterns.end()), u.patterns.end());
  u.shortest = std::min(x->shortest, y->shortest);
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
        when_true[i] = Triggers{{pattern_of_term[n.term]}, query.terms[n.term].text.size()};
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
  if (!query.nodes.empty() && when_true.back()) return when_true.back()->patterns;
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
