// Several nodes on one database, at the store: two Store objects on one database (a SQLite
// file, a PostgreSQL schema) act as two nodes. Leases are taken by one of them at a time, renewed
// and released by their holder, and taken over once expired; a delivery claimed by one node is left
// out for the other until the claim expires, and is then sent again under the same key.
#include <gtest/gtest.h>

#include "store_fixture.hpp"

namespace headlined::store::testing {
namespace {

constexpr std::int64_t kNowMs = kNow * 1000;

class TwoNodes : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    auto opened = Store::open(location());
    ASSERT_TRUE(opened) << opened.error().to_string();
    other_ = std::move(*opened);
  }

  // A stored article owing one delivery through `channel`; returns the delivery.
  Delivery add_delivery(const std::string& url, const std::string& channel = "hook") {
    Snapshot s = sample_snapshot(url);
    s.fetched_at = kNow;
    auto id = store_->commit_article(s, {Match{"investment", {"招商"}, "snippet"}},
                                     {{"investment", channel}});
    EXPECT_TRUE(id) << id.error().to_string();
    for (const Delivery& d : store_->deliveries().value_or(std::vector<Delivery>{}))
      if (id && d.snapshot_id == *id) return d;
    ADD_FAILURE() << "no delivery for " << url;
    return {};
  }

  static std::vector<std::int64_t> ids_of(const std::vector<Delivery>& deliveries) {
    std::vector<std::int64_t> out;
    for (const Delivery& d : deliveries) out.push_back(d.id);
    return out;
  }

  std::unique_ptr<Store> other_;  // the second node's connection
};

TEST_P(TwoNodes, ALeaseIsHeldByOneNodeUntilItExpires) {
  auto a = store_->take_lease(LeaseKind::Source, "coast", "a", kNowMs, kNowMs + 1000);
  ASSERT_TRUE(a) << a.error().to_string();
  EXPECT_TRUE(*a);
  // Held: the other node cannot take it, neither at once nor just before it expires.
  EXPECT_FALSE(other_->take_lease(LeaseKind::Source, "coast", "b", kNowMs, kNowMs + 1000).value());
  EXPECT_FALSE(
      other_->take_lease(LeaseKind::Source, "coast", "b", kNowMs + 999, kNowMs + 1999).value());
  // Another source, or a channel of the same name, is a lease of its own.
  EXPECT_TRUE(other_->take_lease(LeaseKind::Source, "hills", "b", kNowMs, kNowMs + 5000).value());
  EXPECT_TRUE(other_->take_lease(LeaseKind::Channel, "coast", "b", kNowMs, kNowMs + 5000).value());
  // Expired: taken over.
  EXPECT_TRUE(
      other_->take_lease(LeaseKind::Source, "coast", "b", kNowMs + 1000, kNowMs + 2000).value());
  EXPECT_FALSE(
      store_->take_lease(LeaseKind::Source, "coast", "a", kNowMs + 1000, kNowMs + 2000).value());
  auto held = store_->leases(kNowMs + 1000);
  ASSERT_TRUE(held);
  ASSERT_EQ(held->size(), 3u);
  for (const LeaseRecord& l : *held) EXPECT_EQ(l.node, "b") << l.name;
}

TEST_P(TwoNodes, TheHolderRenewsItsLeaseAndReleasesIt) {
  ASSERT_TRUE(store_->take_lease(LeaseKind::Source, "coast", "a", kNowMs, kNowMs + 1000).value());
  // Renewed before it expired: still a's at the time it would have expired.
  ASSERT_TRUE(
      store_->take_lease(LeaseKind::Source, "coast", "a", kNowMs + 900, kNowMs + 1900).value());
  EXPECT_FALSE(
      other_->take_lease(LeaseKind::Source, "coast", "b", kNowMs + 1500, kNowMs + 2500).value());
  // Released by someone else: nothing happens. By the holder: free at once.
  ASSERT_TRUE(other_->release_lease(LeaseKind::Source, "coast", "b"));
  EXPECT_FALSE(
      other_->take_lease(LeaseKind::Source, "coast", "b", kNowMs + 1500, kNowMs + 2500).value());
  ASSERT_TRUE(store_->release_lease(LeaseKind::Source, "coast", "a"));
  EXPECT_TRUE(
      other_->take_lease(LeaseKind::Source, "coast", "b", kNowMs + 1500, kNowMs + 2500).value());
  // A clean stop gives up everything the node holds.
  ASSERT_TRUE(other_->take_lease(LeaseKind::Channel, "hook", "b", kNowMs, kNowMs + 5000).value());
  EXPECT_EQ(other_->release_leases("b").value(), 2);
  EXPECT_TRUE(store_->leases(kNowMs).value().empty());
}

TEST_P(TwoNodes, HeartbeatsListEachNodeWithTheSourcesItHolds) {
  ASSERT_TRUE(store_->record_heartbeat({"a", kNow, kNow + 5, "0.1.0", 60000, 0}));
  ASSERT_TRUE(other_->record_heartbeat({"b", kNow, kNow, "0.1.0", 60000, 0}));
  ASSERT_TRUE(store_->record_heartbeat({"a", kNow, kNow + 10, "0.1.1", 60000, 0}));  // a beat
  ASSERT_TRUE(store_->take_lease(LeaseKind::Source, "coast", "a", kNowMs, kNowMs + 1000));
  ASSERT_TRUE(store_->take_lease(LeaseKind::Source, "hills", "a", kNowMs, kNowMs + 3000));
  ASSERT_TRUE(store_->take_lease(LeaseKind::Channel, "hook", "a", kNowMs, kNowMs + 3000));
  auto nodes = other_->nodes(kNowMs + 1000);  // coast's lease has expired by then
  ASSERT_TRUE(nodes) << nodes.error().to_string();
  ASSERT_EQ(nodes->size(), 2u);
  EXPECT_EQ((*nodes)[0].name, "a");
  EXPECT_EQ((*nodes)[0].heartbeat_at, kNow + 10);
  EXPECT_EQ((*nodes)[0].version, "0.1.1");
  EXPECT_EQ((*nodes)[0].sources_held, 1);
  EXPECT_EQ((*nodes)[1].name, "b");
  EXPECT_EQ((*nodes)[1].sources_held, 0);
}

TEST_P(TwoNodes, AClaimedDeliveryIsLeftToItsNodeUntilTheClaimExpires) {
  const Delivery first = add_delivery("https://a.example/1");
  const Delivery second = add_delivery("https://a.example/2");
  const Delivery elsewhere = add_delivery("https://a.example/3", "mail");
  auto claimed = store_->claim_deliveries({first.id}, first.key, "a", kNowMs, kNowMs + 1000);
  ASSERT_TRUE(claimed) << claimed.error().to_string();
  ASSERT_TRUE(*claimed);
  // b does not see a's claim, nor what waits behind it on the same channel (FIFO); another
  // channel goes on. a itself sees its own claim (it may send it again after a restart).
  auto for_b = other_->due_deliveries_for("b", kNow, kNowMs + 500, 10);
  ASSERT_TRUE(for_b) << for_b.error().to_string();
  EXPECT_EQ(ids_of(*for_b), std::vector<std::int64_t>{elsewhere.id});
  EXPECT_EQ(ids_of(store_->due_deliveries_for("a", kNow, kNowMs + 500, 10).value()),
            (std::vector<std::int64_t>{first.id, second.id, elsewhere.id}));
  // Nor can b claim it meanwhile; nothing of a failed claim is written.
  EXPECT_FALSE(
      other_->claim_deliveries({second.id, first.id}, "other-key", "b", kNowMs + 500, kNowMs + 1500)
          .value());
  EXPECT_EQ(raw_query("SELECT batch_key FROM deliveries WHERE id = " + std::to_string(second.id)),
            "");
  // a died: once the claim expires, b sees it with the key a claimed it under, and claims it.
  auto after = other_->due_deliveries_for("b", kNow, kNowMs + 1000, 10);
  ASSERT_TRUE(after);
  ASSERT_EQ(ids_of(*after), (std::vector<std::int64_t>{first.id, second.id, elsewhere.id}));
  EXPECT_EQ((*after)[0].batch_key, first.key);
  ASSERT_TRUE(
      other_->claim_deliveries({first.id}, (*after)[0].batch_key, "b", kNowMs + 1000, kNowMs + 2000)
          .value());
  EXPECT_EQ(raw_query("SELECT claimed_by FROM deliveries WHERE id = " + std::to_string(first.id)),
            "b");
  // Sent: the claim ends with it, and the delivery is due for no one.
  ASSERT_TRUE(other_->mark_batch_sent({first.id}, kNow));
  EXPECT_EQ(raw_query("SELECT claimed_by FROM deliveries WHERE id = " + std::to_string(first.id)),
            "");
  EXPECT_EQ(ids_of(store_->due_deliveries_for("a", kNow, kNowMs + 1000, 10).value()),
            (std::vector<std::int64_t>{second.id, elsewhere.id}));
}

TEST_P(TwoNodes, AFailedClaimIsFreeForTheNextNodeAtItsRetry) {
  const Delivery d = add_delivery("https://a.example/1");
  ASSERT_TRUE(store_->claim_deliveries({d.id}, d.key, "a", kNowMs, kNowMs + 60000).value());
  ASSERT_TRUE(store_->mark_batch_failed({d.id}, "HTTP 503", kNow + 10, false));
  // The claim ended with the attempt: b may retry it when due, long before it would expire.
  EXPECT_TRUE(other_->due_deliveries_for("b", kNow + 5, kNowMs + 5000, 10).value().empty());
  auto due = other_->due_deliveries_for("b", kNow + 10, kNowMs + 10000, 10);
  ASSERT_TRUE(due);
  ASSERT_EQ(ids_of(*due), std::vector<std::int64_t>{d.id});
  EXPECT_EQ((*due)[0].batch_key, d.key);
}

TEST_P(TwoNodes, WithoutANodeNameClaimsAreIgnoredAsOneNodeAlwaysDid) {
  const Delivery d = add_delivery("https://a.example/1");
  ASSERT_TRUE(store_->claim_deliveries({d.id}, d.key, "a", kNowMs, kNowMs + 60000).value());
  EXPECT_EQ(ids_of(other_->due_deliveries(kNow, 10).value()), std::vector<std::int64_t>{d.id});
}

HEADLINED_ON_EVERY_BACKEND(TwoNodes);

}  // namespace
}  // namespace headlined::store::testing
