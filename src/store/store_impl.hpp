#pragma once
// The state behind Store: one SQLite connection, the mutex that keeps one thread's
// transaction from interleaving with another's on that connection, and the helpers every
// operation uses to run a transaction and to turn SQLite errors into values.

#include <sqlite3.h>

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "headlined/core/error.hpp"
#include "headlined/store/store.hpp"
#include "sqlite_statement.hpp"
#include "sqlite_store.hpp"
#include "statement_cache.hpp"
#include "story_cache.hpp"

namespace headlined::store {

// A free type (Store::Impl is private) so helpers outside Store's members can take it.
struct Connection {
  sqlite3* db = nullptr;
  std::string path;
  int version = 0;
  std::mutex mutex;

  // The SQLite result code (extended) and the system errno of the last SQLite failure that
  // error(op) or exec() reported; write_locked() reads them to tell a full disk or a
  // read-only file from other failures. Guarded by `mutex`, like the connection.
  mutable int last_code = 0;
  mutable int last_errno = 0;

  // Set by a write that failed because the database cannot be written (disk full, size
  // limit, read-only file or filesystem, I/O error), cleared by a probe that succeeds.
  // Its own mutex: readers (status line, metrics) must not wait for a transaction.
  mutable std::mutex fault_mutex;
  std::optional<WriteFault> fault;

  // Store::set_search_budget: while a search runs, the progress handler interrupts it once
  // `search_deadline` has passed (guarded by `mutex`; empty between searches).
  std::chrono::milliseconds search_budget{0};
  // Store::set_story_window: how old an earlier copy of a story may be for a new article to
  // join it (guarded by `mutex`).
  std::chrono::seconds story_window{std::chrono::hours(24 * 7)};
  std::optional<std::chrono::steady_clock::time_point> search_deadline;
  // Statements kept prepared for SQL run for every stored article (guarded by `mutex`).
  StatementCache statements;
  // The newest story members, for the story step of the articles this connection stores
  // (guarded by `mutex`; brought up to date by sync_story_cache in each such transaction).
  StoryCache story_cache;

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
    last_code = 0;
    last_errno = 0;
    if (auto begun = exec(op, "BEGIN IMMEDIATE"); !begun) {
      note_write_failure(begun.error());
      return std::unexpected(begun.error());
    }
    auto result = body();
    if (!result) {
      note_write_failure(result.error());  // before the rollback resets the error code
      rollback();
      return result;
    }
    if (auto committed = exec(op, "COMMIT"); !committed) {
      note_write_failure(committed.error());
      rollback();
      return std::unexpected(committed.error());
    }
    return result;
  }

  // Records a fault when last_code says the database cannot be written; other errors (a
  // constraint, an unknown id, SQLITE_BUSY) leave the fault state as it is.
  void note_write_failure(const Error& error);
  // Clears the fault: only a successful probe does (a small write that fits in the last
  // kilobytes of a full disk says nothing about room for articles).
  void note_write_success();
  StorageCheck check_storage() const;

  void rollback();
};

struct SqliteStore::Impl : Connection {};

}  // namespace headlined::store
