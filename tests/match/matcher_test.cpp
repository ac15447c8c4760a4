#include "headlined/match/matcher.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

#include "headlined/match/normalize.hpp"
#include "headlined/text/utf8.hpp"

namespace headlined::match {
namespace {

Subscription sub(std::string name, std::string query, std::vector<std::string> sources = {}) {
  Subscription s;
  s.name = std::move(name);
  s.query = std::move(query);
  s.sources = std::move(sources);
  return s;
}

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
      sub("invest", "招商引资 OR \"new energy\""),
      sub("energy", "新能源 (医药 OR 芯片)"),
      sub("chips", "芯片 OR semiconductor"),
      sub("excluded", "招商引资 -高青县"),
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
  Matcher matcher(std::vector<Subscription>{sub("invest", "招商引资")});
  std::vector<Match> matches = matcher.match(seed_article());
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].snippet, "一季度招商引资两项重要指标均居全市首位");
}

TEST(Matcher, SnippetIsCutFromTheOriginalParagraphAroundTheHit) {
  Matcher matcher(std::vector<Subscription>{sub("chain", "链主")});
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
  Matcher matcher(std::vector<Subscription>{sub("ai", "ai")});
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
  Matcher matcher(std::vector<Subscription>{sub("i", "招商引资")});
  std::vector<Match> matches = matcher.match(a);
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_TRUE(text::is_valid_utf8(matches[0].snippet));
  EXPECT_NE(matches[0].snippet.find("招商引资"), std::string::npos);
}

TEST(Matcher, LeavesOutSubscriptionsWhoseQueryDoesNotParse) {
  std::vector<std::string> errors;
  Matcher matcher(std::vector<Subscription>{sub("good", "a"), sub("bad", "a OR")}, &errors);
  EXPECT_EQ(matcher.size(), 1u);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0],
            "subscription 'bad': query: dangling OR: expected a term after it (at column 3, "
            "after \"a \")");
}

std::vector<std::string> names_of(const std::vector<Match>& matches) {
  std::vector<std::string> names;
  for (const Match& m : matches) names.push_back(m.subscription);
  return names;
}

TEST(Matcher, FieldScopesLookOnlyInTheirField) {
  Article a = seed_article();
  a.byline = "□本报记者 董振霞 通讯员 王克军";
  a.attribution = "淄博日报";
  a.source_name = "zibo";
  Matcher matcher(std::vector<Subscription>{
      sub("title-hit", "title:招商引资"),
      sub("title-miss", "title:链主"),
      sub("body-hit", "body:链主"),
      sub("author", "author:董振霞"),
      sub("source-reprint", "source:淄博日报"),
      sub("source-name", "source:zibo 高青县"),
      sub("source-miss", "source:新华社"),
      sub("group", "title:(链主 OR 首位)"),
      sub("phrase", "body:\"优化 产业链\""),
  });
  EXPECT_EQ(names_of(matcher.match(a)),
            (std::vector<std::string>{"title-hit", "body-hit", "author", "source-reprint",
                                      "source-name", "group", "phrase"}));
}

TEST(Matcher, ASubscriptionNamingSourcesOnlySeesTheirArticles) {
  Article a = seed_article();
  a.source_name = "zibo";
  Matcher matcher(std::vector<Subscription>{sub("everywhere", "招商引资"),
                                            sub("zibo-only", "招商引资", {"zibo"}),
                                            sub("elsewhere", "招商引资", {"xinhua", "people"})});
  EXPECT_EQ(names_of(matcher.match(a)), (std::vector<std::string>{"everywhere", "zibo-only"}));
}

TEST(Matcher, TraditionalAndSimplifiedAreTheSame) {
  Article traditional;
  traditional.title = "一季度招商引資兩項重要指標均居全市首位";
  Matcher matcher(std::vector<Subscription>{sub("simplified-query", "招商引资 指标"),
                                            sub("traditional-query", "\"兩項 重要\"")});
  std::vector<Match> matches = matcher.match(traditional);
  EXPECT_EQ(names_of(matches), (std::vector<std::string>{"simplified-query", "traditional-query"}));
  ASSERT_FALSE(matches.empty());
  // Terms are reported normalised; the snippet keeps the article's own characters.
  EXPECT_EQ(matches[0].terms, (std::vector<std::string>{"招商引资", "指标"}));
  EXPECT_EQ(matches[0].snippet, traditional.title);
  EXPECT_TRUE(
      Matcher(std::vector<Subscription>{sub("t", "招商引資")}).match(seed_article()).size() == 1u);
}

TEST(Matcher, PrefixWildcardsMatchWordsStartingWithTheStem) {
  Article a;
  a.title = "Economists expect growth";
  a.body = "The ECONOMY of the region; socioeconomic data.";
  Matcher matcher(std::vector<Subscription>{sub("econ", "econom*"), sub("socio", "socioeconomic*"),
                                            sub("grow", "title:grow*"), sub("none", "ergo*"),
                                            sub("body-grow", "body:grow*")});
  std::vector<Match> matches = matcher.match(a);
  EXPECT_EQ(names_of(matches), (std::vector<std::string>{"econ", "socio", "grow"}));
  ASSERT_FALSE(matches.empty());
  EXPECT_EQ(matches[0].terms, std::vector<std::string>{"econom*"});
  EXPECT_EQ(matches[0].snippet, "Economists expect growth");
}

TEST(Matcher, ReportsSizeAndDistinctTerms) {
  Matcher matcher(std::vector<Subscription>{sub("a", "芯片 OR chips"), sub("b", "芯片 -游戏"),
                                            sub("c", "title:芯片")});
  EXPECT_EQ(matcher.size(), 3u);
  EXPECT_EQ(matcher.distinct_terms(), 4u);  // 芯片, chips, 游戏, and 芯片 in titles only
  EXPECT_GT(matcher.memory_bytes(), 0u);
}

// The daemon's workers share one Matcher: matching keeps no state between calls.
TEST(Matcher, ThreadsSharingOneMatcherGetTheSameResults) {
  std::vector<Subscription> subs;
  for (int i = 0; i < 200; ++i)
    subs.push_back(sub("s" + std::to_string(i), i % 2 ? "招商引资 OR 链主" : "title:首位 -游戏"));
  const Matcher matcher(subs);
  const std::vector<Match> expected = matcher.match(seed_article());
  ASSERT_EQ(expected.size(), 200u);
  std::vector<std::thread> threads;
  std::atomic<int> differing{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int round = 0; round < 20; ++round) {
        std::vector<Match> got = matcher.match(seed_article());
        bool same = got.size() == expected.size();
        for (std::size_t i = 0; same && i < got.size(); ++i)
          same = got[i].subscription == expected[i].subscription &&
                 got[i].terms == expected[i].terms && got[i].snippet == expected[i].snippet;
        if (!same) ++differing;
      }
    });
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(differing.load(), 0);
}

TEST(Matcher, AQueryWithThousandsOfAlternativesStillMatches) {
  std::string query = "招商引资";
  for (int i = 0; i < 3000; ++i) query += " OR w" + std::to_string(i);
  Matcher matcher(std::vector<Subscription>{sub("wide", query)});
  EXPECT_EQ(matcher.match(seed_article()).size(), 1u);
  Article a;
  a.body = "only w2999 here";
  ASSERT_EQ(matcher.match(a).size(), 1u);
  EXPECT_EQ(matcher.match(a)[0].terms, std::vector<std::string>{"w2999"});
}

TEST(Matcher, NoSubscriptionsNoMatches) {
  Matcher matcher(std::vector<Subscription>{});
  EXPECT_TRUE(matcher.match(seed_article()).empty());
}

TEST(Matcher, HandsOverTheBodyItNormalised) {
  // The pipeline signs this text for stories: it must be normalize(body) whether subscriptions
  // hit, miss or there are none.
  Article a = seed_article();
  a.body += "\n招商引資 ＦＵＬＬ－ＷＩＤＴＨ Ｔｅｘｔ";
  const std::string expected = normalize(a.body);
  struct Case {
    std::vector<Subscription> subs;
    std::size_t matches;
  };
  const std::vector<Case> cases = {
      {{sub("hit", "招商引资")}, 1}, {{sub("miss", "芯片")}, 0}, {{}, 0}};
  for (const Case& c : cases) {
    std::string normalised;
    EXPECT_EQ(Matcher(c.subs).match(a, &normalised).size(), c.matches);
    EXPECT_EQ(normalised, expected);
  }
}

}  // namespace
}  // namespace headlined::match
