// Group commit: several articles in one transaction, each still stored whole or not at all,
// and the writer thread that gathers them (by count, by window, and at its end).
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "headlined/store/article_writer.hpp"
#include "store_fixture.hpp"

namespace headlined::store::testing {
namespace {

using namespace std::chrono_literals;

ArticleToCommit article(const std::string& url, std::vector<NewDelivery> deliveries = {}) {
  ArticleToCommit a;
  a.snapshot = sample_snapshot(url);
  a.matches = {Match{"investment", {"招商引资"}, "…招商引资…"}};
  a.deliveries = std::move(deliveries);
  return a;
}

std::vector<const ArticleToCommit*> pointers(const std::vector<ArticleToCommit>& articles) {
  std::vector<const ArticleToCommit*> out;
  for (const ArticleToCommit& a : articles) out.push_back(&a);
  return out;
}

TEST_P(StoreTest, GroupCommitStoresEachArticleWithItsMatchesAndDeliveries) {
  std::vector<ArticleToCommit> group = {
      article("https://a.example/1", {{"investment", "mail"}}),
      article("https://a.example/2", {{"investment", "mail"}, {"investment", "hook"}})};
  auto outcomes = store_->commit_articles(pointers(group));
  ASSERT_TRUE(outcomes) << outcomes.error().to_string();
  ASSERT_EQ(outcomes->size(), 2u);
  for (const auto& o : *outcomes) {
    ASSERT_TRUE(o);
    EXPECT_TRUE(o->inserted);
  }
  EXPECT_EQ(raw_query("SELECT count(*) FROM snapshots"), "2");
  EXPECT_EQ(raw_query("SELECT count(*) FROM matches"), "2");
  EXPECT_EQ(raw_query("SELECT count(*) FROM deliveries"), "3");
  EXPECT_EQ(raw_query("SELECT count(*) FROM deliveries WHERE snapshot_id = " +
                      std::to_string((*outcomes)[1]->id)),
            "2");
}

TEST_P(StoreTest, GroupCommitUndoesOnlyTheArticleThatFails) {
  // The same delivery twice breaks the outbox's uniqueness: that article fails, alone.
  std::vector<ArticleToCommit> group = {
      article("https://a.example/1", {{"investment", "mail"}}),
      article("https://a.example/bad", {{"investment", "mail"}, {"investment", "mail"}}),
      article("https://a.example/3", {{"investment", "mail"}})};
  auto outcomes = store_->commit_articles(pointers(group));
  ASSERT_TRUE(outcomes) << outcomes.error().to_string();
  ASSERT_EQ(outcomes->size(), 3u);
  EXPECT_TRUE((*outcomes)[0]);
  ASSERT_FALSE((*outcomes)[1]);
  EXPECT_NE((*outcomes)[1].error().what.find("delivery"), std::string::npos)
      << (*outcomes)[1].error().to_string();
  EXPECT_TRUE((*outcomes)[2]);
  EXPECT_EQ(
      raw_query(on_postgresql() ? "SELECT string_agg(url, ' ' ORDER BY id) FROM snapshots"
                                : "SELECT group_concat(url, ' ') FROM (SELECT url FROM snapshots "
                                  "ORDER BY id)"),
      "https://a.example/1 https://a.example/3");
  // Neither its snapshot nor its match stayed behind without the rest.
  EXPECT_EQ(raw_query("SELECT count(*) FROM matches"), "2");
  EXPECT_EQ(raw_query("SELECT count(*) FROM deliveries"), "2");
}

TEST_P(StoreTest, GroupCommitStoresAUrlOnceWhenTheGroupHoldsItTwice) {
  ASSERT_TRUE(store_->commit_article(sample_snapshot("https://a.example/old"), {}, {}));
  std::vector<ArticleToCommit> group = {article("https://a.example/new", {{"investment", "mail"}}),
                                        article("https://a.example/new", {{"investment", "mail"}}),
                                        article("https://a.example/old")};
  auto outcomes = store_->commit_articles(pointers(group));
  ASSERT_TRUE(outcomes);
  ASSERT_TRUE((*outcomes)[0] && (*outcomes)[1] && (*outcomes)[2]);
  EXPECT_TRUE((*outcomes)[0]->inserted);
  EXPECT_FALSE((*outcomes)[1]->inserted);
  EXPECT_EQ((*outcomes)[1]->id, (*outcomes)[0]->id);
  EXPECT_FALSE((*outcomes)[2]->inserted);
  EXPECT_EQ(raw_query("SELECT count(*) FROM snapshots"), "2");
  EXPECT_EQ(raw_query("SELECT count(*) FROM deliveries"), "1");
}

// What the writer's callbacks reported, waited for as events.
struct Outcomes {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<std::string> committed;  // URLs, in callback order

  ArticleWriter::Done recorder() {
    return [this](ArticleToCommit& a, const Result<ArticleCommit>& outcome) {
      std::lock_guard lock(mutex);
      committed.push_back(outcome ? a.snapshot.article.url : "error: " + outcome.error().what);
      changed.notify_all();
    };
  }
  bool wait_for(std::size_t n, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex);
    return changed.wait_for(lock, timeout, [&] { return committed.size() >= n; });
  }
};

TEST_P(StoreTest, WriterCommitsAFullGroupWithoutWaitingOutTheWindow) {
  Outcomes outcomes;
  // A window far longer than the test may take, and a fourth article of the poll still on
  // its way: only a full group can explain a commit.
  ArticleWriter writer(*store_, {3, std::chrono::minutes(10)});
  const auto coming = writer.expect(4);
  for (int i = 1; i <= 3; ++i)
    writer.submit(article("https://a.example/" + std::to_string(i)), outcomes.recorder(), coming);
  ASSERT_TRUE(outcomes.wait_for(3, 5s));
  EXPECT_EQ(raw_query("SELECT count(*) FROM snapshots"), "3");
  EXPECT_EQ(writer.stats().groups, 1u);
  EXPECT_EQ(writer.stats().articles, 3u);
  writer.gone(coming);
}

TEST_P(StoreTest, WriterHoldsAGroupUntilItsWindowEndsWhileThePollHasMoreOnTheirWay) {
  Outcomes outcomes;
  ArticleWriter writer(*store_, {64, 100ms});
  const auto coming = writer.expect(3);  // the third is not handed in within the window
  const auto submitted = std::chrono::steady_clock::now();
  writer.submit(article("https://a.example/1"), outcomes.recorder(), coming);
  writer.submit(article("https://a.example/2"), outcomes.recorder(), coming);
  ASSERT_TRUE(outcomes.wait_for(2, 5s));
  EXPECT_GE(std::chrono::steady_clock::now() - submitted, 100ms);
  EXPECT_EQ(writer.stats().groups, 1u) << "two articles within one window share a commit";
}

TEST_P(StoreTest, WriterCommitsAtOnceWhenThePollHasNothingMoreOnItsWay) {
  Outcomes outcomes;
  // A window far longer than the test may take: an article that comes alone is not held.
  ArticleWriter writer(*store_, {64, std::chrono::minutes(10)});
  writer.submit(article("https://a.example/1"), outcomes.recorder(), writer.expect(1));
  ASSERT_TRUE(outcomes.wait_for(1, 5s));
  EXPECT_EQ(raw_query("SELECT count(*) FROM snapshots"), "1");
}

TEST_P(StoreTest, WriterWaitsForThePollsNextArticleThenCommitsBothTogether) {
  Outcomes outcomes;
  ArticleWriter writer(*store_, {64, std::chrono::minutes(10)});
  const auto coming = writer.expect(2);
  writer.submit(article("https://a.example/1"), outcomes.recorder(), coming);
  // The first waits for the second, still on its way (the window is ten minutes).
  writer.submit(article("https://a.example/2"), outcomes.recorder(), coming);
  ASSERT_TRUE(outcomes.wait_for(2, 5s));
  EXPECT_EQ(writer.stats().groups, 1u);
  EXPECT_EQ(writer.stats().articles, 2u);
}

TEST_P(StoreTest, WriterStopsWaitingForAnArticleThatWillNotCome) {
  Outcomes outcomes;
  ArticleWriter writer(*store_, {64, std::chrono::minutes(10)});
  const auto coming = writer.expect(2);
  writer.submit(article("https://a.example/1"), outcomes.recorder(), coming);
  writer.gone(coming);  // the other page could not be read: nothing more is coming
  ASSERT_TRUE(outcomes.wait_for(1, 5s));
  EXPECT_EQ(raw_query("SELECT count(*) FROM snapshots"), "1");
}

TEST_P(StoreTest, WriterCommitsWhatItHoldsWhenItEnds) {
  Outcomes outcomes;
  {
    ArticleWriter writer(*store_, {64, std::chrono::minutes(10)});
    writer.submit(article("https://a.example/1"), outcomes.recorder());
    writer.submit(article("https://a.example/2"), outcomes.recorder());
  }
  EXPECT_EQ(outcomes.committed,
            (std::vector<std::string>{"https://a.example/1", "https://a.example/2"}));
  EXPECT_EQ(raw_query("SELECT count(*) FROM snapshots"), "2");
}

}  // namespace
}  // namespace headlined::store::testing
