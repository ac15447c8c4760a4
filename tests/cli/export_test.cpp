#include "cli_fixture.hpp"

namespace headlined::cli::testing {
namespace {

// feedparser's verdict on an Atom document: "bozo=<0|1> entries=<n>" then one title per line.
std::string feedparser_verdict(const std::string& feed_path) {
  std::string verdict;
  const std::string script =
      "import sys, feedparser\n"
      "d = feedparser.parse(sys.argv[1])\n"
      "print('bozo=%d entries=%d version=%s' % (d.bozo, len(d.entries), d.version))\n"
      "if d.bozo: print(d.bozo_exception)\n"
      "print(d.feed.title)\n"
      "for e in d.entries: print(e.title + ' | ' + e.link + ' | ' + e.id + ' | ' + e.summary)\n";
  FILE* pipe = popen(
      ("/usr/bin/python3 -c " + shell_quoted(script) + " " + shell_quoted(feed_path)).c_str(), "r");
  if (!pipe) return "cannot run /usr/bin/python3";
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) verdict.append(buffer, n);
  pclose(pipe);
  return verdict;
}

TEST_F(CliTest, ExportedAtomFeedParsesWithoutABozoFlag) {
  // A second matched article, so the feed has entries of both subscriptions' kinds.
  Snapshot second = seed_article("https://zibo.example/news/second.html", now_unix() - 10);
  ASSERT_TRUE(store->commit_article(second, {Match{"investment", {"招商引资"}, "第二篇"}}, {}));

  Output atom =
      headlined("export --config " + shell_quoted(config_path) + " --subscription investment");
  ASSERT_EQ(atom.status, 0) << atom.out;
  const std::string feed_path = dir.file("investment.atom");
  headlined::testing::write_file(feed_path, atom.out);
  std::string verdict = feedparser_verdict(feed_path);
  EXPECT_NE(verdict.find("bozo=0 entries=2 version=atom10"), std::string::npos) << verdict;
  EXPECT_NE(verdict.find("headlined: investment"), std::string::npos) << verdict;
  // Newest first; the link is the URL as found, the id the canonical one.
  EXPECT_NE(verdict.find("一季度招商引资两项重要指标均居全市首位 | " + kSeedUrl +
                         "?utm_source=rss | " + kSeedUrl + " | …全市招商引资综合情况…"),
            std::string::npos)
      << verdict;
  EXPECT_LT(verdict.find(kSeedUrl + "?"), verdict.find("second.html")) << verdict;
}

TEST_F(CliTest, ExportEscapesMarkupAndDropsCharactersXmlForbids) {
  Output atom = db_command("export --subscription harbour --format atom");
  ASSERT_EQ(atom.status, 0) << atom.out;
  const std::string feed_path = dir.file("harbour.atom");
  headlined::testing::write_file(feed_path, atom.out);
  std::string verdict = feedparser_verdict(feed_path);
  EXPECT_NE(verdict.find("bozo=0 entries=1"), std::string::npos) << verdict << atom.out;
  EXPECT_NE(verdict.find("Harbour <reopens> & ferries \"run\" again"), std::string::npos)
      << verdict;
}

TEST_F(CliTest, ExportAsJsonAndAnUnknownSubscription) {
  Output json = db_command("export --subscription investment --format json");
  ASSERT_EQ(json.status, 0);
  nlohmann::json out = parse(json);
  EXPECT_EQ(out["subscription"], "investment");
  ASSERT_EQ(out["articles"].size(), 1u);
  EXPECT_EQ(out["articles"][0]["url"], kSeedUrl);
  EXPECT_EQ(out["articles"][0]["terms"], nlohmann::json::array({"招商引资"}));

  EXPECT_EQ(
      headlined("export --config " + shell_quoted(config_path) + " --subscription nobody").status,
      1);
  EXPECT_EQ(db_command("export --subscription investment --format rss").status, 2);
  // With the database alone the name cannot be checked: an empty, still valid feed.
  Output empty = db_command("export --subscription nobody");
  ASSERT_EQ(empty.status, 0);
  const std::string feed_path = dir.file("empty.atom");
  headlined::testing::write_file(feed_path, empty.out);
  EXPECT_NE(feedparser_verdict(feed_path).find("bozo=0 entries=0"), std::string::npos);
}

}  // namespace
}  // namespace headlined::cli::testing
