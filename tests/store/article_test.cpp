#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace headlined::store::testing {
namespace {

std::vector<Match> two_matches() {
  return {Match{"investment", {"招商引资", "高青"}, "…全市招商引资综合情况…"},
          Match{"zibo", {"淄博"}, "…本文转自:淄博日报…"}};
}

TEST_P(StoreTest, CommitArticleRoundTripsEveryField) {
  Snapshot in = sample_snapshot();
  bool inserted = false;
  auto id = store_->commit_article(in, two_matches(), {}, &inserted);
  ASSERT_TRUE(id) << id.error().to_string();
  EXPECT_TRUE(inserted);
  EXPECT_GT(*id, 0);

  auto out = store_->snapshot_by_id(*id);
  ASSERT_TRUE(out && *out);
  const Snapshot& s = **out;
  EXPECT_EQ(s.id, *id);
  EXPECT_EQ(s.article.url, in.article.url);
  EXPECT_EQ(s.article.title, in.article.title);
  EXPECT_EQ(s.article.subtitle, in.article.subtitle);
  EXPECT_EQ(s.article.byline, in.article.byline);
  EXPECT_EQ(s.article.attribution, in.article.attribution);
  EXPECT_EQ(s.article.published, in.article.published);
  EXPECT_EQ(s.article.body, in.article.body);
  EXPECT_EQ(s.article.source_name, in.article.source_name);
  EXPECT_EQ(s.original_url, in.original_url);
  EXPECT_EQ(s.charset, in.charset);
  EXPECT_EQ(s.fetched_at, in.fetched_at);
  ASSERT_EQ(s.raw_page.size(), 20u);
  EXPECT_EQ(s.raw_page, in.raw_page);  // NUL bytes and high bytes intact
  EXPECT_EQ(raw_query(on_postgresql() ? "SELECT pg_typeof(raw_page) FROM snapshots"
                                      : "SELECT typeof(raw_page) FROM snapshots"),
            on_postgresql() ? "bytea" : "blob");

  auto by_url = store_->snapshot_by_url(in.article.url);
  ASSERT_TRUE(by_url && *by_url);
  EXPECT_EQ((*by_url)->id, *id);
  EXPECT_TRUE(store_->has_snapshot_url(in.article.url).value_or(false));
  EXPECT_FALSE(store_->has_snapshot_url("https://news.example.cn/other").value_or(true));
  auto missing = store_->snapshot_by_id(*id + 100);
  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->has_value());
}

TEST_P(StoreTest, EmptyRawPageReadsBackEmpty) {
  Snapshot in = sample_snapshot();
  in.raw_page.clear();
  auto id = store_->commit_article(in, {}, {});
  ASSERT_TRUE(id) << id.error().to_string();
  auto out = store_->snapshot_by_id(*id);
  ASSERT_TRUE(out && *out);
  EXPECT_EQ((*out)->raw_page, "");
}

TEST_P(StoreTest, DuplicateUrlIsStoredOnce) {
  auto first =
      store_->commit_article(sample_snapshot(), two_matches(), {{"investment", "ops-webhook"}});
  ASSERT_TRUE(first);
  Snapshot again = sample_snapshot();
  again.article.title = "changed";
  bool inserted = true;
  auto second =
      store_->commit_article(again, two_matches(), {{"investment", "ops-webhook"}}, &inserted);
  ASSERT_TRUE(second) << second.error().to_string();
  EXPECT_FALSE(inserted);
  EXPECT_EQ(*second, *first);
  EXPECT_EQ(raw_query("SELECT count(*) FROM snapshots"), "1");
  EXPECT_EQ(raw_query("SELECT count(*) FROM matches"), "2");
  EXPECT_EQ(raw_query("SELECT count(*) FROM deliveries"), "1");
  EXPECT_EQ(store_->snapshot_by_id(*first).value()->article.title, sample_snapshot().article.title);
}

TEST_P(StoreTest, MatchesAndDeliveriesAreWrittenWithTheSnapshot) {
  auto id = store_->commit_article(
      sample_snapshot(), two_matches(),
      {{"investment", "ops-webhook"}, {"investment", "mail"}, {"zibo", "mail"}});
  ASSERT_TRUE(id) << id.error().to_string();

  auto matches = store_->matches_for(*id);
  ASSERT_TRUE(matches);
  ASSERT_EQ(matches->size(), 2u);
  EXPECT_EQ((*matches)[0].subscription, "investment");
  EXPECT_EQ((*matches)[0].terms, (std::vector<std::string>{"招商引资", "高青"}));
  EXPECT_EQ((*matches)[0].snippet, "…全市招商引资综合情况…");

  auto all = store_->deliveries();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  for (const Delivery& d : *all) {
    EXPECT_EQ(d.snapshot_id, *id);
    EXPECT_EQ(d.status, DeliveryStatus::Pending);
    EXPECT_EQ(d.attempts, 0);
    EXPECT_FALSE(d.sent_at);
    // Due from the fetch time on, so the dispatcher picks them up at once.
    EXPECT_EQ(d.next_attempt_at, sample_snapshot().fetched_at);
  }
  EXPECT_EQ((*all)[1].channel, "mail");
  EXPECT_EQ((*all)[1].terms, (std::vector<std::string>{"招商引资", "高青"}));
  EXPECT_EQ((*all)[2].subscription, "zibo");
  EXPECT_EQ((*all)[2].terms, (std::vector<std::string>{"淄博"}));
  EXPECT_EQ((*all)[2].snippet, "…本文转自:淄博日报…");
}

TEST_P(StoreTest, AFailingDeliveryLeavesNothingOfTheArticle) {
  // The same (subscription, channel) twice violates the outbox's UNIQUE constraint after the
  // snapshot and matches were already inserted in the transaction.
  bool inserted = true;
  auto id = store_->commit_article(sample_snapshot(), two_matches(),
                                   {{"investment", "mail"}, {"investment", "mail"}}, &inserted);
  ASSERT_FALSE(id);
  EXPECT_FALSE(inserted);
  EXPECT_NE(id.error().what.find("commit_article"), std::string::npos);
  EXPECT_NE(id.error().what.find(on_postgresql() ? "unique" : "UNIQUE"), std::string::npos)
      << id.error().what;
  EXPECT_EQ(id.error().where, location());
  EXPECT_EQ(raw_query("SELECT count(*) FROM snapshots"), "0");
  EXPECT_EQ(raw_query("SELECT count(*) FROM matches"), "0");
  EXPECT_EQ(raw_query("SELECT count(*) FROM deliveries"), "0");
  EXPECT_FALSE(store_->has_snapshot_url(sample_snapshot().article.url).value_or(true));

  // The connection is usable afterwards (the transaction was rolled back, not left open).
  auto retry = store_->commit_article(sample_snapshot(), two_matches(), {{"investment", "mail"}});
  ASSERT_TRUE(retry) << retry.error().to_string();
  EXPECT_EQ(raw_query("SELECT count(*) FROM deliveries"), "1");
}

}  // namespace
}  // namespace headlined::store::testing
