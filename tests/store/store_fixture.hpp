#pragma once
// Shared pieces of the store tests: a store on a real SQLite file or a real PostgreSQL
// server, a sample Chinese snapshot, and raw access through a second connection.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <memory>
#include <string>

#include "../../src/store/search_tokenizer.hpp"
#include "headlined/store/store.hpp"
#include "support/postgres_server.hpp"
#include "support/temp_dir.hpp"

namespace headlined::store::testing {

// The seed article's fetch time (2024-04-14 00:45:07 UTC): "now" for the store tests.
inline constexpr UnixTime kNow = 1713055507;
inline constexpr UnixTime kApril14 = kNow;
inline constexpr UnixTime kDay = 24 * 3600;

inline Snapshot sample_snapshot(const std::string& url = "https://news.example.cn/a/1.html") {
  Snapshot s;
  s.article.url = url;
  s.article.title = "一季度招商引资两项重要指标均居全市首位";
  s.article.subtitle = "高青:请进优质合伙人共赢未来";
  s.article.byline = "□本报记者 董振霞 通讯员 王克军";
  s.article.attribution = "淄博日报";
  s.article.published = "2024-04-14T08:45:07+08:00";
  s.article.body = "日前,我市公布今年一季度全市招商引资综合情况。\n优化产业链\n成立五大招商专班";
  s.article.source_name = "zibo";
  s.original_url = url + "?utm_source=rss";
  // GBK bytes with NULs inside, as a page is stored before decoding.
  s.raw_page = std::string("<html>\xd5\xd0\xc9\xcc\0\0\x01\xff</html>", 20);
  s.charset = "GBK";
  s.fetched_at = kNow;
  return s;
}

// The databases the store suite runs on: every test of the store's contract runs on both
// (TEST_P over StoreTest); tests about SQLite itself use SqliteStoreTest.
enum class Backend { Sqlite, Postgresql };

inline void PrintTo(Backend backend, std::ostream* out) {
  *out << (backend == Backend::Sqlite ? "SQLite" : "PostgreSQL");
}

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::Sqlite ? "Sqlite" : "Postgresql";
}

// A store on a real SQLite file in a fresh directory, or in a fresh schema of the test
// process's PostgreSQL server (support/postgres_server.hpp), and raw access beside it.
class StoreHarness {
 protected:
  void open_on(Backend backend) {
    backend_ = backend;
    if (backend == Backend::Postgresql) {
      auto& server = headlined::testing::PostgresServer::instance();
      ASSERT_TRUE(server.started()) << server.failure();
      url_ = server.fresh_schema_url();
    }
    reopen();
  }

  void reopen() {
    store_.reset();
    auto opened = Store::open(location());
    ASSERT_TRUE(opened) << opened.error().to_string();
    store_ = std::move(*opened);
  }

  bool on_postgresql() const { return backend_ == Backend::Postgresql; }

  // What Store::open takes, and what its errors name.
  std::string location() const { return on_postgresql() ? url_ : path(); }
  std::string path() const { return dir_.file("headlined.db"); }

  // One value from a query run through an independent connection to the same database
  // (on SQLite with the search index's tokenizer, which snapshots_fts needs).
  std::string raw_query(const std::string& sql) const {
    if (on_postgresql()) return headlined::testing::PostgresServer::instance().query(url_, sql);
    sqlite3* db = nullptr;
    std::string out;
    if (sqlite3_open_v2(path().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK &&
        register_search_tokenizer(db) == SQLITE_OK) {
      sqlite3_stmt* st = nullptr;
      if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
          sqlite3_step(st) == SQLITE_ROW) {
        const auto* text = sqlite3_column_text(st, 0);
        if (text) out.assign(reinterpret_cast<const char*>(text), sqlite3_column_bytes(st, 0));
      }
      sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return out;
  }

  Backend backend_ = Backend::Sqlite;
  headlined::testing::TempDir dir_;
  std::string url_;
  std::unique_ptr<Store> store_;
};

class StoreTest : public ::testing::TestWithParam<Backend>, protected StoreHarness {
 protected:
  void SetUp() override { open_on(GetParam()); }
};

class SqliteStoreTest : public ::testing::Test, protected StoreHarness {
 protected:
  void SetUp() override { open_on(Backend::Sqlite); }
};

}  // namespace headlined::store::testing

// Runs the TEST_Ps of `suite` (StoreTest or a fixture derived from it) on both backends.
// Runs the TEST_Ps of `suite` on SQLite alone: tests about SQLite itself (its files, its
// migrations from older versions), in a fixture derived from one that runs on both.
#define HEADLINED_ON_SQLITE_ONLY(suite)                                                     \
  INSTANTIATE_TEST_SUITE_P(Sqlite, suite,                                                   \
                           ::testing::Values(::headlined::store::testing::Backend::Sqlite), \
                           ::headlined::store::testing::backend_name)

#define HEADLINED_ON_EVERY_BACKEND(suite)                                                       \
  INSTANTIATE_TEST_SUITE_P(Backends, suite,                                                     \
                           ::testing::Values(::headlined::store::testing::Backend::Sqlite,      \
                                             ::headlined::store::testing::Backend::Postgresql), \
                           ::headlined::store::testing::backend_name)
