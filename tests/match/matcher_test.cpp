#include "headlined/match/matcher.hpp"

#include <gtest/gtest.h>

#include <string>

#include "headlined/text/utf8.hpp"

namespace headlined::match {
namespace {

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (std::size_t pos = 0; pos < s.size(); ++n) text::next_code_point(s, pos);
  return n;
}

// The seed snapshot's title and three of its paragraphs.
Article seed_article() {
  Article a;
  a.url = "http://127.0.0.1/zibo/1.html";
  a.title = "一季度招商引资两项重要指标均居全市首位";
  a.body =
      "日前,我市公布今年一季度全市招商引资综合情况,"
      "高青县省外到位资金、新引进过亿元项目两项重要指标的"
      "年度目标完成率,均居全市首位。高青县委书记刘学圣说:“这得益于我们请进了一批优质合伙人。”\n"
      "优化产业链\n"
      "招商引资,“链长”“链主”是关键。高青县不断优化产业链“链长制”,围绕新材料、健康医药、新能源、"
      "临港物流、农文旅等产业,成立五大产业链招商专班,强化镇办与部门联合,明确每条产业链任务目标。"
      "构建“县级链长+副链长+链主+牵头部门+配合部门”的工作推进体系。";
  return a;
}

TEST(Matcher, ReturnsOnlyTheMatchingSubscriptionsWithTheirTerms) {
  std::vector<Subscription> subs = {
      {"invest", "招商引资 OR \"new energy\"", {"mail"}},
      {"energy", "新能源 (医药 OR 芯片)", {"hook"}},
      {"chips", "芯片 OR semiconductor", {"hook"}},
      {"excluded", "招商引资 -高青县", {"hook"}},
  };
  Matcher matcher(subs);
  EXPECT_EQ(matcher.size(), 4u);
  std::vector<Match> matches = matcher.match(seed_article());
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].subscription, "invest");
  EXPECT_EQ(matches[0].terms, std::vector<std::string>{"招商引资"});
  EXPECT_EQ(matches[1].subscription, "energy");
  EXPECT_EQ(matches[1].terms, (std::vector<std::string>{"新能源", "医药"}));
}

TEST(Matcher, SnippetComesFromTheTitleWhenTheHitIsThere) {
  Matcher matcher(std::vector<Subscription>{{"invest", "招商引资", {}}});
  std::vector<Match> matches = matcher.match(seed_article());
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].snippet, "一季度招商引资两项重要指标均居全市首位");
}

TEST(Matcher, SnippetIsCutFromTheOriginalParagraphAroundTheHit) {
  Matcher matcher(std::vector<Subscription>{{"chain", "链主", {}}});
  std::vector<Match> matches = matcher.match(seed_article());
  ASSERT_EQ(matches.size(), 1u);
  const std::string& s = matches[0].snippet;
  EXPECT_TRUE(text::is_valid_utf8(s));
  EXPECT_NE(s.find("“链长”“链主”是关键"), std::string::npos) << s;
  EXPECT_TRUE(s.ends_with("…")) << s;
  EXPECT_LE(code_points(s), 80u + 2u) << s;
  EXPECT_GE(code_points(s), 60u) << s;
}

TEST(Matcher, SnippetKeepsTheOriginalFormOfNormalisedText) {
  Article a;
  a.title = "Markets";
  a.body = std::string(120, 'x') + " 国产ＡＩ芯片 " + std::string(120, 'y');
  Matcher matcher(std::vector<Subscription>{{"ai", "ai", {}}});
  std::vector<Match> matches = matcher.match(a);
  ASSERT_EQ(matches.size(), 1u);
  const std::string& s = matches[0].snippet;
  EXPECT_NE(s.find("国产ＡＩ芯片"), std::string::npos) << s;
  EXPECT_TRUE(s.starts_with("…")) << s;
  EXPECT_TRUE(s.ends_with("…")) << s;
  EXPECT_EQ(code_points(s), 80u + 2u) << s;
  EXPECT_EQ(matches[0].terms, std::vector<std::string>{"ai"});
}

TEST(Matcher, SnippetNeverSplitsACharacterAndSurvivesInvalidBytes) {
  Article a;
  a.title = "t";
  a.body = std::string(200, 'a') + "\xE6\x8B" + " 招商引资 " + std::string(300, 'b') + "\xFF";
  Matcher matcher(std::vector<Subscription>{{"i", "招商引资", {}}});
  std::vector<Match> matches = matcher.match(a);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_TRUE(text::is_valid_utf8(matches[0].snippet));
  EXPECT_NE(matches[0].snippet.find("招商引资"), std::string::npos);
}

TEST(Matcher, LeavesOutSubscriptionsWhoseQueryDoesNotParse) {
  std::vector<std::string> errors;
  Matcher matcher(std::vector<Subscription>{{"good", "a", {}}, {"bad", "a OR", {}}}, &errors);
  EXPECT_EQ(matcher.size(), 1u);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "subscription 'bad': query: dangling OR: expected a term after it (at byte 2)");
}

TEST(Matcher, NoSubscriptionsNoMatches) {
  Matcher matcher(std::vector<Subscription>{});
  EXPECT_TRUE(matcher.match(seed_article()).empty());
}

}  // namespace
}  // namespace headlined::match
