#pragma once
// The compiled form of a query. Nodes are stored children-first (the order the parser
// produces them), so every walk is a loop over the vector: no recursion that a deeply nested
// query could overflow.

#include <cstddef>
#include <string>
#include <vector>

#include "headlined/match/query.hpp"
#include "pattern.hpp"

namespace headlined::match {

struct QueryTerm {
  // Normalised, as reported in hits: the term ("econom*" for a prefix), or the phrase's
  // words joined by single spaces. Without its field scope.
  std::string text;
  Pattern pattern;
  Field field = Field::Any;
  bool positive = true;  // under an even number of NOTs
};

enum class Op { Term, Not, And, Or };

struct QueryOpNode {
  Op op = Op::Term;
  std::size_t term = 0;    // Op::Term: index into QueryNode::terms
  std::size_t left = 0;    // Not: the operand; And/Or: the left operand
  std::size_t right = 0;   // And/Or
  std::size_t offset = 0;  // where the sub-expression starts in the query text
};

struct QueryNode {
  std::vector<QueryTerm> terms;
  std::vector<QueryOpNode> nodes;  // children before parents; the root is last
};

}  // namespace headlined::match
