#include <gtest/gtest.h>

#include "seed_article.hpp"
#include "store_fixture.hpp"

namespace headlined::store::testing {
namespace {

TEST_P(StoreTest, FiguresForStatusAndSubscriptions) {
  auto a = store_->commit_article(
      seed_snapshot("https://zibo.example/a", kNow - 7200),
      {Match{"investment", {"招商引资"}, "…a…"}, Match{"zibo", {"淄博"}, "…"}},
      {{"investment", "hook"}, {"investment", "mail"}, {"zibo", "hook"}});
  auto b =
      store_->commit_article(seed_snapshot("https://zibo.example/b", kNow),
                             {Match{"investment", {"招商引资"}, "…b…"}}, {{"investment", "hook"}});
  ASSERT_TRUE(a && b);
  auto owed = store_->deliveries().value();
  ASSERT_EQ(owed.size(), 4u);
  ASSERT_TRUE(store_->mark_sent(owed[0].id, kNow));
  ASSERT_TRUE(store_->mark_failed(owed[1].id, "HTTP 503", kNow + 60, false));
  ASSERT_TRUE(store_->mark_failed(owed[2].id, "HTTP 410", kNow, true));

  auto counts = store_->delivery_counts();
  ASSERT_TRUE(counts) << counts.error().to_string();
  EXPECT_EQ(counts->pending, 2);
  EXPECT_EQ(counts->failing, 1);
  EXPECT_EQ(counts->sent, 1);
  EXPECT_EQ(counts->dead, 1);
  EXPECT_TRUE(counts->oldest_pending_created.has_value());

  EXPECT_EQ(store_->snapshot_count().value_or(-1), 2);
  EXPECT_EQ(store_->snapshot_count(kNow - 3600).value_or(-1), 1);

  auto stats = store_->subscription_stats();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->at("investment").matches, 2);
  EXPECT_EQ(stats->at("investment").last_match_fetched_at, kNow);
  EXPECT_EQ(stats->at("zibo").matches, 1);
  EXPECT_FALSE(stats->contains("nobody"));

  auto listed = store_->subscription_matches("investment", 10);
  ASSERT_TRUE(listed) << listed.error().to_string();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].snapshot.article.url, "https://zibo.example/b");  // newest first
  EXPECT_EQ((*listed)[0].match.snippet, "…b…");
  EXPECT_EQ((*listed)[0].match.terms, (std::vector<std::string>{"招商引资"}));
  EXPECT_EQ((*listed)[1].snapshot.article.title, "一季度招商引资两项重要指标均居全市首位");
  EXPECT_TRUE((*listed)[1].snapshot.raw_page.empty());
  EXPECT_EQ(store_->subscription_matches("investment", 1).value().size(), 1u);
  EXPECT_TRUE(store_->subscription_matches("nobody", 10).value().empty());
}

TEST_P(StoreTest, FiguresOfAnEmptyDatabaseAreZero) {
  auto counts = store_->delivery_counts();
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->pending + counts->failing + counts->sent + counts->dead, 0);
  EXPECT_FALSE(counts->oldest_pending_created);
  EXPECT_EQ(store_->snapshot_count().value_or(-1), 0);
  EXPECT_TRUE(store_->subscription_stats().value().empty());
}

}  // namespace
}  // namespace headlined::store::testing
