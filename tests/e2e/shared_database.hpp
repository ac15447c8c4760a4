#pragma once
// The database several `headlined` processes share in a multi-node test: a SQLite file in the
// test's folder or a fresh schema on the test run's PostgreSQL server
// (support/postgres_server.hpp), and reads from it through a connection of the test's own, so
// that one test body checks either backend with the same SQL.

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sqlite3.h>

#include <string>
#include <vector>

#include "support/postgres_server.hpp"
#include "support/temp_dir.hpp"

namespace headlined::testing {

enum class Backend { Sqlite, Postgresql };

inline const char* backend_name(Backend backend) {
  return backend == Backend::Sqlite ? "Sqlite" : "Postgresql";
}

class SharedDatabase {
 public:
  // A new database for one test: the file `dir`/shared.db, or a new schema on the server.
  // failure() says why there is none (the PostgreSQL server could not start).
  SharedDatabase(Backend backend, const TempDir& dir) : backend_(backend) {
    if (backend == Backend::Sqlite) {
      location_ = dir.file("shared.db");
      return;
    }
    PostgresServer& server = PostgresServer::instance();
    if (!server.started()) {
      failure_ = server.failure();
      return;
    }
    location_ = server.fresh_schema_url();
  }

  Backend backend() const { return backend_; }
  // What a config's "database" (or an admin command's --db) names.
  const std::string& location() const { return location_; }
  const std::string& failure() const { return failure_; }

  // The first column of every row `sql` returns; one "(error) ..." element when it failed
  // (which no test expects as a value).
  std::vector<std::string> column(const std::string& sql) const {
    return backend_ == Backend::Sqlite ? sqlite_column(sql) : postgresql_column(sql);
  }
  // The first value `sql` returns; "" when there is no row.
  std::string value(const std::string& sql) const {
    const std::vector<std::string> values = column(sql);
    return values.empty() ? "" : values.front();
  }

 private:
  std::vector<std::string> sqlite_column(const std::string& sql) const {
    std::vector<std::string> out;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(location_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      out = {std::string("(error) ") + sqlite3_errmsg(db)};
      sqlite3_close(db);
      return out;
    }
    // The nodes write meanwhile (WAL): a reader waits at most this long for a lock.
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
    while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
      const auto* text = sqlite3_column_text(st, 0);
      out.push_back(text ? reinterpret_cast<const char*>(text) : "");
      rc = SQLITE_OK;
    }
    if (rc != SQLITE_DONE) out = {std::string("(error) ") + sqlite3_errmsg(db)};
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
  }

  std::vector<std::string> postgresql_column(const std::string& sql) const {
    std::vector<std::string> out;
    PGconn* conn = PQconnectdb(location_.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
      out = {std::string("(error) ") + PQerrorMessage(conn)};
      PQfinish(conn);
      return out;
    }
    PGresult* result = PQexec(conn, sql.c_str());
    if (PQresultStatus(result) == PGRES_TUPLES_OK) {
      for (int row = 0; row < PQntuples(result); ++row)
        out.emplace_back(PQgetvalue(result, row, 0),
                         static_cast<std::size_t>(PQgetlength(result, row, 0)));
    } else {
      out = {std::string("(error) ") + PQresultErrorMessage(result)};
    }
    PQclear(result);
    PQfinish(conn);
    return out;
  }

  Backend backend_;
  std::string location_;
  std::string failure_;
};

}  // namespace headlined::testing
