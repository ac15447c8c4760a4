// `headlined test-query`: the real binary on pages (files and a local URL) and on a real
// database's stored snapshots.
#include "cli_fixture.hpp"
#include "support/local_server.hpp"

namespace headlined::cli::testing {
namespace {

const std::string kFixtures = HEADLINED_FIXTURES_DIR;
const std::string kSeedPage = kFixtures + "/parse/seed-article.html";
const std::string kEnglishPage = kFixtures + "/parse/english-article.html";

Output test_query(const std::string& query, const std::string& rest) {
  return headlined("test-query " + shell_quoted(query) + " " + rest);
}

TEST(TestQuery, SaysWhichTermsHitAndShowsTheSnippet) {
  // Written in Traditional characters, as a Hong Kong or Taiwan reader might.
  Output o = test_query("招商引資 (链主 OR 鏈長)", shell_quoted(kSeedPage));
  EXPECT_EQ(o.status, 0) << o.out;
  EXPECT_NE(o.out.find("MATCH     " + kSeedPage), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("terms:   招商引资, 链主, 链长"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("snippet: 日前,我市公布今年一季度全市招商引资综合情况"), std::string::npos)
      << o.out;
}

TEST(TestQuery, ExitsOneWhenAPageDoesNotMatch) {
  Output o = test_query("招商引资", shell_quoted(kSeedPage) + " " + shell_quoted(kEnglishPage));
  EXPECT_EQ(o.status, 1) << o.out;
  EXPECT_NE(o.out.find("NO MATCH  " + kEnglishPage), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("title:   City council approves new riverside park"), std::string::npos)
      << o.out;
}

TEST(TestQuery, FieldScopesAndWildcardsWorkOnPages) {
  EXPECT_EQ(
      test_query("title:(council park*) body:\"rail yard\"", shell_quoted(kEnglishPage)).status, 0);
  EXPECT_EQ(test_query("title:\"rail yard\"", shell_quoted(kEnglishPage)).status, 1);
}

TEST(TestQuery, AMalformedQueryExitsTwoAndPointsAtTheProblem) {
  Output o = test_query("招商引资 OR", shell_quoted(kSeedPage) + " 2>&1");
  EXPECT_EQ(o.status, 2);
  // Columns count characters: "OR" stands at column 6 (byte 13).
  EXPECT_NE(o.out.find("malformed query at column 6, after \"招商引资 \": dangling OR: "
                       "expected a term after it"),
            std::string::npos)
      << o.out;
  // Four CJK characters are eight columns, then a space: the caret is under "OR".
  EXPECT_NE(o.out.find("\n  招商引资 OR\n           ^"), std::string::npos) << o.out;
}

TEST(TestQuery, FetchesAUrlAsTheDaemonWould) {
  headlined::testing::LocalServer site;
  site.server().Get("/news/1.html", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(
        "<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour "
        "reopens</h1><p>The harbour reopened on Monday after the storm, and ferries to the "
        "islands run again from today.</p></article></body></html>",
        "text/html; charset=utf-8");
  });
  site.start();
  Output o = test_query("harbour ferries", shell_quoted(site.url("/news/1.html")));
  EXPECT_EQ(o.status, 0) << o.out;
  EXPECT_NE(o.out.find("terms:   harbour, ferries"), std::string::npos) << o.out;
}

TEST_F(CliTest, TestQueryStoredShowsWhatASubscriptionWouldHaveCaught) {
  Output all = db_command("test-query 'harbour OR 招商引資' --stored");
  EXPECT_EQ(all.status, 0) << all.out;
  EXPECT_NE(all.out.find("#" + std::to_string(seed_id) + "  "), std::string::npos) << all.out;
  EXPECT_NE(all.out.find(kHarbourUrl), std::string::npos) << all.out;
  EXPECT_NE(all.out.find("2 of 2 stored snapshots match"), std::string::npos) << all.out;

  // The harbour article was fetched 100 days ago.
  Output recent = db_command("test-query 'harbour OR 招商引資' --stored --since 7d");
  EXPECT_EQ(recent.status, 0) << recent.out;
  EXPECT_EQ(recent.out.find(kHarbourUrl), std::string::npos) << recent.out;
  EXPECT_NE(recent.out.find("1 of 1 stored snapshot from the last 7d match"), std::string::npos)
      << recent.out;

  Output none = db_command("test-query 'harbour' --stored --since 7d");
  EXPECT_EQ(none.status, 1) << none.out;
  EXPECT_NE(none.out.find("0 of 1 stored snapshot from the last 7d match"), std::string::npos);
}

TEST_F(CliTest, TestQueryNeedsPagesOrStored) {
  EXPECT_EQ(headlined("test-query 'a' 2>/dev/null").status, 2);
  EXPECT_EQ(db_command("test-query 'a' --stored --since soon 2>/dev/null").status, 2);
}

}  // namespace
}  // namespace headlined::cli::testing
