#include "cli_fixture.hpp"

namespace headlined::cli::testing {
namespace {

TEST_F(CliTest, SearchFindsAChinesePhraseFromTheSeedArticle) {
  Output found = db_command("search 马不停蹄 --json");
  ASSERT_EQ(found.status, 0) << found.out;
  nlohmann::json hits = parse(found);
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0]["url"], kSeedUrl);
  EXPECT_EQ(hits[0]["id"], seed_id);
  EXPECT_EQ(hits[0]["title"], "一季度招商引资两项重要指标均居全市首位");
  EXPECT_NE(hits[0]["snippet"].get<std::string>().find("[马不停蹄]"), std::string::npos);

  Output text = db_command("search 精准出击");
  ASSERT_EQ(text.status, 0);
  EXPECT_NE(text.out.find(kSeedUrl), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("[精准出击]"), std::string::npos) << text.out;

  // Two characters: below the trigram index, answered by a scan.
  Output short_word = db_command("search 高青 --json");
  ASSERT_EQ(short_word.status, 0);
  EXPECT_EQ(parse(short_word).size(), 1u);

  Output none = db_command("search 没有这篇文章 --json");
  EXPECT_EQ(none.status, 1);
  EXPECT_TRUE(parse(none).empty());
}

TEST_F(CliTest, TakedownRemovesTheArticleAndItIsNeverStoredAgain) {
  ASSERT_EQ(db_command("show " + shell_quoted(kSeedUrl)).status, 0);
  // The URL as the feed had it (tracking parameter and all) names the same article.
  Output done = db_command("takedown " + shell_quoted(kSeedUrl + "?utm_source=rss") + " --reason " +
                           shell_quoted("publisher's request 2024-04-20"));
  ASSERT_EQ(done.status, 0) << done.out;
  EXPECT_NE(done.out.find("removed the snapshot"), std::string::npos) << done.out;

  EXPECT_EQ(db_command("show " + shell_quoted(kSeedUrl)).status, 1);
  EXPECT_EQ(db_command("show " + std::to_string(seed_id)).status, 1);
  Output search = db_command("search 马不停蹄 --json");
  EXPECT_EQ(search.status, 1);
  EXPECT_TRUE(parse(search).empty());
  nlohmann::json status = parse(db_command("status --json"));
  EXPECT_EQ(status["deliveries"]["pending"], 1);  // only the harbour article's is left

  // The daemon's crawl comes across the URL again: nothing is stored, nobody is notified.
  EXPECT_TRUE(store->is_known_url(kSeedUrl).value_or(false));
  bool inserted = true;
  auto again = store->commit_article(seed_article(kSeedUrl, now_unix()),
                                     {Match{"investment", {"招商引资"}, "…"}},
                                     {{"investment", "hook"}}, &inserted);
  ASSERT_TRUE(again) << again.error().to_string();
  EXPECT_FALSE(inserted);
  EXPECT_EQ(db_command("show " + shell_quoted(kSeedUrl)).status, 1);
  EXPECT_EQ(db_command("search 马不停蹄").status, 1);

  Output repeat = db_command("takedown " + shell_quoted(kSeedUrl) + " --reason again");
  EXPECT_EQ(repeat.status, 0);
  EXPECT_NE(repeat.out.find("already"), std::string::npos) << repeat.out;
}

TEST_F(CliTest, TakedownBySnapshotIdAndItsUsageErrors) {
  Output done = db_command("takedown " + std::to_string(harbour_id) + " --reason test");
  ASSERT_EQ(done.status, 0) << done.out;
  EXPECT_NE(done.out.find(kHarbourUrl), std::string::npos) << done.out;
  EXPECT_EQ(db_command("takedown 99999 --reason test").status, 1);        // no such snapshot
  EXPECT_EQ(db_command("takedown " + shell_quoted(kSeedUrl)).status, 2);  // --reason is required
  EXPECT_EQ(db_command("takedown " + shell_quoted("ftp://x.example/") + " --reason x").status, 2);
}

}  // namespace
}  // namespace headlined::cli::testing
