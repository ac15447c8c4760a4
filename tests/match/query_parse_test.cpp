#include <gtest/gtest.h>

#include <string>

#include "headlined/match/query.hpp"
#include "headlined/text/normalize.hpp"
#include "parse_and_match.hpp"

namespace headlined::match {
namespace {

QueryError error_of(const std::string& query) {
  auto q = Query::parse(query);
  EXPECT_FALSE(q.has_value()) << "parsed: " << query;
  return q ? QueryError{} : q.error();
}

TEST(QueryParse, AndBindsTighterThanOr) {
  // "a b OR c" is (a AND b) OR c.
  EXPECT_TRUE(matches("alpha beta OR gamma", "gamma"));
  EXPECT_TRUE(matches("alpha beta OR gamma", "alpha beta"));
  EXPECT_FALSE(matches("alpha beta OR gamma", "alpha"));
  // "a OR b c" is a OR (b AND c).
  EXPECT_TRUE(matches("alpha OR beta gamma", "alpha"));
  EXPECT_FALSE(matches("alpha OR beta gamma", "beta"));
  EXPECT_TRUE(matches("alpha | beta AND gamma", "beta gamma"));
}

TEST(QueryParse, NotBindsTighterThanAnd) {
  // "b -a OR c" is (b AND (NOT a)) OR c.
  EXPECT_TRUE(matches("beta -alpha OR gamma", "beta"));
  EXPECT_FALSE(matches("beta -alpha OR gamma", "beta alpha"));
  EXPECT_TRUE(matches("beta -alpha OR gamma", "beta alpha gamma"));
  EXPECT_FALSE(matches("beta NOT alpha", "alpha beta"));
}

TEST(QueryParse, ParenthesesOverridePrecedence) {
  EXPECT_FALSE(matches("(alpha OR beta) gamma", "alpha"));
  EXPECT_TRUE(matches("(alpha OR beta) gamma", "beta gamma"));
  EXPECT_TRUE(matches("gamma -(alpha OR beta)", "gamma"));
  EXPECT_FALSE(matches("gamma -(alpha OR beta)", "gamma beta"));
  EXPECT_TRUE(matches("((((alpha))))", "alpha"));
}

TEST(QueryParse, KeywordsAreUpperCaseOnly) {
  // Lower-case "or" is an ordinary word to look for.
  EXPECT_FALSE(matches("alpha or beta", "alpha"));
  EXPECT_TRUE(matches("alpha or beta", "alpha or beta"));
}

TEST(QueryParse, AcceptsWhatAChineseInputMethodTypes) {
  EXPECT_TRUE(matches("（招商 ｜ 引资）　“new energy”", "引资 new energy"));
  EXPECT_FALSE(matches("（招商 ｜ 引资）　“new energy”", "引资 energy"));
}

TEST(QueryParse, PositiveTermsAreNormalisedAndExcludeNegatedOnes) {
  auto q = Query::parse("ＡＩ OR \"New  Energy\" -Games -(-Chips)");
  ASSERT_TRUE(q.has_value());
  EXPECT_EQ(q->positive_terms(), (std::vector<std::string>{"ai", "new energy", "chips"}));
  EXPECT_EQ(q->text(), "ＡＩ OR \"New  Energy\" -Games -(-Chips)");
}

TEST(QueryParseErrors, EmptyQuery) {
  expect_error("", 0, "empty query");
  expect_error("  \t　", 0, "empty query");
}

TEST(QueryParseErrors, OnlyNegativeTerms) {
  expect_error("-a", 0, "the query only excludes: it needs a term to look for");
  expect_error("NOT a", 0, "the query only excludes: it needs a term to look for");
  expect_error("-a -b", 0, "the query only excludes: it needs a term to look for");
  expect_error("a OR -b", 5, "this OR branch only excludes: it needs a term to look for");
  expect_error("a OR (-b -c)", 5, "this OR branch only excludes: it needs a term to look for");
  // An exclusion inside an OR is fine when the AND around it has a term to look for.
  EXPECT_TRUE(Query::parse("(a OR -b) c").has_value());
}

TEST(QueryParseErrors, UnbalancedParentheses) {
  expect_error("(a", 0, "unbalanced '(': missing ')'");
  expect_error("a (b OR (c)", 2, "unbalanced '(': missing ')'");
  expect_error("a)", 1, "unbalanced ')': no matching '('");
  expect_error("a (", 2, "unbalanced '(': missing ')'");
  expect_error("a ()", 2, "empty parentheses");
}

TEST(QueryParseErrors, Phrases) {
  expect_error("\"abc", 0, "unterminated phrase: missing '\"'");
  expect_error("a \"b c", 2, "unterminated phrase: missing '\"'");
  expect_error("\"\"", 0, "empty phrase");
  expect_error("a \" , \"", 2, "empty phrase");
}

TEST(QueryParseErrors, DanglingOperators) {
  expect_error("a OR", 2, "dangling OR: expected a term after it");
  expect_error("OR a", 0, "dangling OR: expected a term before it");
  expect_error("a OR OR b", 5, "dangling OR: expected a term before it");
  expect_error("(a OR) b", 3, "dangling OR: expected a term after it");
  expect_error("a |", 2, "dangling '|': expected a term after it");
  expect_error("a NOT", 2, "dangling NOT: expected a term after it");
  expect_error("a NOT OR b", 2, "dangling NOT: expected a term after it");
  expect_error("a - b", 2, "'-' must be directly followed by a term, a phrase or '('");
  expect_error("a AND", 2, "dangling AND: expected a term after it");
}

TEST(QueryParseErrors, OffsetsAreInBytes) {
  // "招商引资 " is 13 bytes.
  expect_error("招商引资 OR", 13, "dangling OR: expected a term after it");
}

TEST(QueryParseErrors, TermWithNothingToMatch) {
  expect_error("a !!!", 2, "'!!!' has nothing to match: it is all punctuation");
}

TEST(QueryParse, DeepNestingNeitherCrashesNorRecurses) {
  std::string deep = std::string(100000, '(') + "a" + std::string(100000, ')');
  EXPECT_TRUE(matches(deep, "a"));
  std::string nots;
  for (int i = 0; i < 50000; ++i) nots += "NOT NOT ";
  EXPECT_TRUE(matches(nots + "a", "a"));
}

}  // namespace
}  // namespace headlined::match

namespace headlined::match {
namespace {

// An error's place is told in characters, as an editor counts them, with the text before it.
TEST(QueryParse, ErrorPlacesCountCharactersAndQuoteTheTextBefore) {
  const std::string dangling = "招商引资 OR";
  EXPECT_EQ(describe_error_place(dangling, error_of(dangling)), "column 6, after \"招商引资 \"");
  const std::string leading = "OR 招商";
  EXPECT_EQ(describe_error_place(leading, error_of(leading)), "column 1, at the start");
  // A long query is quoted from its last 24 characters before the place.
  const std::string long_query = "新能源汽车 产业链 招商引资 重大项目 签约仪式 \"未闭合";
  EXPECT_EQ(describe_error_place(long_query, error_of(long_query)),
            "column 26, after \"…能源汽车 产业链 招商引资 重大项目 签约仪式 \"");
}

// Queries glued from random pieces: each either parses or fails with an offset inside the
// query, and a parsed one evaluates without trouble.
TEST(QueryParse, RandomQueriesParseOrFailWithAnOffsetInside) {
  const char* const pieces[] = {"a",  "b", " ",  "OR", "NOT", "-", "(",   ")", "\"",
                                "招", "|", "（", "）", "“",   "”", "AND", ",", "　"};
  unsigned seed = 12345;
  for (int round = 0; round < 3000; ++round) {
    std::string query;
    int length = 1 + round % 12;
    for (int i = 0; i < length; ++i) {
      seed = seed * 1103515245u + 12345u;
      query += pieces[(seed >> 16) % std::size(pieces)];
    }
    auto q = Query::parse(query);
    if (q) {
      std::vector<std::string> hits;
      q->matches("a b 招", &hits);
      EXPECT_FALSE(q->matches("")) << "matches empty text: " << query;
    } else {
      EXPECT_LE(q.error().offset, query.size()) << query;
      EXPECT_FALSE(q.error().reason.empty()) << query;
    }
  }
}

}  // namespace
}  // namespace headlined::match
