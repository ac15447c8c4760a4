#include <gtest/gtest.h>

#include "seed_article.hpp"
#include "store_fixture.hpp"
#include "support/temp_dir.hpp"

namespace headlined::store::testing {
namespace {

using headlined::testing::read_file;

const std::string kSeedUrl = "https://zibo.example/a/1.html";

class TakedownTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    auto id = store_->commit_article(
        seed_snapshot(kSeedUrl, kApril14),
        {Match{"investment", {"招商引资"}, "…招商引资…"}, Match{"zibo", {"淄博"}, "…淄博…"}},
        {{"investment", "hook"}, {"zibo", "hook"}});
    ASSERT_TRUE(id) << id.error().to_string();
    seed_id_ = *id;
    auto owed = store_->deliveries();
    ASSERT_TRUE(owed && owed->size() == 2u);
    ASSERT_TRUE(store_->mark_sent(owed->front().id, kApril14 + 5));  // one already sent
    auto other = store_->commit_article(harbour_snapshot("https://coast.example/h.html", kApril14),
                                        {Match{"coast", {"harbour"}, "…harbour…"}}, {});
    ASSERT_TRUE(other) << other.error().to_string();
  }

  std::int64_t seed_id_ = 0;
};

TEST_P(TakedownTest, RemovesTheSnapshotAndEverythingOfIt) {
  // In the search index, as they are a second after they were stored (PostgreSQL writes
  // the tokens with the snapshot: nothing waits).
  ASSERT_EQ(store_->index_pending(100).value_or(-1), on_postgresql() ? 0 : 2);
  auto result = store_->take_down(kSeedUrl, "request from the publisher", kApril14 + 100);
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_TRUE(result->snapshot_removed);
  EXPECT_EQ(result->deliveries_removed, 2);
  EXPECT_EQ(result->pending_removed, 1);
  EXPECT_FALSE(result->already_taken_down);

  EXPECT_FALSE(store_->snapshot_by_url(kSeedUrl).value().has_value());
  EXPECT_FALSE(store_->snapshot_by_id(seed_id_).value().has_value());
  EXPECT_TRUE(store_->search("马不停蹄", 10).value().empty());
  EXPECT_TRUE(store_->search("高青", 10).value().empty());
  EXPECT_TRUE(store_->matches_for(seed_id_).value().empty());
  EXPECT_EQ(raw_query("SELECT count(*) FROM deliveries"), "0");
  EXPECT_EQ(raw_query("SELECT reason || '@' || created_at FROM tombstones WHERE url = '" +
                      kSeedUrl + "'"),
            "request from the publisher@" + std::to_string(kApril14 + 100));
  // The search index holds nothing of it either (not merely a delete marker).
  if (on_postgresql()) {
    for (const char* tokens : {"{马不,停蹄}", "{高}", "{淄博}"}) {
      EXPECT_EQ(raw_query(std::string("SELECT count(*) FROM snapshots WHERE search_tokens @> '") +
                          tokens + "'"),
                "0")
          << tokens;
    }
    EXPECT_EQ(raw_query("SELECT count(*) FROM snapshots WHERE search_tokens @> '{harbour}'"), "1");
  }
  for (const char* tokens : {"\"马不\" AND \"停蹄\"", "\"高\"", "\"淄博\""}) {
    if (on_postgresql()) break;
    EXPECT_EQ(
        raw_query(std::string("SELECT count(*) FROM snapshots_fts WHERE snapshots_fts MATCH '") +
                  tokens + "'"),
        "0")
        << tokens;
  }
  if (!on_postgresql()) {
    EXPECT_EQ(
        raw_query("SELECT count(*) FROM snapshots_fts WHERE snapshots_fts MATCH '\"harbour\"'"),
        "1");
  }

  // The other article is untouched.
  EXPECT_EQ(store_->search("harbour", 10).value().size(), 1u);
  EXPECT_EQ(raw_query("SELECT count(*) FROM matches"), "1");
}

TEST_P(TakedownTest, TheUrlIsNeverStoredAgain) {
  ASSERT_TRUE(store_->take_down(kSeedUrl, "legal request", kApril14 + 100));
  EXPECT_TRUE(store_->is_tombstoned(kSeedUrl).value_or(false));
  EXPECT_TRUE(store_->is_known_url(kSeedUrl).value_or(false));
  EXPECT_FALSE(store_->has_snapshot_url(kSeedUrl).value_or(true));

  // A crawl that had fetched the page before the takedown tries to commit it afterwards.
  bool inserted = true;
  auto id = store_->commit_article(seed_snapshot(kSeedUrl, kApril14 + 200),
                                   {Match{"investment", {"招商引资"}, "…"}},
                                   {{"investment", "hook"}}, &inserted);
  ASSERT_TRUE(id) << id.error().to_string();
  EXPECT_FALSE(inserted);
  EXPECT_EQ(*id, 0);
  EXPECT_EQ(raw_query("SELECT count(*) FROM snapshots WHERE url = '" + kSeedUrl + "'"), "0");
  EXPECT_EQ(raw_query("SELECT count(*) FROM deliveries"), "0");
  EXPECT_TRUE(store_->search("马不停蹄", 10).value().empty());
}

// About SQLite's file (secure_delete, the WAL checkpoint); PostgreSQL keeps a deleted row's
// bytes in free space until VACUUM reuses it (docs/postgresql.md).
class SqliteTakedownTest : public TakedownTest {};

TEST_P(SqliteTakedownTest, TheRawPageDoesNotLingerInTheFile) {
  const std::string before = read_file(path()) + read_file(path() + "-wal");
  ASSERT_NE(before.find("SEED-RAW-PAGE-MARKER"), std::string::npos);
  ASSERT_TRUE(store_->take_down(kSeedUrl, "legal request", kApril14 + 100));
  EXPECT_EQ(read_file(path()).find("SEED-RAW-PAGE-MARKER"), std::string::npos);
  EXPECT_EQ(read_file(path() + "-wal").find("SEED-RAW-PAGE-MARKER"), std::string::npos);
  EXPECT_EQ(read_file(path()).find("马不停蹄"), std::string::npos);
}

TEST_P(TakedownTest, AnUnknownUrlIsTombstonedAndARepeatKeepsTheFirstReason) {
  const std::string url = "https://zibo.example/never-seen.html";
  auto first = store_->take_down(url, "pre-emptive request", kApril14);
  ASSERT_TRUE(first) << first.error().to_string();
  EXPECT_FALSE(first->snapshot_removed);
  EXPECT_TRUE(store_->is_known_url(url).value_or(false));
  auto again = store_->take_down(url, "second request", kApril14 + 1);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->already_taken_down);
  EXPECT_EQ(raw_query("SELECT reason FROM tombstones WHERE url = '" + url + "'"),
            "pre-emptive request");
  EXPECT_FALSE(store_->is_known_url("https://zibo.example/other.html").value_or(true));
  EXPECT_TRUE(store_->is_known_url(kSeedUrl).value_or(false));  // stored, not tombstoned
  EXPECT_FALSE(store_->is_tombstoned(kSeedUrl).value_or(true));
}

HEADLINED_ON_EVERY_BACKEND(TakedownTest);
HEADLINED_ON_SQLITE_ONLY(SqliteTakedownTest);

}  // namespace
}  // namespace headlined::store::testing
