// Field scopes, prefix wildcards and Traditional/Simplified in the query language, evaluated
// by the reference (term by term) path.
#include <gtest/gtest.h>

#include <string>

#include "headlined/match/normalize.hpp"
#include "headlined/match/query.hpp"
#include "parse_and_match.hpp"

namespace headlined::match {
namespace {

struct Fields {
  std::string title, body, source, author;
};

bool matches(const std::string& query, const Fields& f) {
  auto q = Query::parse(query);
  EXPECT_TRUE(q.has_value()) << query << ": " << (q ? "" : q.error().reason);
  const std::string title = normalize(f.title), body = normalize(f.body),
                    source = normalize(f.source), author = normalize(f.author);
  return q && q->matches(FieldTexts{title, body, source, author});
}

const Fields kArticle{"国产AI芯片取得突破", "新能源汽车销量增长。Economists expect growth.",
                      "新华社\nxinhua-feed", "□本报记者 董振霞"};

TEST(QueryScope, EachScopeLooksInItsFieldOnly) {
  EXPECT_TRUE(matches("title:芯片", kArticle));
  EXPECT_FALSE(matches("body:芯片", kArticle));
  EXPECT_TRUE(matches("body:新能源", kArticle));
  EXPECT_FALSE(matches("title:新能源", kArticle));
  EXPECT_TRUE(matches("source:新华社", kArticle));
  EXPECT_TRUE(matches("source:xinhua-feed", kArticle));
  EXPECT_TRUE(matches("author:董振霞", kArticle));
  EXPECT_FALSE(matches("author:芯片", kArticle));
  EXPECT_FALSE(matches("source:芯片 OR author:新能源", kArticle));
}

TEST(QueryScope, UnscopedTermsLookInTitleAndBodyButNotElsewhere) {
  EXPECT_TRUE(matches("芯片 新能源", kArticle));
  EXPECT_FALSE(matches("董振霞", kArticle));
  EXPECT_FALSE(matches("新华社", kArticle));
}

TEST(QueryScope, ScopedPhrasesGroupsAndNegations) {
  EXPECT_TRUE(matches("title:\"国产 ai芯片\"", kArticle));
  EXPECT_TRUE(matches("title:(新能源 OR 突破)", kArticle));
  EXPECT_FALSE(matches("title:(新能源 OR 增长)", kArticle));
  EXPECT_TRUE(matches("title:(突破 body:汽车)", kArticle));  // the inner scope wins
  EXPECT_TRUE(matches("芯片 -body:芯片", kArticle));
  EXPECT_TRUE(matches("TITLE:芯片", kArticle));
}

TEST(QueryScope, PrefixWildcardsMatchWordStartsOnly) {
  EXPECT_TRUE(matches("econom*", kArticle));
  EXPECT_TRUE(matches("grow*", kArticle));
  EXPECT_TRUE(matches("growth*", kArticle));
  EXPECT_FALSE(matches("conom*", kArticle));
  EXPECT_FALSE(matches("title:econom*", kArticle));
  EXPECT_TRUE(matches("ai*", kArticle));  // "AI" before a Chinese character is a word
}

TEST(QueryScope, TraditionalAndSimplifiedMatchEachOther) {
  EXPECT_TRUE(matches("國產 新能源汽車", kArticle));
  EXPECT_TRUE(matches("招商引资", {"", "今年一季度招商引資綜合情況", "", ""}));
  EXPECT_TRUE(matches("\"招商 引資\"", {"", "招商、引资", "", ""}));
}

TEST(QueryScope, MalformedScopesAndWildcardsAreRejectedWhereTheyAre) {
  expect_error("a title: b", 2, "'title:' must be directly followed by a term, a phrase or '('");
  expect_error("body:", 0, "'body:' must be directly followed by a term, a phrase or '('");
  const std::string wildcard =
      "'*' must end a Latin word of at least two letters or digits, as in econom*";
  expect_error("a 中国*", 2, wildcard);
  expect_error("e*", 0, wildcard);
  expect_error("*", 0, wildcard);
  expect_error("title:*", 0, wildcard);
  expect_error("-title:a", 0, "the query only excludes: it needs a term to look for");
}

TEST(QueryScope, StarsInsideATermAndUnknownScopesAreOrdinaryText) {
  EXPECT_TRUE(matches("a*b", {"", "x a*b y", "", ""}));
  EXPECT_TRUE(matches("http://x.cn", {"", "see http://x.cn now", "", ""}));
}

}  // namespace
}  // namespace headlined::match
