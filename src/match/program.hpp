#pragma once
// A subscription's query compiled for the index: its expression as a flat list of nodes whose
// terms are pattern ids, and the trigger terms that make it a candidate.

#include <cstdint>
#include <string>
#include <vector>

#include "query_node.hpp"

namespace headlined::match {

struct ProgramNode {
  std::uint32_t a = 0;  // Term: pattern id; Not: operand; And/Or: left operand
  std::uint32_t b = 0;  // And/Or: right operand
  Op op = Op::Term;
  bool positive = true;  // Term: under an even number of NOTs
};

// Terms of which at least one is present whenever the query matches, preferring few: an AND
// needs only one side's, an OR both sides'. Only the subscriptions whose trigger terms hit
// an article are evaluated. `pattern_of_term[i]` is the pattern id of query term i.
std::vector<std::uint32_t> trigger_patterns(const QueryNode& query,
                                            const std::vector<std::uint32_t>& pattern_of_term);

// Evaluates nodes[begin, end) (children first, root last) with `present(pattern)`.
template <typename Present>
bool evaluate_program(const ProgramNode* nodes, std::size_t count, Present&& present,
                      std::vector<char>& values) {
  values.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const ProgramNode& n = nodes[i];
    switch (n.op) {
      case Op::Term:
        values[i] = present(n.a);
        break;
      case Op::Not:
        values[i] = !values[n.a];
        break;
      case Op::And:
        values[i] = values[n.a] && values[n.b];
        break;
      case Op::Or:
        values[i] = values[n.a] || values[n.b];
        break;
    }
  }
  return count > 0 && values[count - 1];
}

}  // namespace headlined::match
