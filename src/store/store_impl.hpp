#pragma once
// The state behind Store: one SQLite connection, the mutex that keeps one thread's
// transaction from interleaving with another's on that connection, and the helpers every
// operation uses to run a transaction and to turn SQLite errors into values.

#include <sqlite3.h>

#include <mutex>
#include <string>
#include <string_view>
#include <type_traits>

#include "headlined/core/error.hpp"
#include "headlined/store/store.hpp"
#include "sqlite_statement.hpp"

namespace headlined::store {

// A free type (Store::Impl is private) so helpers outside Store's members can take it.
struct Connection {
  sqlite3* db = nullptr;
  std::string path;
  int version = 0;
  std::mutex mutex;

  Connection() = default;
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // "<op>: <sqlite message>" at the database path.
  Error error(std::string_view op) const;
  Error error(std::string_view op, std::string_view message) const;

  // Runs a statement without results (BEGIN, COMMIT, DDL).
  Result<void> exec(std::string_view op, const char* sql);

  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT with the mutex held; rolls back when
  // `body` returns an error or the commit fails.
  template <class F>
  auto write(std::string_view op, F&& body) -> std::invoke_result_t<F&> {
    std::lock_guard lock(mutex);
    return write_locked(op, body);
  }

  template <class F>
  auto write_locked(std::string_view op, F& body) -> std::invoke_result_t<F&> {
    if (auto begun = exec(op, "BEGIN IMMEDIATE"); !begun) return std::unexpected(begun.error());
    auto result = body();
    if (!result) {
      rollback();
      return result;
    }
    if (auto committed = exec(op, "COMMIT"); !committed) {
      rollback();
      return std::unexpected(committed.error());
    }
    return result;
  }

  void rollback();
};

struct Store::Impl : Connection {};

}  // namespace headlined::store
