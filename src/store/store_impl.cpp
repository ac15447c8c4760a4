#include "store_impl.hpp"

namespace headlined::store {

Connection::~Connection() {
  sqlite3_close_v2(db);
}

Error Connection::error(std::string_view op) const {
  return error(op, db ? sqlite3_errmsg(db) : "out of memory");
}

Error Connection::error(std::string_view op, std::string_view message) const {
  return Error{std::string(op) + ": " + std::string(message), path};
}

Result<void> Connection::exec(std::string_view op, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    Error e = error(op, message ? message : sqlite3_errmsg(db));
    sqlite3_free(message);
    return std::unexpected(e);
  }
  return {};
}

void Connection::rollback() {
  // Some errors (e.g. SQLITE_FULL) already end the transaction; rolling back then is a no-op.
  if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace headlined::store
