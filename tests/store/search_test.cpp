#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "../../src/store/schema.hpp"
#include "seed_article.hpp"
#include "store_fixture.hpp"

namespace headlined::store::testing {
namespace {

constexpr UnixTime kApril14 = 1713055507;

class SearchTest : public StoreTest {
 protected:
  std::int64_t add(const Snapshot& s) {
    auto id = store_->commit_article(s, {}, {});
    EXPECT_TRUE(id) << id.error().to_string();
    return id.value_or(0);
  }
  std::vector<SearchHit> search(const std::string& query, int limit = 20) {
    auto hits = store_->search(query, limit);
    EXPECT_TRUE(hits) << hits.error().to_string();
    return hits.value_or(std::vector<SearchHit>{});
  }
};

TEST_F(SearchTest, FindsAChinesePhraseFromTheSeedArticleWithASnippet) {
  std::int64_t seed = add(seed_snapshot("https://zibo.example/a/1.html", kApril14));
  add(harbour_snapshot("https://coast.example/h.html", kApril14));
  auto hits = search("马不停蹄");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].id, seed);
  EXPECT_EQ(hits[0].url, "https://zibo.example/a/1.html");
  EXPECT_EQ(hits[0].title, "一季度招商引资两项重要指标均居全市首位");
  EXPECT_EQ(hits[0].source_name, "zibo");
  EXPECT_EQ(hits[0].fetched_at, kApril14);
  EXPECT_NE(hits[0].snippet.find("[马不停蹄]"), std::string::npos) << hits[0].snippet;
  // Sub-title and byline are searched too.
  EXPECT_EQ(search("请进优质合伙人").size(), 1u);
  EXPECT_EQ(search("董振霞").size(), 1u);
  EXPECT_TRUE(search("没有这篇文章").empty());
}

TEST_F(SearchTest, EveryWordMustOccurAndLatinIgnoresCase) {
  add(seed_snapshot("https://zibo.example/a/1.html", kApril14));
  add(harbour_snapshot("https://coast.example/h.html", kApril14));
  EXPECT_EQ(search("HARBOUR reopened").size(), 1u);
  EXPECT_EQ(search("高青县　马不停蹄").size(), 1u);  // ideographic space between the words
  EXPECT_TRUE(search("招商引资 harbour").empty());
}

TEST_F(SearchTest, ShortChineseWordsFallBackToAScanWithASnippet) {
  add(seed_snapshot("https://zibo.example/a/1.html", kApril14));
  add(harbour_snapshot("https://coast.example/h.html", kApril14));
  auto hits = search("出击");  // 2 characters: below what the trigram index can look up
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_NE(hits[0].snippet.find("[出击]"), std::string::npos) << hits[0].snippet;
  EXPECT_EQ(search("高青 马不停蹄").size(), 1u);  // short and long words together
  EXPECT_TRUE(search("高青 harbour").empty());
  EXPECT_TRUE(search("台湾").empty());
}

TEST_F(SearchTest, NewestFirstAndLimited) {
  std::int64_t old_one = add(seed_snapshot("https://zibo.example/a/1.html", kApril14));
  std::int64_t new_one = add(seed_snapshot("https://zibo.example/a/2.html", kApril14 + 3600));
  std::int64_t middle = add(seed_snapshot("https://zibo.example/a/3.html", kApril14 + 60));
  auto hits = search("招商引资");
  ASSERT_EQ(hits.size(), 3u);
  EXPECT_EQ(hits[0].id, new_one);
  EXPECT_EQ(hits[1].id, middle);
  EXPECT_EQ(hits[2].id, old_one);
  EXPECT_EQ(search("招商引资", 2).size(), 2u);
}

TEST_F(SearchTest, QuerySyntaxAndWildcardsAreTakenLiterally) {
  add(harbour_snapshot("https://coast.example/h.html", kApril14));
  for (const char* q :
       {"\"harbour", "harbour AND", "NEAR(harbour", "title:harbour", "har*", "%%", "_a", "a\\%"}) {
    auto hits = store_->search(q, 10);
    ASSERT_TRUE(hits) << q << ": " << hits.error().to_string();
    EXPECT_TRUE(hits->empty()) << q;
  }
  EXPECT_FALSE(store_->search("   ", 10));  // no words at all is an error, not "everything"
}

TEST_F(SearchTest, TheMigrationIndexesSnapshotsStoredBeforeIt) {
  // A database as the first release left it: schema version 1 with one snapshot.
  store_.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path() + suffix);
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, migration_sql(1), nullptr, nullptr, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "INSERT INTO snapshots (url, original_url, source_name, title, subtitle, "
                         "byline, attribution, published, body, raw_page, charset, fetched_at) "
                         "VALUES ('https://zibo.example/old.html', '', 'zibo', '旧文章', '', '', "
                         "'', '', '高青县马不停蹄招商引资', x'00', 'UTF-8', 1); "
                         "PRAGMA user_version = 1;",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  reopen();
  EXPECT_GE(store_->schema_version(), 2);
  auto hits = search("马不停蹄");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].url, "https://zibo.example/old.html");
}

}  // namespace
}  // namespace headlined::store::testing
