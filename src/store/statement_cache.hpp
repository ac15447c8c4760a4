#pragma once
// Statements a connection prepares once and keeps, for SQL it runs for every stored article
// (the story step's lookup and inserts): compiling them anew each time cost more than running
// them (docs/stories.md, "Cost"). Guarded by the connection's mutex, like the connection.

#include <sqlite3.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "sqlite_statement.hpp"

namespace headlined::store {

class StatementCache {
 public:
  // A kept statement, lent until the handle goes: it starts without bindings and is reset
  // when the handle goes, so no read stays open between uses.
  class Handle {
   public:
    explicit Handle(Statement& statement) : statement_(statement) {}
    ~Handle() { statement_.clear(); }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;

    Statement& operator*() const { return statement_; }
    Statement* operator->() const { return &statement_; }

   private:
    Statement& statement_;
  };

  // The statement for `sql` on `db`, prepared on first use. One that failed to prepare (its
  // step() reports why) is prepared again next time rather than kept.
  Handle get(sqlite3* db, std::string_view sql);

  // Finalises every kept statement; call before closing the connection.
  void clear() { statements_.clear(); }

 private:
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

}  // namespace headlined::store
