#pragma once
// A thin RAII layer over libpq for PgStore: one connection, statements with parameters sent
// apart from the SQL text (never spliced in), results freed on scope exit, and errors as
// "<op>: <server message>" at the database URL with its password masked.
//
// A connection that breaks (the server restarted, crashed, failed over, or the network cut
// it) is noticed by the statement that failed. From then on statements fail at once, without
// touching the network, until a reconnect is due: the first at the next statement, then
// after a delay doubling from ReconnectDelays::first to ::most, with jitter so that several
// nodes do not knock together. Whichever statement comes when one is due reconnects
// (PQreset, then the session settings again) and runs. outage() says meanwhile since when
// and why: PgStore reports it as its write fault, the daemon pauses on it.

#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "headlined/core/error.hpp"
#include "headlined/core/types.hpp"
#include "headlined/store/store.hpp"

namespace headlined::store::pg {

// The URL with any password (user:PASSWORD@ or ?password=) replaced by "***": what errors
// and logs name.
std::string mask_password(std::string_view url);
// `text` with every password written in `url` (user:PASSWORD@, password=...) replaced by ***:
// libpq's URL parse errors quote the URL, or a piece of it (pg_url.cpp).
std::string without_url_passwords(std::string text, std::string_view url);

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

// Why the connection is down, and since when.
struct Outage {
  UnixTime since = 0;
  std::string message;  // libpq's, e.g. "server closed the connection unexpectedly"
};

class Connection {
 public:
  // `url`: a libpq URI (postgresql://user@host:port/db?sslmode=...). `password`, when not
  // empty, is used instead of libpq's own PGPASSWORD / PGPASSFILE. Unless the URL sets them,
  // a connect gives up after 10 s and TCP keepalives find a dead peer within about a minute,
  // so that neither a start nor a statement waits on a cut network for the kernel's default
  // of many minutes. A failure that trying again cannot mend (authentication, a database or
  // role that does not exist, a refused TLS requirement) is returned as permanent.
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

  // Runs `sql` (a SET) now and again after every reconnect: session state that a new
  // connection would lack otherwise.
  Result<void> set_session(std::string_view op, const std::string& sql);
  // Since when and why the connection is down, or nothing. Callable from any thread, also
  // while another holds `mutex` for a statement.
  std::optional<Outage> outage() const;
  void set_reconnect_delays(const ReconnectDelays& delays);

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
    // No reconnect until the transaction ends: its statements after a lost one would run
    // on a new session, outside any transaction.
    in_transaction_ = true;
    auto result = body();
    if (!result) {
      rollback();
      return result;
    }
    auto committed = exec(op, "COMMIT");
    if (!committed) rollback();
    in_transaction_ = false;
    if (!committed) return std::unexpected(committed.error());
    return result;
  }

  void rollback();

  std::mutex mutex;  // one thread's transaction at a time on the one connection

 private:
  Connection() = default;
  Result<Rows> check(std::string_view op, PGresult* result);
  // With `mutex` held: nothing while the connection is up; while it is down, an error at
  // once, or the reconnect when one is due (nothing when it succeeds).
  Result<void> ensure_connected(std::string_view op);
  // After a failed statement: when the connection itself is gone, the outage begins.
  void note_failure(std::string_view message, std::string_view sqlstate);
  // With `mutex` held: PQreset and the session settings; schedules the next try on failure.
  bool reconnect();
  void schedule_next_attempt();
  PGconn* conn_ = nullptr;
  std::string masked_url_;
  std::vector<std::string> session_;  // SET statements run again after a reconnect
  bool in_transaction_ = false;       // between write_locked's BEGIN and its end; with `mutex`

  mutable std::mutex outage_mutex_;  // guards outage_ alone
  std::optional<Outage> outage_;
  // With `mutex` held.
  ReconnectDelays delays_;
  std::chrono::milliseconds delay_{0};  // the last wait; 0: the next try is the first
  std::chrono::steady_clock::time_point next_attempt_{};
};

// True when a failed connect is one that trying again cannot mend (see connect()).
bool connect_failure_is_permanent(PGconn* conn, std::string_view message);

}  // namespace headlined::store::pg
