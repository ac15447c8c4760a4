#pragma once
// A thin RAII layer over libpq for PgStore: one connection, statements with parameters sent
// apart from the SQL text (never spliced in), results freed on scope exit, and errors as
// "<op>: <server message>" at the database URL with its password masked.

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "headlined/core/error.hpp"

namespace headlined::store::pg {

// The URL with any password (user:PASSWORD@ or ?password=) replaced by "***": what errors
// and logs name.
std::string mask_password(std::string_view url);

// One statement parameter: text (libpq converts it to the column's type on the server), SQL
// NULL, or binary bytes for a bytea column (raw pages and sketches keep their NULs).
struct Param {
  std::optional<std::string> value;
  bool binary = false;
};
Param text(std::string_view value);
Param integer(std::int64_t value);
Param optional_integer(std::optional<std::int64_t> value);
Param bytes(std::string_view value);
// A bigint[] literal ({1,2,3}).
Param integer_array(const std::vector<std::int64_t>& values);
// A text[] literal ({"a","b"}) of the given strings, quoted so that no element is read as
// array syntax.
Param text_array(const std::vector<std::string>& values);

// A result whose rows are read by (row, column); values come back as text, bytea as bytes.
class Rows {
 public:
  explicit Rows(PGresult* result) : result_(result, &PQclear) {}
  int size() const { return PQntuples(result_.get()); }
  bool null(int row, int column) const;
  std::string text(int row, int column) const;
  std::int64_t integer(int row, int column) const;
  std::optional<std::int64_t> optional_integer(int row, int column) const;
  // A bytea column (sent by the server in hex form) as its bytes.
  std::string bytes(int row, int column) const;
  // Rows an INSERT, UPDATE or DELETE touched.
  std::int64_t affected() const;

 private:
  std::unique_ptr<PGresult, decltype(&PQclear)> result_;
};

class Connection {
 public:
  // `url`: a libpq URI (postgresql://user@host:port/db?sslmode=...). `password`, when not
  // empty, is used instead of libpq's own PGPASSWORD / PGPASSFILE.
  static Result<std::unique_ptr<Connection>> connect(const std::string& url,
                                                     const std::string& password);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one statement with parameters ($1, $2, ...). Call with `mutex` held.
  Result<Rows> run(std::string_view op, const std::string& sql,
                   const std::vector<Param>& params = {});
  // run() with the mutex taken for this one statement: a read outside any transaction.
  Result<Rows> read(std::string_view op, const std::string& sql,
                    const std::vector<Param>& params = {}) {
    std::lock_guard lock(mutex);
    return run(op, sql, params);
  }
  // Runs SQL without parameters, possibly several statements (migrations).
  Result<void> exec(std::string_view op, const std::string& sql);

  Error error(std::string_view op, std::string_view message) const;
  const std::string& masked_url() const { return masked_url_; }

  // Runs `body` inside BEGIN ... COMMIT with the mutex held; rolls back when `body` returns
  // an error or the commit fails.
  template <class F>
  auto write(std::string_view op, F&& body) -> std::invoke_result_t<F&> {
    std::lock_guard lock(mutex);
    return write_locked(op, body);
  }

  template <class F>
  auto write_locked(std::string_view op, F& body) -> std::invoke_result_t<F&> {
    if (auto begun = exec(op, "BEGIN"); !begun) return std::unexpected(begun.error());
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

  std::mutex mutex;  // one thread's transaction at a time on the one connection

 private:
  Connection() = default;
  Result<Rows> check(std::string_view op, PGresult* result);
  PGconn* conn_ = nullptr;
  std::string masked_url_;
};

}  // namespace headlined::store::pg
