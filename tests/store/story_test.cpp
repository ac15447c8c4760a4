// Stories in the store: a snapshot whose signature resembles an earlier one's joins its story
// in the same transaction that stores it; "alerts": "story" deliveries are made once per
// story and subscription; takedown removes one copy; retention keeps a head while a copy
// stays. Signatures are made by hand here (match::sign_body is tested in tests/match).

#include <gtest/gtest.h>

#include <cstdint>

#include "seed_article.hpp"
#include "store_fixture.hpp"

namespace headlined::store::testing {
namespace {

// A signature whose minimums are `base + i`, with the first `changed` of them replaced: two
// of them resemble each other in the share of minimums they have in common.
BodySignature signature(std::uint32_t base, int changed = 0) {
  BodySignature s;
  for (int i = 0; i < kSketchSize; ++i)
    s.sketch.push_back(i < changed ? 0xF0000000u + static_cast<std::uint32_t>(i) + base
                                   : base + static_cast<std::uint32_t>(i));
  s.shingles = 200;
  s.band_keys = band_keys_of(s.sketch);
  return s;
}

Snapshot copy(const std::string& url, const std::string& source, const BodySignature& sig,
              UnixTime at) {
  Snapshot s = seed_snapshot(url, at);
  s.article.source_name = source;
  s.signature = sig;
  return s;
}

class StoryTest : public StoreTest {
 protected:
  std::int64_t commit(const Snapshot& s, const std::vector<std::string>& subscriptions,
                      bool once_per_story = true) {
    std::vector<Match> matches;
    std::vector<NewDelivery> deliveries;
    for (const std::string& sub : subscriptions) {
      matches.push_back(Match{sub, {"码头"}, "…"});
      deliveries.push_back(NewDelivery{sub, "log", once_per_story});
    }
    auto id = store_->commit_article(s, matches, deliveries);
    EXPECT_TRUE(id) << id.error().to_string();
    return id ? *id : 0;
  }
  std::size_t deliveries_for(const std::string& subscription) {
    auto all = store_->deliveries();
    EXPECT_TRUE(all) << all.error().to_string();
    std::size_t n = 0;
    if (all)
      for (const Delivery& d : *all) n += d.subscription == subscription;
    return n;
  }
};

TEST_P(StoryTest, ACopyJoinsTheStoryAndAlertsOncePerSubscription) {
  const std::int64_t head =
      commit(copy("https://a.example/1", "a", signature(1000), kNow), {"harbour"});
  // 110 of 128 minimums in common: a reprint.
  const std::int64_t reprint =
      commit(copy("https://b.example/9", "b", signature(1000, 18), kNow + 3600), {"harbour"});
  ASSERT_GT(reprint, head);
  EXPECT_EQ(deliveries_for("harbour"), 1u);
  EXPECT_EQ(store_->matches_for(reprint)->size(), 1u);  // recorded with the story

  auto copies = store_->story_copies(reprint);
  ASSERT_TRUE(copies);
  ASSERT_EQ(copies->size(), 1u);
  EXPECT_EQ((*copies)[0].id, head);
  EXPECT_TRUE((*copies)[0].head);
  EXPECT_EQ((*copies)[0].source_name, "a");
  EXPECT_EQ(original_outlet("", *copies), "淄博日报");
  ASSERT_EQ(store_->story_copies(head)->size(), 1u);
  EXPECT_EQ((*store_->story_copies(head))[0].id, reprint);
}

TEST_P(StoryTest, ALaterCopyAlertsASubscriptionTheFirstDidNotMatch) {
  commit(copy("https://a.example/1", "a", signature(1000), kNow), {"harbour"});
  commit(copy("https://b.example/9", "b", signature(1000, 10), kNow + 60), {"harbour", "ships"});
  EXPECT_EQ(deliveries_for("harbour"), 1u);
  EXPECT_EQ(deliveries_for("ships"), 1u);
}

TEST_P(StoryTest, PerArticleDeliveriesAreMadeForEveryCopy) {
  commit(copy("https://a.example/1", "a", signature(1000), kNow), {"harbour"}, false);
  commit(copy("https://b.example/9", "b", signature(1000, 10), kNow + 60), {"harbour"}, false);
  EXPECT_EQ(deliveries_for("harbour"), 2u);
}

TEST_P(StoryTest, DifferentOrOldArticlesStayOnTheirOwn) {
  commit(copy("https://a.example/1", "a", signature(1000), kNow), {"harbour"});
  // Half the minimums differ: below the threshold.
  const std::int64_t other =
      commit(copy("https://a.example/2", "a", signature(1000, 80), kNow + 60), {"harbour"});
  EXPECT_TRUE(store_->story_copies(other)->empty());
  // The same text, but after the story window (7 days by default).
  const std::int64_t late =
      commit(copy("https://c.example/3", "c", signature(1000), kNow + 8 * kDay), {"harbour"});
  EXPECT_TRUE(store_->story_copies(late)->empty());
  EXPECT_EQ(deliveries_for("harbour"), 3u);
}

TEST_P(StoryTest, ACrashBeforeTheStoryStepLosesNothingAndAlertsOnce) {
  commit(copy("https://a.example/1", "a", signature(1000), kNow), {"harbour"});
  // The story step fails half-way through the transaction that stores the copy.
  raw_query(on_postgresql()
                ? "CREATE FUNCTION simulated_crash() RETURNS trigger LANGUAGE plpgsql AS "
                  "$$BEGIN RAISE EXCEPTION 'simulated crash'; END$$; "
                  "CREATE TRIGGER crash_in_story_step BEFORE INSERT ON story_members "
                  "FOR EACH ROW EXECUTE FUNCTION simulated_crash()"
                : "CREATE TRIGGER crash_in_story_step BEFORE INSERT ON story_members "
                  "BEGIN SELECT RAISE(ABORT, 'simulated crash'); END");
  const Snapshot reprint = copy("https://b.example/9", "b", signature(1000, 18), kNow + 60);
  auto failed = store_->commit_article(reprint, {Match{"harbour", {"码头"}, "…"}},
                                       {NewDelivery{"harbour", "log", true}});
  ASSERT_FALSE(failed);
  EXPECT_FALSE(*store_->has_snapshot_url(reprint.article.url));  // nothing half-stored
  raw_query(on_postgresql() ? "DROP TRIGGER crash_in_story_step ON story_members"
                            : "DROP TRIGGER crash_in_story_step");

  reopen();  // the restart: the copy is fetched and stored again
  const std::int64_t id = commit(reprint, {"harbour"});
  ASSERT_GT(id, 0);
  EXPECT_EQ(store_->story_copies(id)->size(), 1u);
  EXPECT_EQ(deliveries_for("harbour"), 1u);
}

TEST_P(StoryTest, TakedownRemovesOneCopyOnly) {
  commit(copy("https://a.example/1", "a", signature(1000), kNow), {"harbour"});
  const std::int64_t b =
      commit(copy("https://b.example/9", "b", signature(1000, 4), kNow + 60), {"harbour"});
  const std::int64_t c =
      commit(copy("https://c.example/5", "c", signature(1000, 8), kNow + 120), {"harbour"});
  ASSERT_TRUE(store_->take_down("https://a.example/1", "request", kNow + 200));
  EXPECT_FALSE(*store_->has_snapshot_url("https://a.example/1"));
  ASSERT_EQ(store_->story_copies(b)->size(), 1u);
  EXPECT_EQ((*store_->story_copies(b))[0].id, c);
  EXPECT_EQ(raw_query("SELECT count(*) FROM story_bands WHERE snapshot_id NOT IN "
                      "(SELECT id FROM snapshots)"),
            "0");
}

TEST_P(StoryTest, RetentionKeepsAHeadWhileACopyIsKept) {
  commit(copy("https://a.example/1", "a", signature(1000), kNow - 40 * kDay), {});
  commit(copy("https://b.example/9", "b", signature(1000, 4), kNow - 35 * kDay), {});
  const std::int64_t kept =
      commit(copy("https://c.example/5", "c", signature(1000, 4), kNow - 38 * kDay), {});
  ASSERT_GT(kept, 0);
  // The cutoff falls between the copies: the head (40 days old) and copy c (38) are older,
  // copy b (35) is not.
  ASSERT_TRUE(store_->purge_older_than(kNow - 36 * kDay));
  EXPECT_TRUE(*store_->has_snapshot_url("https://a.example/1"));   // head: a copy is kept
  EXPECT_FALSE(*store_->has_snapshot_url("https://c.example/5"));  // an old copy goes
  EXPECT_TRUE(*store_->has_snapshot_url("https://b.example/9"));
  ASSERT_TRUE(store_->purge_older_than(kNow - 30 * kDay));
  ASSERT_TRUE(store_->purge_older_than(kNow - 30 * kDay));
  EXPECT_FALSE(*store_->has_snapshot_url("https://b.example/9"));
  EXPECT_FALSE(*store_->has_snapshot_url("https://a.example/1"));  // once no copy is left
}

HEADLINED_ON_EVERY_BACKEND(StoryTest);

}  // namespace
}  // namespace headlined::store::testing
