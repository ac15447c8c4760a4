// The article's own fields as the page declares them for machines: schema.org JSON-LD
// (author, datePublished, articleBody), microdata (itemprop="datePublished") and
// <a rel="author">, each from a small hand-written page.

#include <gtest/gtest.h>

#include <string>

#include "headlined/parse/extract.hpp"

namespace headlined::parse {
namespace {

const std::string kNightBusesStory =
    "<p>The council voted on Tuesday to extend the night bus service to the northern suburbs, "
    "after a year in which ridership on the existing routes doubled.</p>"
    "<p>Officials said the new routes would start in March, with buses every twenty minutes "
    "between midnight and five in the morning.</p>";

std::string night_buses_page(const std::string& head, const std::string& body) {
  return "<html><head><title>Night buses extended</title>" + head + "</head><body>" + body +
         "</body></html>";
}

std::string ld(const std::string& json) {
  return "<script type=\"application/ld+json\">" + json + "</script>";
}

Article extract(const std::string& html) {
  return extract_article(html, "https://news.example/buses.html");
}

TEST(JsonLd, TheArticleAuthorIsTheByline) {
  Article a = extract(
      night_buses_page(ld(R"({"@context":"https://schema.org","@type":"NewsArticle",
      "headline":"Night buses extended","author":{"@type":"Person","name":"Jane Doe"}})"),
                       "<h1>Night buses extended</h1><article>" + kNightBusesStory + "</article>"));
  EXPECT_EQ(a.byline, "Jane Doe");
}

TEST(JsonLd, AuthorsInAGraphAreJoinedAndReferencesSkipped) {
  // An article in "@graph" beside the site's WebPage; an author given only as an @id
  // reference or an address names nobody.
  Article a = extract(
      night_buses_page(ld(R"({"@graph":[{"@type":"WebPage","name":"City news"},{"@type":["Article"],
          "author":[{"name":"Jane Doe"},"Max Roe",{"@id":"https://news.example/#/person/1"},
                    "https://news.example/staff/ann"]}]})"),
                       "<h1>Night buses extended</h1><article>" + kNightBusesStory + "</article>"));
  EXPECT_EQ(a.byline, "Jane Doe, Max Roe");
}

TEST(JsonLd, TheArticleDateIsPublishedAndInvalidJsonIsSkipped) {
  // The first script is not JSON at all; the second is the article's.
  Article a =
      extract(night_buses_page(ld("{not json") + ld(R"([{"@type":"Organization","name":"City"},
      {"@type":"BlogPosting","datePublished":"2024-03-05T08:30:00+01:00"}])"),
                               "<h1>Night buses extended</h1><article>" + kNightBusesStory +
                                   "<p class=\"c\">2023-01-01</p></article>"));
  EXPECT_EQ(a.published, "2024-03-05T08:30:00+01:00");
}

TEST(JsonLd, DeeplyNestedJsonIsSkippedNotParsed) {
  std::string deep(200, '[');
  Article a = extract(
      night_buses_page(ld(deep + "{\"@type\":\"Article\",\"author\":\"Jane Doe\"}"),
                       "<h1>Night buses extended</h1><article>" + kNightBusesStory + "</article>"));
  EXPECT_EQ(a.byline, "");
  EXPECT_NE(a.body.find("night bus service"), std::string::npos);
}

TEST(JsonLd, ArticleBodyStandsInWhenThePageShowsLittleOfIt) {
  // The page shows a teaser; the story itself is in articleBody, its paragraphs parted by
  // line breaks (escaped in the JSON string).
  Article a = extract(night_buses_page(
      ld(R"({"@type":"NewsArticle","articleBody":"The council voted on Tuesday to extend the )"
         R"(night bus service to the northern suburbs.\n\nOfficials said the new routes would )"
         R"(start in March, with buses every twenty minutes between midnight and five in the )"
         R"(morning.\nThe cost, two million a year, comes from the parking levy."})"),
      "<h1>Night buses extended</h1><div class=\"story\"><p>The council voted on Tuesday to "
      "extend the night bus service.</p></div>"));
  EXPECT_EQ(a.body,
            "The council voted on Tuesday to extend the night bus service to the northern "
            "suburbs.\nOfficials said the new routes would start in March, with buses every "
            "twenty minutes between midnight and five in the morning.\nThe cost, two million a "
            "year, comes from the parking levy.");
  EXPECT_NE(a.body_html.find("<p>The cost, two million"), std::string::npos) << a.body_html;
}

TEST(JsonLd, AShorterArticleBodyLeavesThePageText) {
  // A teaser in articleBody never replaces the text the page shows.
  Article a = extract(
      night_buses_page(ld(R"({"@type":"NewsArticle","articleBody":"Night buses extended."})"),
                       "<h1>Night buses extended</h1><article>" + kNightBusesStory + "</article>"));
  EXPECT_NE(a.body.find("Officials said"), std::string::npos);
  EXPECT_EQ(a.body.find("Night buses extended."), std::string::npos);
}

TEST(Microdata, ADatePublishedElementGivesTheDate) {
  Article a =
      extract(night_buses_page("",
                               "<h1>Night buses extended</h1><article><span "
                               "itemprop=\"datePublished\" content=\"2024-03-05T08:30:00Z\">5 "
                               "March</span>" +
                                   kNightBusesStory +
                                   "</article><div class=\"x\"><time>2020-01-01</time>"
                                   "</div>"));
  EXPECT_EQ(a.published, "2024-03-05T08:30:00Z");
}

TEST(RelAuthor, ALinkToTheWritersPageIsTheByline) {
  Article a =
      extract(night_buses_page("",
                               "<h1>Night buses extended</h1><article><p class=\"meta\">"
                               "<a rel=\"external author\" href=\"/people/jane-doe\">Jane Doe"
                               "</a></p>" +
                                   kNightBusesStory + "</article>"));
  EXPECT_EQ(a.byline, "Jane Doe");
}

}  // namespace
}  // namespace headlined::parse
