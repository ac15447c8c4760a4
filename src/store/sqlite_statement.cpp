#include "sqlite_statement.hpp"

namespace headlined::store {

Statement::Statement(sqlite3* db, std::string_view sql) {
  rc_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
  prepared_rc_ = rc_;
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::string_view text) {
  if (ok()) {
    // SQLITE_TRANSIENT: the caller's buffer may not outlive the statement.
    rc_ =
        sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  }
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  if (ok()) rc_ = sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::bind(int index, std::optional<std::int64_t> value) {
  if (!value) {
    if (ok()) rc_ = sqlite3_bind_null(stmt_, index);
    return *this;
  }
  return bind(index, *value);
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  // A zero-length blob is bound as such (not NULL) so an empty page reads back as "".
  if (ok()) {
    rc_ = bytes.empty()
              ? sqlite3_bind_zeroblob(stmt_, index, 0)
              : sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  }
  return *this;
}

void Statement::reset() {
  if (stmt_) sqlite3_reset(stmt_);
}

void Statement::clear() {
  if (!stmt_) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  rc_ = prepared_rc_;
}

int Statement::step() {
  if (!ok()) return rc_;
  return sqlite3_step(stmt_);
}

std::string Statement::text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : "";
}

std::string Statement::blob(int column) const {
  const void* p = sqlite3_column_blob(stmt_, column);
  int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(n)) : "";
}

std::pair<const unsigned char*, std::size_t> Statement::blob_view(int column) const {
  const void* p = sqlite3_column_blob(stmt_, column);
  const int n = sqlite3_column_bytes(stmt_, column);  // after the blob, as SQLite asks
  return {static_cast<const unsigned char*>(p), p ? static_cast<std::size_t>(n) : 0};
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::optional<std::int64_t> Statement::optional_integer(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return integer(column);
}

}  // namespace headlined::store
