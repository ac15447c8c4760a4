// The extraction signals that generalise across sites, each from a small hand-written page:
// the promotion beside a story that stays out of it, the writers signed after the last sentence,
// author meta and boxes that are not names, and a dateline more precise than the meta date.

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "headlined/parse/extract.hpp"
#include "tree_planting_page.hpp"

namespace headlined::parse {
namespace {

TEST(ContentElement, AShortPromotionBesideTheStoryStaysOut) {
  // One line beside the story, however well named, is not part of it; nor is a link list.
  Article a = extract_article(
      tree_planting_page(
          "",
          "<h1>春季植树活动启动</h1><div class=\"main\"><div class=\"article-promo\"><p>"
          "“年度人物评选”火热进行中，快来投票，选出你心目中的商业领袖！</p></div>"
          "<div class=\"article\">" +
              kTreePlantingProse + kTreePlantingProse +
              "</div><div class=\"more\"><p><a href=\"/a\">其他新闻一，标题很长很长很长很长"
              "很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长</a></p>"
              "<p><a href=\"/b\">其他新闻二，标题很长很长很长很长很长很长很长很长很长很长很长"
              "很长很长很长很长很长很长很长很长很长</a></p></div></div>"),
      "https://x.example/1.html");
  EXPECT_EQ(a.body.find("年度人物评选"), std::string::npos) << a.body;
  EXPECT_EQ(a.body.find("其他新闻"), std::string::npos) << a.body;
  EXPECT_NE(a.body.find("3月2日"), std::string::npos) << a.body;
}

TEST(ClosingCredit, WritersInBracketsAfterTheLastSentenceAreTheByline) {
  Article a = extract_article(
      tree_planting_page(
          "", "<h1>春季植树活动启动</h1><div class=\"content\">" + kTreePlantingProse +
                  "<p>活动将持续到四月底，届时还将评选出最佳认养社区。（张巨峰）</p></div>"),
      "https://x.example/1.html");
  EXPECT_EQ(a.byline, "张巨峰");
  Article b = extract_article(
      tree_planting_page(
          "", "<h1>春季植树活动启动</h1><div class=\"content\">" + kTreePlantingProse +
                  "<p>活动将持续到四月底，届时还将评选出最佳认养社区。(文/图 刘玺东 易赛楠)</p>"
                  "</div>"),
      "https://x.example/1.html");
  EXPECT_EQ(b.byline, "刘玺东 易赛楠");
  EXPECT_EQ(byline_names(b.byline), "刘玺东 易赛楠");
}

TEST(ClosingCredit, CaptionsOutletsAndOfficesAreNotWriters) {
  // A caption's bracket follows no sentence; an outlet or an office is not a person.
  for (const std::string last :
       {"<p>市民在河边植树（资料图）</p>",
        "<p>活动将持续到四月底，届时还将评选出最佳认养社区。（新华社）</p>",
        "<p>活动将持续到四月底，届时还将评选出最佳认养社区。（德清县发改局）</p>",
        "<p>活动将持续到四月底，届时还将评选出最佳认养社区。(see below)</p>"}) {
    Article a =
        extract_article(tree_planting_page("", "<h1>春季植树活动启动</h1><div class=\"content\">" +
                                                   kTreePlantingProse + last + "</div>"),
                        "https://x.example/1.html");
    EXPECT_EQ(a.byline, "") << last;
  }
}

TEST(AuthorSignals, AMetaAuthorWithDigitsIsAUserIdNotAName) {
  Article a =
      extract_article(tree_planting_page("<meta name=\"author\" content=\"104363\">",
                                         "<h1>春季植树活动启动</h1><div class=\"content\">" +
                                             kTreePlantingProse + "</div>"),
                      "https://x.example/1.html");
  EXPECT_EQ(a.byline, "");
  Article b =
      extract_article(tree_planting_page("<meta name=\"author\" content=\"赵林\">",
                                         "<h1>春季植树活动启动</h1><div class=\"content\">" +
                                             kTreePlantingProse + "</div>"),
                      "https://x.example/1.html");
  EXPECT_EQ(b.byline, "赵林");
}

TEST(AuthorSignals, TheFollowButtonIsNotPartOfTheName) {
  Article a = extract_article(
      tree_planting_page(
          "",
          "<h1>春季植树活动启动</h1><div class=\"author-box\"><span class=\"author-name\">"
          "城市发布</span> <a class=\"btn\">关注</a></div><div class=\"content\">" +
              kTreePlantingProse + "</div>"),
      "https://x.example/1.html");
  EXPECT_EQ(a.byline, "城市发布");
}

TEST(AuthorSignals, AuthorInsideAWordOfTheHeadlineIsNoLabel) {
  // "原作者女儿：" is the original author's daughter speaking, in the headline.
  Article a = extract_article(
      "<html><head><title>儿歌被改 原作者女儿：不觉得拗口吗</title></head><body>"
      "<h1>儿歌被改 原作者女儿：不觉得拗口吗</h1><div class=\"content\">" +
          kTreePlantingProse + "</div></body></html>",
      "https://x.example/1.html");
  EXPECT_EQ(a.byline, "");
  // A label at a word start or before a colon is one, glued to the name or not.
  for (auto [line, name] : {std::pair<std::string, std::string>{"来源CSDN | 作者魏星", "魏星"},
                            {"证券时报网作者：李在山", "李在山"}}) {
    Article b =
        extract_article(tree_planting_page("", "<h1>春季植树活动启动</h1><div class=\"info\"><p>" +
                                                   line + "</p></div><div class=\"content\">" +
                                                   kTreePlantingProse + "</div>"),
                        "https://x.example/1.html");
    EXPECT_EQ(b.byline, name) << line;
  }
}

TEST(PublishedSignals, ADateOnlyMetaTakesTheDatelinesTimeOfTheSameDay) {
  Article a = extract_article(
      tree_planting_page(
          "<meta name=\"publishdate\" content=\"2019-06-15\">",
          "<h1>春季植树活动启动</h1><div class=\"info\">2019年06月15日08:18 来源：某某网</div>"
          "<div class=\"content\">" +
              kTreePlantingProse + "</div>"),
      "https://x.example/1.html");
  EXPECT_EQ(a.published, "2019-06-15T08:18:00");
  // Another day's dateline does not replace the meta date.
  Article b = extract_article(
      tree_planting_page(
          "<meta name=\"publishdate\" content=\"2019-06-15\">",
          "<h1>春季植树活动启动</h1><div class=\"info\">2019年06月16日08:18 来源：某某网</div>"
          "<div class=\"content\">" +
              kTreePlantingProse + "</div>"),
      "https://x.example/1.html");
  EXPECT_EQ(b.published, "2019-06-15T00:00:00");
}

}  // namespace
}  // namespace headlined::parse
