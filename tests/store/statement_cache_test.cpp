// The connection's kept statements (src/store/statement_cache.hpp): prepared once and lent
// out again and again, each time without the last use's bindings and never left open.

#include "../../src/store/statement_cache.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>

namespace headlined::store {
namespace {

class StatementCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    exec("CREATE TABLE t (k INTEGER PRIMARY KEY, v INTEGER)");
    exec("INSERT INTO t VALUES (1, 10), (2, 20), (3, 30)");
  }
  void TearDown() override {
    cache_.clear();  // finalised before the connection closes
    EXPECT_EQ(sqlite3_close(db_), SQLITE_OK);
  }
  void exec(const char* sql) {
    ASSERT_EQ(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr), SQLITE_OK);
  }

  sqlite3* db_ = nullptr;
  StatementCache cache_;
};

constexpr const char* kSelect = "SELECT v FROM t WHERE k >= ?1 ORDER BY k";

TEST_F(StatementCacheTest, PreparesOnceAndLendsTheSameStatement) {
  Statement* first = nullptr;
  {
    auto st = cache_.get(db_, kSelect);
    first = &*st;
    st->bind(1, std::int64_t{3});
    ASSERT_EQ(st->step(), SQLITE_ROW);
    EXPECT_EQ(st->integer(0), 30);
  }
  auto again = cache_.get(db_, kSelect);
  EXPECT_EQ(&*again, first);
}

TEST_F(StatementCacheTest, ALentStatementIsResetWhenItsHandleGoes) {
  {
    auto st = cache_.get(db_, kSelect);
    st->bind(1, std::int64_t{1});
    ASSERT_EQ(st->step(), SQLITE_ROW);  // stopped in the middle of its rows
    EXPECT_NE(sqlite3_next_stmt(db_, nullptr), nullptr);
    EXPECT_TRUE(sqlite3_stmt_busy(sqlite3_next_stmt(db_, nullptr)));
  }
  // No statement of the connection is still running, so no read stays open.
  EXPECT_FALSE(sqlite3_stmt_busy(sqlite3_next_stmt(db_, nullptr)));
  // And the next use starts from the first row with no bindings left: ?1 is NULL.
  auto st = cache_.get(db_, kSelect);
  EXPECT_EQ(st->step(), SQLITE_DONE);
}

TEST_F(StatementCacheTest, ABindErrorDoesNotOutliveItsUse) {
  {
    auto st = cache_.get(db_, kSelect);
    st->bind(7, std::int64_t{1});  // no such parameter
    EXPECT_EQ(st->step(), SQLITE_RANGE);
  }
  auto st = cache_.get(db_, kSelect);
  st->bind(1, std::int64_t{2});
  ASSERT_EQ(st->step(), SQLITE_ROW);
  EXPECT_EQ(st->integer(0), 20);
}

TEST_F(StatementCacheTest, AFailedPrepareIsTriedAgain) {
  constexpr const char* kLater = "SELECT count(*) FROM later";
  {
    auto st = cache_.get(db_, kLater);
    EXPECT_FALSE(st->ok());
    EXPECT_EQ(st->step(), SQLITE_ERROR);
  }
  exec("CREATE TABLE later (x)");
  auto st = cache_.get(db_, kLater);
  ASSERT_EQ(st->step(), SQLITE_ROW);
  EXPECT_EQ(st->integer(0), 0);
}

}  // namespace
}  // namespace headlined::store
