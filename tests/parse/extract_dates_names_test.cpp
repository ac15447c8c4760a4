// Which printed date is the article's and which byline texts are names, each from a small
// hand-written page: a related list's, a copyright line's and a top bar's dates against the
// dateline; a printed time against a meta time; two-digit years after a label; label words,
// buttons and headings where a name would be.

#include <gtest/gtest.h>

#include <string>

#include "headlined/parse/extract.hpp"
#include "tree_planting_page.hpp"

namespace headlined::parse {
namespace {

const std::string kArticleProse = "<div class=\"article\">" + kTreePlantingProse + "</div>";

// A list of other stories, each dated, after the story.
const std::string kRelated =
    "<ul class=\"list\"><li><a href=\"/a\">去年植树活动回顾</a> 2018-03-01 09:00</li>"
    "<li><a href=\"/b\">公园建设进展</a> 2018-02-11 10:30</li></ul>";

TEST(PublishedPlacement, ARelatedListsDatesAreNotTheArticles) {
  // Without a dateline, the only dates left are the related entries' and the footer's.
  Article a = extract_article(
      tree_planting_page("", "<h1>春季植树活动启动</h1>" + kArticleProse + kRelated +
                                 "<p>Copyright © 2005-2019 某市新闻网 2019-01-01</p>"),
      "https://x.example/1.html");
  EXPECT_EQ(a.published, "");
  // A labelled date after the story (a notice's "发布日期") is the article's, not the list's.
  Article b =
      extract_article(tree_planting_page("", "<h1>春季植树活动启动</h1>" + kRelated +
                                                 kArticleProse + "<p>发布日期：2019-03-02</p>"),
                      "https://x.example/2.html");
  EXPECT_EQ(b.published, "2019-03-02T00:00:00");
}

TEST(PublishedPlacement, TheHeaderDateBeatsTheTopBarsDate) {
  // Today's date above the headline is the site's; the one between headline and text is ours.
  Article a = extract_article(
      tree_planting_page(
          "",
          "<div class=\"top\"><p>今天是 2020-05-01 星期五</p></div><h1>春季植树活动启动</h1>"
          "<div class=\"info\"><span>市新闻网</span> <span>2019-03-02 10:15</span>"
          "<span>阅读 1234</span></div>" +
              kArticleProse),
      "https://x.example/3.html");
  EXPECT_EQ(a.published, "2019-03-02T10:15:00");
}

TEST(PublishedPlacement, APrintedTimeOnTheMetaDaysDateWins) {
  // Meta times are often when the page was generated; readers see the printed time.
  Article a = extract_article(
      tree_planting_page(
          "<meta property=\"article:published_time\" content=\"2019-09-07T06:52:51+08:00\">",
          "<h1>春季植树活动启动</h1><p>2019年09月07日 04:04 北京日报</p>" + kArticleProse),
      "https://x.example/4.html");
  EXPECT_EQ(a.published, "2019-09-07T04:04:00");
  // A printed date on another day, or without a time, leaves the meta time as it is.
  Article b = extract_article(
      tree_planting_page(
          "<meta property=\"article:published_time\" content=\"2019-09-07T06:52:51+08:00\">",
          "<h1>春季植树活动启动</h1><p>2019-09-07</p>" + kArticleProse),
      "https://x.example/5.html");
  EXPECT_EQ(b.published, "2019-09-07T06:52:51+08:00");
}

TEST(PublishedPlacement, ATwoDigitYearAfterAPublicationLabel) {
  // Platforms print "发布时间：18-03-08" with the time in an element of its own.
  Article a = extract_article(
      tree_planting_page(
          "",
          "<h1>春季植树活动启动</h1><div class=\"source\"><span>发布时间：18-03-08</span>"
          "<span>23:16</span></div>" +
              kArticleProse),
      "https://x.example/6.html");
  EXPECT_EQ(a.published, "2018-03-08T23:16:00");
  // Without the label the same digits are no date.
  Article b = extract_article(
      tree_planting_page("", "<h1>春季植树活动启动</h1><p>编号 18-03-08</p>" + kArticleProse),
      "https://x.example/7.html");
  EXPECT_EQ(b.published, "");
}

TEST(AuthorValidation, LabelWordsButtonsAndPlaceholdersAreNotNames) {
  for (std::string box : {"作者：网络整理", "作者 赞赏", "作者：admin", "作者：责任编辑"}) {
    Article a = extract_article(
        tree_planting_page("", "<h1>春季植树活动启动</h1><p>" + box + "</p>" + kArticleProse),
        "https://x.example/8.html");
    EXPECT_EQ(a.byline, "") << box;
  }
  // A rejected printed label leaves the meta author to speak.
  Article b = extract_article(
      tree_planting_page("<meta name=\"author\" content=\"kingname\">",
                         "<h1>春季植树活动启动</h1><p>作者 赞赏</p>" + kArticleProse),
      "https://x.example/9.html");
  EXPECT_EQ(b.byline, "kingname");
}

TEST(AuthorValidation, AttributeValuesDatesAndPunctuationRunsAreNotNames) {
  for (std::string meta : {"{{author}}", "2019-09-07 10:00", "……】【", "a=b"}) {
    Article a =
        extract_article(tree_planting_page("<meta name=\"author\" content=\"" + meta + "\">",
                                           "<h1>春季植树活动启动</h1>" + kArticleProse),
                        "https://x.example/10.html");
    EXPECT_EQ(a.byline, "") << meta;
  }
}

TEST(AuthorValidation, TheNextLabelEndsALabelledName) {
  Article a = extract_article(
      tree_planting_page(
          "", "<h1>春季植树活动启动</h1><p>作者：李在山时间：2019-10-31</p>" + kArticleProse),
      "https://x.example/11.html");
  EXPECT_EQ(a.byline, "李在山");
}

TEST(AuthorValidation, ASquareBeforeAHeadingIsABulletNotAByline) {
  Article a = extract_article(
      tree_planting_page("", "<h1>春季植树活动启动</h1><p>■ 纪检监察</p>" + kArticleProse),
      "https://x.example/12.html");
  EXPECT_EQ(a.byline, "");
  Article b = extract_article(
      tree_planting_page("", "<h1>春季植树活动启动</h1><p>■本报记者 王小明</p>" + kArticleProse),
      "https://x.example/13.html");
  EXPECT_EQ(byline_names(b.byline), "王小明");
}

}  // namespace
}  // namespace headlined::parse
