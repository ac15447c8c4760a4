#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "../../src/store/schema.hpp"
#include "headlined/match/normalize.hpp"
#include "seed_article.hpp"
#include "store_fixture.hpp"

namespace headlined::store::testing {
namespace {

// Each test runs three times: on SQLite with the snapshots still queued for the background
// indexer (search reads them directly) and with them in the index (search asks the index for
// candidates), and on PostgreSQL (tokens written with the snapshot).
enum class SearchMode { SqliteQueued, SqliteIndexed, Postgresql };

class SearchTest : public ::testing::TestWithParam<SearchMode>, protected StoreHarness {
 protected:
  void SetUp() override {
    open_on(GetParam() == SearchMode::Postgresql ? Backend::Postgresql : Backend::Sqlite);
  }
  bool indexed() const { return GetParam() == SearchMode::SqliteIndexed; }

  std::int64_t add(const Snapshot& s) {
    auto id = store_->commit_article(s, {}, {});
    EXPECT_TRUE(id) << id.error().to_string();
    if (indexed()) {
      EXPECT_EQ(store_->index_pending(1000).value_or(-1), 1);
    }
    return id.value_or(0);
  }

  std::int64_t add_text(const std::string& url, const std::string& title, const std::string& body,
                        UnixTime fetched_at) {
    Snapshot s = harbour_snapshot(url, fetched_at);
    s.article.title = title;
    s.article.body = body;
    return add(s);
  }
  std::vector<SearchHit> search(const std::string& query, int limit = 20) {
    auto hits = store_->search(query, limit);
    EXPECT_TRUE(hits) << hits.error().to_string();
    return hits.value_or(std::vector<SearchHit>{});
  }
};

TEST_P(SearchTest, FindsAChinesePhraseFromTheSeedArticleWithASnippet) {
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

TEST_P(SearchTest, EveryWordMustOccurAndLatinIgnoresCase) {
  add(seed_snapshot("https://zibo.example/a/1.html", kApril14));
  add(harbour_snapshot("https://coast.example/h.html", kApril14));
  EXPECT_EQ(search("HARBOUR reopened").size(), 1u);
  EXPECT_EQ(search("高青县　马不停蹄").size(), 1u);  // ideographic space between the words
  EXPECT_TRUE(search("招商引资 harbour").empty());
}

TEST_P(SearchTest, FindsChineseWordsOfOneTwoAndThreeCharacters) {
  add(seed_snapshot("https://zibo.example/a/1.html", kApril14));
  add(harbour_snapshot("https://coast.example/h.html", kApril14));
  for (const char* word : {"淄", "出击", "招商链", "马不停蹄"}) {
    auto hits = search(word);
    ASSERT_EQ(hits.size(), 1u) << word;
    EXPECT_NE(hits[0].snippet.find(std::string("[") + word + "]"), std::string::npos)
        << hits[0].snippet;
  }
  auto hits = search("出击");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_NE(hits[0].snippet.find("[出击]"), std::string::npos) << hits[0].snippet;
  EXPECT_EQ(search("高青 马不停蹄").size(), 1u);  // short and long words together
  EXPECT_TRUE(search("鲸").empty());
  EXPECT_TRUE(search("高青 harbour").empty());
  EXPECT_TRUE(search("台湾").empty());
}

TEST_P(SearchTest, NewestFirstAndLimited) {
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

// More matches than are looked up and sorted (200): the newest are found by walking the
// fetch-time index, also when ids and fetch times are not in the same order.
TEST_P(SearchTest, ManyMatchesComeNewestFirstEvenOutOfIdOrder) {
  std::vector<ArticleToCommit> articles(300);
  for (int i = 0; i < 300; ++i) {
    // Ids grow with i; fetch times too, except every 7th, older than all others, and number
    // 6, the newest of all though stored early.
    const UnixTime at = i == 6       ? kApril14 + 100000
                        : i % 7 == 0 ? kApril14 - 1000 + i
                                     : kApril14 + i;
    articles[i].snapshot = harbour_snapshot("https://coast.example/" + std::to_string(i), at);
    if (i % 10 != 0) articles[i].snapshot.article.body = "港口今日开放。";
  }
  std::vector<const ArticleToCommit*> group;
  for (const ArticleToCommit& a : articles) group.push_back(&a);
  ASSERT_TRUE(store_->commit_articles(group));
  if (indexed()) {
    ASSERT_EQ(store_->index_pending(1000).value_or(-1), 300);
  }
  auto hits = search("港口", 1000);
  ASSERT_EQ(hits.size(), 270u);
  for (std::size_t i = 1; i < hits.size(); ++i) {
    EXPECT_TRUE(hits[i - 1].fetched_at > hits[i].fetched_at ||
                (hits[i - 1].fetched_at == hits[i].fetched_at && hits[i - 1].id > hits[i].id))
        << i;
  }
  EXPECT_EQ(hits[0].fetched_at, kApril14 + 100000) << "the early id with the newest time";
  auto newest = search("harbour", 3);  // every title has it
  ASSERT_EQ(newest.size(), 3u);
  EXPECT_EQ(newest[0].fetched_at, kApril14 + 100000);
  EXPECT_EQ(newest[1].fetched_at, kApril14 + 299);
  EXPECT_EQ(newest[2].fetched_at, kApril14 + 298);
  EXPECT_EQ(search("harbour", 1000).size(), 300u);
  auto oldest = search("港口", 1000).back();
  EXPECT_EQ(oldest.fetched_at, kApril14 - 1000 + 7) << "0 is not a 港口 one";
}

TEST_P(SearchTest, QuerySyntaxAndWildcardsAreTakenLiterally) {
  add(harbour_snapshot("https://coast.example/h.html", kApril14));
  for (const char* q :
       {"\"harbour", "harbour AND", "NEAR(harbour", "title:harbour", "%%", "_a", "a\\%", "*"}) {
    auto hits = store_->search(q, 10);
    ASSERT_TRUE(hits) << q << ": " << hits.error().to_string();
    EXPECT_TRUE(hits->empty()) << q;
  }
  EXPECT_FALSE(store_->search("   ", 10));  // no words at all is an error, not "everything"
}

TEST_P(SearchTest, ATrailingStarFindsWordsStartingWithIt) {
  add(harbour_snapshot("https://coast.example/h.html", kApril14));
  add(seed_snapshot("https://zibo.example/a/1.html", kApril14 + 1));
  EXPECT_EQ(search("har*").size(), 1u);
  EXPECT_EQ(search("REOPEN*").size(), 1u);
  EXPECT_TRUE(search("arbour*").empty()) << "a prefix, not any substring";
  EXPECT_EQ(search("招商*").size(), 1u);
  EXPECT_EQ(search("har* 招商").size(), 0u);
}

TEST_P(SearchTest, LatinWordsMatchWholeWordsInAnyCase) {
  add(harbour_snapshot("https://coast.example/h.html", kApril14));
  for (const char* q : {"harbour", "HARBOUR", "Harbour", "hArBoUr monday"}) {
    auto hits = search(q);
    ASSERT_EQ(hits.size(), 1u) << q;
    EXPECT_NE(hits[0].snippet.find("The [harbour] reopened"), std::string::npos) << hits[0].snippet;
  }
  // Not substrings of a word, as the trigram index had them.
  EXPECT_TRUE(search("harb").empty());
  EXPECT_TRUE(search("arbour").empty());
  EXPECT_TRUE(search("reopen").empty());
}

TEST_P(SearchTest, TraditionalAndSimplifiedAndFullWidthFindEachOther) {
  if (!match::traditional_to_simplified_available()) GTEST_SKIP() << "no OpenCC data";
  const std::int64_t traditional = add_text("https://tw.example/1", "國際港口重新開放",
                                            "港務局說，ＡＩ調度系統上線。", kApril14);
  const std::int64_t simplified =
      add_text("https://cn.example/1", "国际航线", "航空公司宣布新航线。", kApril14 + 1);
  auto hits = search("国际");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].id, simplified);
  EXPECT_EQ(hits[1].id, traditional);
  // The snippet shows the stored text, the hit marked where it is.
  EXPECT_NE(hits[1].snippet.find("[國際]港口"), std::string::npos) << hits[1].snippet;
  auto from_traditional = search("國際");
  EXPECT_EQ(from_traditional.size(), 2u);
  auto ai = search("ai调度");
  ASSERT_EQ(ai.size(), 1u);
  EXPECT_EQ(ai[0].id, traditional);
  EXPECT_NE(ai[0].snippet.find("[ＡＩ調度]"), std::string::npos) << ai[0].snippet;
}

TEST_P(SearchTest, AChineseWordMustOccurContiguously) {
  // Every bigram of 中国人 is in this text, but not the word: the index offers it, the check
  // on its text refuses it.
  add_text("https://a.example/apart", "比赛", "中国队赢了，国人欢呼。", kApril14 + 10);
  // The characters of 国人 split by a space are not the word either.
  add_text("https://a.example/space", "名单", "中国 人民", kApril14 + 20);
  const std::int64_t whole =
      add_text("https://a.example/whole", "访谈", "一位中国人说。", kApril14);
  auto hits = search("中国人", 1);  // the newer false candidates do not use up the limit
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].id, whole);
  EXPECT_EQ(search("中国人").size(), 1u);
  EXPECT_EQ(search("国人").size(), 2u);  // 国人欢呼 and 中国人; not "中国 人民"
  EXPECT_EQ(search("中国").size(), 3u);
}

// About SQLite's own migrations: found while queued and once indexed.
TEST_F(SqliteStoreTest, TheSearchMigrationIndexesSnapshotsStoredBeforeIt) {
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
  for (bool indexed : {false, true}) {
    if (indexed) {
      EXPECT_EQ(store_->index_pending(1000).value_or(-1), 1);
    }
    auto hits = store_->search("马不停蹄", 20);
    ASSERT_TRUE(hits) << hits.error().to_string();
    ASSERT_EQ(hits->size(), 1u) << indexed;
    EXPECT_EQ((*hits)[0].url, "https://zibo.example/old.html");
  }
}

INSTANTIATE_TEST_SUITE_P(QueuedIndexedOrPostgresql, SearchTest,
                         ::testing::Values(SearchMode::SqliteQueued, SearchMode::SqliteIndexed,
                                           SearchMode::Postgresql),
                         [](const ::testing::TestParamInfo<SearchMode>& info) {
                           switch (info.param) {
                             case SearchMode::SqliteQueued:
                               return "Queued";
                             case SearchMode::SqliteIndexed:
                               return "Indexed";
                             case SearchMode::Postgresql:
                               return "Postgresql";
                           }
                           return "";
                         });

}  // namespace
}  // namespace headlined::store::testing
