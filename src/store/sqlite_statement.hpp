#pragma once
// A prepared statement with RAII finalisation and a small binding/reading API. Bind errors
// are remembered and reported by step(), so call sites stay a straight line of binds.

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace headlined::store {

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return rc_ == SQLITE_OK; }

  // Parameters are 1-based, as in SQLite.
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::optional<std::int64_t> value);
  Statement& bind_blob(int index, std::string_view bytes);

  // SQLITE_ROW, SQLITE_DONE or an error code (including a failed prepare or bind).
  int step();
  // Makes the statement ready to run again with new bindings (a bind error stays reported).
  void reset();
  // Resets it and forgets its bindings and any bind error: for a statement that is kept and
  // run again for other work (StatementCache).
  void clear();

  std::string text(int column) const;
  std::string blob(int column) const;
  // The column's bytes in place, valid until the next step or reset: for reading a blob
  // without copying it.
  std::pair<const unsigned char*, std::size_t> blob_view(int column) const;
  std::int64_t integer(int column) const;
  std::optional<std::int64_t> optional_integer(int column) const;

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_OK;
  int prepared_rc_ = SQLITE_OK;  // what rc_ returns to on clear()
};

}  // namespace headlined::store
