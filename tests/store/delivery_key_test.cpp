// A delivery's idempotency key: made once at creation, unique across time and installations,
// never changed while it is retried. A receiver drops a message whose key it has seen, so a
// key that came back (as row ids do after a delete or a restored backup) would silently drop
// a real alert.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>

#include "store_fixture.hpp"

namespace headlined::store::testing {
namespace {

// Commits an article owing one delivery per channel and returns the rows created for it.
std::vector<Delivery> add_article(Store& store, const std::string& url,
                                  const std::vector<std::string>& channels = {"hook"}) {
  Snapshot s = sample_snapshot(url);
  std::vector<NewDelivery> owed;
  for (const std::string& c : channels) owed.push_back({"investment", c});
  auto id = store.commit_article(s, {Match{"investment", {"招商"}, "snippet"}}, owed);
  EXPECT_TRUE(id) << id.error().to_string();
  std::vector<Delivery> out;
  for (const Delivery& d : store.deliveries().value_or(std::vector<Delivery>{}))
    if (id && d.snapshot_id == *id) out.push_back(d);
  return out;
}

// Sends (marks sent) every pending delivery and returns the keys they went out with.
std::set<std::string> send_all(Store& store) {
  std::set<std::string> keys;
  const std::vector<Delivery> pending = store.deliveries(DeliveryStatus::Pending).value();
  for (const Delivery& d : pending) {
    EXPECT_TRUE(store.claim_batch({d.id}, d.key));
    EXPECT_TRUE(store.mark_batch_sent({d.id}, kNow));
    keys.insert(d.key);
  }
  return keys;
}

bool shares_any(const std::set<std::string>& a, const std::set<std::string>& b) {
  for (const std::string& k : a)
    if (b.contains(k)) return true;
  return false;
}

TEST_P(StoreTest, EveryDeliveryIsCreatedWithAUuidV7Key) {
  auto rows = add_article(*store_, "https://a.example/1", {"hook", "mail", "chat"});
  ASSERT_EQ(rows.size(), 3u);
  static const std::regex uuid_v7(
      "[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> keys;
  for (const Delivery& d : rows) {
    EXPECT_TRUE(std::regex_match(d.key, uuid_v7)) << d.key;
    keys.insert(d.key);
  }
  EXPECT_EQ(keys.size(), 3u);
}

TEST_P(StoreTest, TakingDownTheNewestArticleNeverHandsItsKeyToTheNextOne) {
  add_article(*store_, "https://a.example/1");
  add_article(*store_, "https://a.example/2");
  const std::set<std::string> sent = send_all(*store_);
  // The newest snapshot goes, with its deliveries: its row ids are free again.
  ASSERT_TRUE(store_->take_down("https://a.example/2", "request", kNow + 10));
  auto next = add_article(*store_, "https://a.example/3");
  ASSERT_EQ(next.size(), 1u);
  EXPECT_FALSE(sent.contains(next[0].key)) << next[0].key << " was sent before";
}

TEST(DeliveryKeys, TwoFreshDatabasesNeverShareAKey) {
  headlined::testing::TempDir one, two;
  auto a = Store::open(one.file("headlined.db"));
  auto b = Store::open(two.file("headlined.db"));
  ASSERT_TRUE(a && b);
  std::set<std::string> keys_a, keys_b;
  // The same articles in the same order: the same row ids on both.
  for (int i = 0; i < 20; ++i) {
    const std::string url = "https://a.example/" + std::to_string(i);
    for (const Delivery& d : add_article(**a, url, {"hook", "mail"})) keys_a.insert(d.key);
    for (const Delivery& d : add_article(**b, url, {"hook", "mail"})) keys_b.insert(d.key);
  }
  EXPECT_EQ(keys_a.size(), 40u);
  EXPECT_EQ(keys_b.size(), 40u);
  EXPECT_FALSE(shares_any(keys_a, keys_b));
}

TEST_F(SqliteStoreTest, ARestoredBackupNeverReusesAKeySentAfterTheBackup) {
  add_article(*store_, "https://a.example/1");
  send_all(*store_);
  const std::string backup = dir_.file("backup.db");
  ASSERT_TRUE(store_->backup_to(backup, false));
  add_article(*store_, "https://a.example/2");
  add_article(*store_, "https://a.example/3");
  const std::set<std::string> sent_after_backup = send_all(*store_);
  ASSERT_EQ(sent_after_backup.size(), 2u);

  // The admin restores the backup and the daemon runs on: the same articles come again.
  store_.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path() + suffix);
  std::filesystem::copy_file(backup, path());
  reopen();
  std::set<std::string> after_restore;
  for (const char* url : {"https://a.example/2", "https://a.example/3"})
    for (const Delivery& d : add_article(*store_, url)) after_restore.insert(d.key);
  ASSERT_EQ(after_restore.size(), 2u);
  EXPECT_FALSE(shares_any(sent_after_backup, after_restore));
}

TEST_P(StoreTest, TheKeyNeverChangesWhileTheDeliveryIsRetried) {
  auto rows = add_article(*store_, "https://a.example/1", {"hook", "mail"});
  ASSERT_EQ(rows.size(), 2u);
  const Delivery first = rows[0];
  ASSERT_TRUE(store_->claim_batch({first.id}, first.key));
  ASSERT_TRUE(store_->mark_batch_failed({first.id}, "HTTP 503", kNow + 60, false));
  reopen();
  auto again = store_->due_deliveries(kNow + 60, 10).value();
  auto same = std::ranges::find_if(again, [&](const Delivery& d) { return d.id == first.id; });
  ASSERT_NE(same, again.end());
  EXPECT_EQ(same->attempts, 1);
  EXPECT_EQ(same->key, first.key);
  EXPECT_EQ(same->message_key(), first.key);
  EXPECT_NE(rows[1].key, first.key);
}

TEST_P(StoreTest, RedeliveringADeadDeliveryKeepsItsKeysASentOneGetsANewKey) {
  auto rows = add_article(*store_, "https://a.example/1", {"dead", "sent"});
  ASSERT_EQ(rows.size(), 2u);
  const Delivery dead = rows[0], sent = rows[1];
  ASSERT_TRUE(store_->claim_batch({dead.id}, "batch-of-the-dead-one"));
  ASSERT_TRUE(store_->mark_batch_failed({dead.id}, "HTTP 404", kNow, true));
  ASSERT_TRUE(store_->claim_batch({sent.id}, sent.key));
  ASSERT_TRUE(store_->mark_batch_sent({sent.id}, kNow));

  ASSERT_TRUE(store_->requeue_delivery(dead.id, kNow + 1).value());
  ASSERT_TRUE(store_->requeue_delivery(sent.id, kNow + 1).value());
  auto due = store_->due_deliveries(kNow + 1, 10).value();
  ASSERT_EQ(due.size(), 2u);
  for (const Delivery& d : due) {
    if (d.id == dead.id) {
      // The receiver never accepted it: the same message, the same key.
      EXPECT_EQ(d.key, dead.key);
      EXPECT_EQ(d.message_key(), "batch-of-the-dead-one");
    } else {
      // Asked for again: a new message the receiver must not drop as a repeat.
      EXPECT_NE(d.key, sent.key);
      EXPECT_EQ(d.message_key(), d.key);
    }
  }
  // --all-failed keeps the keys too.
  ASSERT_TRUE(store_->mark_batch_failed({dead.id}, "HTTP 404", kNow + 2, true));
  ASSERT_EQ(store_->requeue_dead(kNow + 3).value(), 1);
  auto requeued = store_->deliveries(DeliveryStatus::Pending).value();
  auto again = std::ranges::find_if(requeued, [&](const Delivery& d) { return d.id == dead.id; });
  ASSERT_NE(again, requeued.end());
  EXPECT_EQ(again->message_key(), "batch-of-the-dead-one");
}

TEST_F(SqliteStoreTest, DeliveriesOfAnOlderDatabaseKeepTheKeysTheyWereSentWith) {
  add_article(*store_, "https://a.example/1", {"hook", "mail"});
  const std::int64_t claimed_id = store_->deliveries().value().at(1).id;
  // Turn the file back into a schema-4 database (before keys were stored), with one
  // delivery already claimed under a key of that time; what later migrations added (the web
  // front's columns and table) goes too, since they run again on the reopen.
  store_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
  // ALTER TABLE snapshots checks the triggers on it, which write the search index.
  ASSERT_EQ(register_search_tokenizer(db), SQLITE_OK);
  const std::string downgrade =
      // Later migrations are undone too: the sources' stored discovery columns.
      "ALTER TABLE sources DROP COLUMN discovered_kind; "
      "ALTER TABLE sources DROP COLUMN discovered_url; "
      "ALTER TABLE sources DROP COLUMN discovered_reason; "
      "DROP INDEX deliveries_key; ALTER TABLE deliveries DROP COLUMN key; "
      "DROP INDEX snapshots_url_hash; DROP INDEX snapshots_source_fetched_at; "
      "DROP INDEX tombstones_snapshot_id; DROP INDEX tombstones_url_hash; "
      "ALTER TABLE snapshots DROP COLUMN url_hash; ALTER TABLE tombstones DROP COLUMN "
      "snapshot_id; ALTER TABLE tombstones DROP COLUMN url_hash; DROP TABLE takedown_requests; "
      // And the WebSub subscriptions and the sources' poll interval columns.
      "DROP TABLE websub_subscriptions; ALTER TABLE sources DROP COLUMN poll_interval; "
      "ALTER TABLE sources DROP COLUMN poll_reason; "
      "DROP TABLE story_bands; DROP TABLE story_members; "
      // And the nodes' heartbeats, leases and delivery claims.
      "DROP TABLE nodes; DROP TABLE leases; ALTER TABLE deliveries DROP COLUMN claimed_by; "
      "ALTER TABLE deliveries DROP COLUMN claim_expires_ms; "
      "UPDATE deliveries SET batch_key = 'headlined-delivery-" +
      std::to_string(claimed_id) + "' WHERE id = " + std::to_string(claimed_id) +
      "; PRAGMA user_version = 4;";
  ASSERT_EQ(sqlite3_exec(db, downgrade.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);

  reopen();
  auto rows = store_->deliveries().value();
  ASSERT_EQ(rows.size(), 2u);
  for (const Delivery& d : rows) {
    EXPECT_EQ(d.key, "headlined-delivery-" + std::to_string(d.id));
    EXPECT_EQ(d.message_key(), "headlined-delivery-" + std::to_string(d.id));
  }
  // New deliveries get keys of the new kind, which never collide with the old form.
  auto fresh = add_article(*store_, "https://a.example/2");
  ASSERT_EQ(fresh.size(), 1u);
  EXPECT_EQ(fresh[0].key.find("headlined-delivery-"), std::string::npos);
}

}  // namespace
}  // namespace headlined::store::testing
