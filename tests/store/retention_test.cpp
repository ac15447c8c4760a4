#include <gtest/gtest.h>
#include <sqlite3.h>

#include "headlined/core/time.hpp"
#include "seed_article.hpp"
#include "store_fixture.hpp"

namespace headlined::store::testing {
namespace {

class RetentionTest : public StoreTest {
 protected:
  std::int64_t add(const std::string& url, UnixTime fetched_at,
                   std::vector<NewDelivery> deliveries = {}) {
    auto id = store_->commit_article(seed_snapshot(url, fetched_at),
                                     {Match{"investment", {"招商引资"}, "…"}}, deliveries);
    EXPECT_TRUE(id) << id.error().to_string();
    return id.value_or(0);
  }
  std::string count(const std::string& table) { return raw_query("SELECT count(*) FROM " + table); }
};

TEST_P(RetentionTest, RemovesOldSnapshotsButKeepsThoseAPendingDeliveryNeeds) {
  add("https://zibo.example/old-sent.html", kNow - 100 * kDay, {{"investment", "hook"}});
  add("https://zibo.example/old-dead.html", kNow - 95 * kDay, {{"investment", "hook"}});
  add("https://zibo.example/old-pending.html", kNow - 91 * kDay, {{"investment", "hook"}});
  add("https://zibo.example/old-quiet.html", kNow - 200 * kDay);
  std::int64_t recent = add("https://zibo.example/recent.html", kNow - 10 * kDay);
  auto owed = store_->deliveries();
  ASSERT_TRUE(owed && owed->size() == 3u);
  ASSERT_TRUE(store_->mark_sent((*owed)[0].id, kNow - 99 * kDay));
  ASSERT_TRUE(store_->mark_failed((*owed)[1].id, "HTTP 500", 0, /*dead=*/true));

  auto purged = store_->purge_older_than(kNow - 90 * kDay);
  ASSERT_TRUE(purged) << purged.error().to_string();
  EXPECT_EQ(purged->snapshots_removed, 3);
  EXPECT_EQ(purged->kept_for_pending, 1);

  EXPECT_EQ(count("snapshots"), "2");
  EXPECT_TRUE(store_->snapshot_by_url("https://zibo.example/old-pending.html").value());
  EXPECT_TRUE(store_->snapshot_by_id(recent).value());
  EXPECT_FALSE(store_->snapshot_by_url("https://zibo.example/old-quiet.html").value());
  EXPECT_EQ(count("matches"), "2");
  EXPECT_EQ(count("deliveries"), "1");
  EXPECT_EQ(store_->deliveries(DeliveryStatus::Pending).value().size(), 1u);
  EXPECT_EQ(store_->search("马不停蹄", 10).value().size(), 2u);

  // Once its delivery ends, the next purge takes it too.
  ASSERT_TRUE(store_->mark_sent((*owed)[2].id, kNow));
  auto again = store_->purge_older_than(kNow - 90 * kDay);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->snapshots_removed, 1);
  EXPECT_EQ(again->kept_for_pending, 0);
  EXPECT_EQ(count("snapshots"), "1");
}

TEST_P(RetentionTest, APurgedUrlIsNotCollectedAgainForAnotherRetentionPeriod) {
  const std::string url = "https://zibo.example/old.html";
  add(url, kNow - 100 * kDay);
  ASSERT_TRUE(store_->purge_older_than(kNow - 90 * kDay));
  EXPECT_TRUE(store_->is_known_url(url).value_or(false));
  bool inserted = true;
  auto id = store_->commit_article(seed_snapshot(url, kNow), {}, {}, &inserted);
  ASSERT_TRUE(id);
  EXPECT_FALSE(inserted);
  EXPECT_EQ(count("snapshots"), "0");
  // A purge whose cutoff is past the reminder's creation forgets it.
  ASSERT_TRUE(store_->purge_older_than(now_unix() + 1));
  EXPECT_FALSE(store_->is_known_url(url).value_or(true));
}

TEST_P(RetentionTest, ATakedownIsNeverForgottenByRetention) {
  const std::string url = "https://zibo.example/taken.html";
  ASSERT_TRUE(store_->take_down(url, "legal", kNow - 400 * kDay));
  ASSERT_TRUE(store_->purge_older_than(now_unix() + 1));
  EXPECT_TRUE(store_->is_tombstoned(url).value_or(false));
}

TEST_P(RetentionTest, PurgesMoreThanOneBatch) {
  // Inserted directly in one transaction (on SQLite the FTS trigger still runs): 450 commits
  // with synchronous=FULL would make the test slow.
  if (on_postgresql()) {
    raw_query(
        "INSERT INTO snapshots (url, original_url, source_name, title, subtitle, byline, "
        "attribution, published, body, raw_page, charset, fetched_at, search_tokens) "
        "SELECT 'https://x.example/' || i, '', 'x', '标题' || i, '', '', '', '', "
        "'马不停蹄的正文', '\\x00', 'UTF-8', 1000 + i, "
        // The tokens a search for 马不停蹄 looks up (the store writes every token of the text).
        "'{马,不,停,蹄,马不,不停,停蹄}' "
        "FROM generate_series(1, 450) AS i");
  } else {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(
        sqlite3_exec(db,
                     "BEGIN; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                     "WHERE i < 450) INSERT INTO snapshots (url, original_url, source_name, "
                     "title, subtitle, byline, attribution, published, body, raw_page, "
                     "charset, fetched_at) SELECT 'https://x.example/' || i, '', 'x', "
                     "'标题' || i, '', '', '', '', '马不停蹄的正文', x'00', 'UTF-8', 1000 + i "
                     "FROM n; COMMIT;",
                     nullptr, nullptr, nullptr),
        SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  EXPECT_EQ(store_->search("马不停蹄", 1000).value().size(), 450u);
  auto purged = store_->purge_older_than(1000 + 441);  // fetched at 1001..1440
  ASSERT_TRUE(purged) << purged.error().to_string();
  EXPECT_EQ(purged->snapshots_removed, 440);
  EXPECT_EQ(count("snapshots"), "10");
  EXPECT_EQ(store_->search("马不停蹄", 1000).value().size(), 10u);
}

HEADLINED_ON_EVERY_BACKEND(RetentionTest);

}  // namespace
}  // namespace headlined::store::testing
