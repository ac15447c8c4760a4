#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "headlined/match/query.hpp"
#include "headlined/text/normalize.hpp"
#include "parse_and_match.hpp"

namespace headlined::match {
namespace {

// A paragraph of the seed article (the Zibo Daily reprint of tests/store/seed_article.hpp).
const std::string kSeedParagraph =
    "从京津冀到苏沪浙、从长三角到珠三角,高青县聚焦“高水平扩大开放、高质量招商引资”,马不停蹄,"
    "精准出击,一季度县党政主要领导、各招商链链长、各镇办主职干部带队外出招商49次,"
    "走出去对接企业院校82家,请进来投资考察企业122家。";

TEST(QueryMatch, ChineseTermsMatchAsSubstrings) {
  EXPECT_TRUE(matches("招商引资", kSeedParagraph));
  EXPECT_TRUE(matches("招商 长三角", kSeedParagraph));
  EXPECT_FALSE(matches("新能源", kSeedParagraph));
  EXPECT_FALSE(matches("招商引资 新能源", kSeedParagraph));
}

TEST(QueryMatch, LatinTermsMatchWholeWordsOnly) {
  EXPECT_FALSE(matches("art", "A new article about painting"));
  EXPECT_FALSE(matches("art", "The state of the artwork"));
  EXPECT_TRUE(matches("art", "Modern art, old masters"));
  EXPECT_TRUE(matches("c++", "Why C++ endures"));
  EXPECT_FALSE(matches("café", "cafés"));
  EXPECT_TRUE(matches("café", "a café (near here)"));
}

TEST(QueryMatch, ChineseNextToALatinWordIsAWordBoundary) {
  EXPECT_TRUE(matches("ai", "国产AI芯片量产"));
  EXPECT_TRUE(matches("AI芯片", "国产AI芯片量产"));
  EXPECT_FALSE(matches("AI芯片", "OpenAI芯片"));
  EXPECT_TRUE(matches("49", kSeedParagraph));
  EXPECT_FALSE(matches("4", kSeedParagraph));
}

TEST(QueryMatch, IsCaseInsensitive) {
  EXPECT_TRUE(matches("openai", "OpenAI releases"));
  EXPECT_TRUE(matches("OPENAI", "openai releases"));
  EXPECT_TRUE(matches("Straße", "STRASSE gesperrt"));
}

TEST(QueryMatch, FullWidthAndHalfWidthAreTheSame) {
  EXPECT_TRUE(matches("AI", "ＡＩ芯片"));
  EXPECT_TRUE(matches("ＡＩ", "ai chips"));
  EXPECT_TRUE(matches("2024", "２０２４年工作重点"));
}

TEST(QueryMatch, PhrasesMatchWordsInSequenceAcrossSpacesAndPunctuation) {
  EXPECT_TRUE(matches("\"new energy\"", "Investment in New  Energy vehicles"));
  EXPECT_TRUE(matches("\"new energy\"", "the new-energy sector"));
  EXPECT_TRUE(matches("\"new energy\"", "new\nenergy"));
  EXPECT_FALSE(matches("\"new energy\"", "renew energy"));
  EXPECT_FALSE(matches("\"new energy\"", "new energyx"));
  EXPECT_FALSE(matches("\"new energy\"", "energy new"));
  EXPECT_FALSE(matches("\"new energy\"", "new sources of energy"));
  // Chinese punctuation separates the words of a phrase too.
  EXPECT_TRUE(matches("\"高水平扩大开放 高质量招商引资\"", kSeedParagraph));
  EXPECT_FALSE(matches("\"高质量招商引资 高水平扩大开放\"", kSeedParagraph));
}

TEST(QueryMatch, NotExcludes) {
  EXPECT_TRUE(matches("招商 -新能源", kSeedParagraph));
  EXPECT_FALSE(matches("招商 -长三角", kSeedParagraph));
  EXPECT_FALSE(matches("招商 NOT \"高质量 招商引资\"", kSeedParagraph));
}

TEST(QueryMatch, OrNeedsEitherSide) {
  EXPECT_TRUE(matches("新能源 OR 招商引资", kSeedParagraph));
  EXPECT_TRUE(matches("新能源 | 珠三角", kSeedParagraph));
  EXPECT_FALSE(matches("新能源 OR 芯片", kSeedParagraph));
}

TEST(QueryMatch, ParenthesesGroup) {
  EXPECT_TRUE(matches("(新能源 OR 招商引资) 高青县", kSeedParagraph));
  EXPECT_FALSE(matches("(新能源 OR 芯片) 高青县", kSeedParagraph));
}

TEST(QueryMatch, HitsListThePositiveTermsFoundOnce) {
  std::vector<std::string> hits{"stale"};
  EXPECT_TRUE(matches("(招商引资 OR 新能源 OR 长三角) -芯片 招商引资", kSeedParagraph, &hits));
  EXPECT_EQ(hits, (std::vector<std::string>{"招商引资", "长三角"}));
  EXPECT_TRUE(matches("ＡＩ OR \"New  Energy\"", "new energy and AI", &hits));
  EXPECT_EQ(hits, (std::vector<std::string>{"ai", "new energy"}));
}

TEST(QueryMatch, FirstHitIsTheEarliestPositiveTerm) {
  auto q = Query::parse("长三角 OR 京津冀 -芯片");
  ASSERT_TRUE(q.has_value());
  std::string text = text::normalize_for_match(kSeedParagraph);
  auto hit = q->first_hit(text);
  ASSERT_TRUE(hit.has_value());
  EXPECT_EQ(text.substr(hit->first, hit->second - hit->first), "京津冀");
  EXPECT_FALSE(q->first_hit("nothing here").has_value());
}

}  // namespace
}  // namespace headlined::match
