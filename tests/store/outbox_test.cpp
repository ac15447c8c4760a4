#include <gtest/gtest.h>

#include <algorithm>

#include "store_fixture.hpp"

namespace headlined::store::testing {
namespace {

class OutboxTest : public StoreTest {
 protected:
  // Commits an article fetched at `fetched_at` owing one delivery per channel.
  std::int64_t add(const std::string& url, UnixTime fetched_at,
                   const std::vector<std::string>& channels) {
    Snapshot s = sample_snapshot(url);
    s.fetched_at = fetched_at;
    std::vector<NewDelivery> owed;
    for (const auto& c : channels) owed.push_back({"investment", c});
    auto id = store_->commit_article(s, {Match{"investment", {"招商"}, "snippet"}}, owed);
    EXPECT_TRUE(id) << id.error().to_string();
    return id.value_or(0);
  }

  std::vector<Delivery> due(UnixTime now, int limit = 100) {
    auto d = store_->due_deliveries(now, limit);
    EXPECT_TRUE(d) << d.error().to_string();
    return d.value_or(std::vector<Delivery>{});
  }
};

TEST_P(OutboxTest, DueDeliveriesFilterByTimeAndComeInTheOrderTheyWereCreated) {
  add("https://a.example/3", 3000, {"c"});
  add("https://a.example/1", 1000, {"a", "b"});
  add("https://a.example/2", 2000, {"a"});

  EXPECT_TRUE(due(999).empty());
  auto at_2000 = due(2000);
  ASSERT_EQ(at_2000.size(), 3u);
  EXPECT_EQ(at_2000[0].next_attempt_at, 1000);
  EXPECT_EQ(at_2000[0].channel, "a");
  EXPECT_EQ(at_2000[1].channel, "b");
  EXPECT_EQ(at_2000[2].next_attempt_at, 2000);

  // Oldest first: the article stored first, though it came due last. The limit counts
  // articles, each with all its due deliveries.
  auto limited = due(5000, 2);
  ASSERT_EQ(limited.size(), 3u);
  EXPECT_EQ(limited[0].channel, "c");
  EXPECT_EQ(limited[1].channel, "a");
  EXPECT_EQ(limited[2].channel, "b");
  EXPECT_EQ(due(5000).size(), 4u);
  EXPECT_EQ(store_->next_due_delivery().value(), std::optional<UnixTime>(1000));
}

TEST_P(OutboxTest, ABatchNeverCutsAnArticlesDeliveriesInTwo) {
  // One article matched through many channels: a batch of one article holds every row, so
  // the dispatcher sees the whole message (at 50k subscriptions an article owes hundreds).
  std::vector<std::string> channels;
  for (int i = 0; i < 300; ++i) channels.push_back("c" + std::to_string(i));
  add("https://a.example/wide", 1000, channels);
  add("https://a.example/next", 1000, {"c0"});
  auto batch = due(1000, 1);
  ASSERT_EQ(batch.size(), 300u);
  for (const Delivery& d : batch) EXPECT_EQ(d.snapshot_id, batch.front().snapshot_id);
  EXPECT_EQ(due(1000, 2).size(), 301u);
}

TEST_P(OutboxTest, AChannelsYoungerDeliveriesWaitBehindOneWaitingForItsRetry) {
  add("https://a.example/1", 1000, {"down", "up"});
  add("https://a.example/2", 1000, {"down", "up"});
  add("https://a.example/3", 1000, {"down"});
  auto first = due(1000);
  ASSERT_EQ(first.size(), 5u);
  ASSERT_EQ(first[0].channel, "down");
  // The oldest through "down" failed; its retry is due at 5000 (a later retry of a younger
  // one, e.g. by jitter, must not overtake it).
  ASSERT_TRUE(store_->mark_failed(first[0].id, "HTTP 503", 5000, false));

  auto waiting = due(2000);
  ASSERT_EQ(waiting.size(), 2u);  // only "up" goes on
  for (const Delivery& d : waiting) EXPECT_EQ(d.channel, "up");

  auto resumed = due(5000);  // the retry is due: the whole backlog of "down", oldest first
  std::vector<std::int64_t> down;
  for (const Delivery& d : resumed)
    if (d.channel == "down") down.push_back(d.id);
  ASSERT_EQ(down.size(), 3u);
  EXPECT_EQ(down[0], first[0].id);
  EXPECT_TRUE(std::ranges::is_sorted(down));

  // Once it went dead (or was sent) the rest is free again.
  ASSERT_TRUE(store_->mark_failed(first[0].id, "HTTP 503", 9000, true));
  EXPECT_EQ(due(2000).size(), 4u);
}

TEST_P(OutboxTest, MarkSentRemovesFromDueAndIsIdempotent) {
  add("https://a.example/1", 1000, {"a"});
  Delivery d = due(1000).at(0);
  ASSERT_TRUE(store_->mark_sent(d.id, 1005));
  EXPECT_TRUE(due(99999).empty());
  EXPECT_EQ(store_->next_due_delivery().value(), std::nullopt);

  ASSERT_TRUE(store_->mark_sent(d.id, 2000));  // a repeat changes nothing
  auto sent = store_->deliveries(DeliveryStatus::Sent).value();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].sent_at, std::optional<UnixTime>(1005));
  EXPECT_EQ(sent[0].attempts, 1);
  EXPECT_TRUE(store_->deliveries(DeliveryStatus::Pending).value().empty());

  // A late failure report cannot turn a sent delivery back into a pending one.
  ASSERT_TRUE(store_->mark_failed(d.id, "late", 5000, false));
  EXPECT_EQ(store_->deliveries(DeliveryStatus::Sent).value().size(), 1u);

  auto unknown = store_->mark_sent(d.id + 42, 1);
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().what.find("no delivery"), std::string::npos);
}

TEST_P(OutboxTest, MarkFailedReschedulesThenDeadEndsRetrying) {
  add("https://a.example/1", 1000, {"a"});
  Delivery d = due(1000).at(0);

  ASSERT_TRUE(store_->mark_failed(d.id, "HTTP 503", 1100, false));
  EXPECT_TRUE(due(1099).empty());
  auto again = due(1100);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].attempts, 1);
  EXPECT_EQ(again[0].last_error, "HTTP 503");
  EXPECT_EQ(again[0].status, DeliveryStatus::Pending);

  ASSERT_TRUE(store_->mark_failed(d.id, "HTTP 404", 1200, true));
  EXPECT_TRUE(due(99999).empty());
  auto dead = store_->deliveries(DeliveryStatus::Dead).value();
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].attempts, 2);
  EXPECT_EQ(dead[0].last_error, "HTTP 404");
  EXPECT_EQ(store_->next_due_delivery().value(), std::nullopt);

  reopen();  // the outcome is durable
  EXPECT_EQ(store_->deliveries(DeliveryStatus::Dead).value().size(), 1u);
}

HEADLINED_ON_EVERY_BACKEND(OutboxTest);

}  // namespace
}  // namespace headlined::store::testing
