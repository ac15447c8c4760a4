// Online backup: VACUUM INTO reads one consistent snapshot of the database (WAL lets the
// daemon keep writing meanwhile) and writes a compact copy.
#include <filesystem>
#include <system_error>

#include "headlined/store/store.hpp"
#include "search_tokenizer.hpp"
#include "store_impl.hpp"

namespace headlined::store {

namespace {

// Runs PRAGMA integrity_check on the file through its own connection; "ok" or the problems.
Result<void> check_integrity(const std::string& path) {
  sqlite3* db = nullptr;
  const std::string op = "backup: integrity check";
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return fail(op + ": " + message, path);
  }
  std::string verdict;
  {
    // SQLite versions that check FTS5 tables in integrity_check need the index's tokenizer.
    register_search_tokenizer(db);
    Statement st(db, "PRAGMA integrity_check");
    verdict = st.step() == SQLITE_ROW ? st.text(0) : sqlite3_errmsg(db);
  }
  sqlite3_close(db);
  if (verdict != "ok") return fail(op + ": " + verdict, path);
  return {};
}

}  // namespace

Result<void> SqliteStore::backup_to(const std::string& path, bool overwrite) const {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!overwrite && fs::exists(path, ec)) {
    return fail("backup: the file exists (overwrite it with --force)", path);
  }
  // Written beside the target and renamed, so the target is never a half-written copy.
  const std::string partial = path + ".partial";
  fs::remove(partial, ec);
  {
    std::lock_guard lock(impl_->mutex);
    Statement st(impl_->db, "VACUUM INTO ?1");
    st.bind(1, partial);
    if (st.step() != SQLITE_DONE) {
      Error e = impl_->error("backup to " + path);
      fs::remove(partial, ec);
      return std::unexpected(e);
    }
  }
  if (auto checked = check_integrity(partial); !checked) {
    fs::remove(partial, ec);
    return checked;
  }
  fs::rename(partial, path, ec);
  if (ec) {
    const std::string message = ec.message();
    fs::remove(partial, ec);
    return fail("backup: cannot rename the copy into place: " + message, path);
  }
  return {};
}

}  // namespace headlined::store
