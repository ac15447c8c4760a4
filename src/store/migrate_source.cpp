#include "migrate_source.hpp"

#include <filesystem>
#include <set>
#include <utility>

#include "schema.hpp"

namespace headlined::store::migration {

namespace {

std::string select_list(const TablePlan& plan) {
  std::string out;
  for (const Column& c : plan.columns) {
    if (!out.empty()) out += ", ";
    out += c.source ? std::string(c.source) : "t." + std::string(c.name);
  }
  return out;
}

}  // namespace

Result<Source> Source::open(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return fail("no database file there (give the SQLite file the daemon used)", path);
  }
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  Source source(db, path);
  if (rc != SQLITE_OK) return std::unexpected(source.error("open read-only"));
  sqlite3_extended_result_codes(db, 1);
  // A stopped daemon's database has nobody writing; a running one's writer would make this
  // wait rather than fail at once.
  sqlite3_busy_timeout(db, 5000);
  // Besides the open flag: nothing on this connection may write.
  if (sqlite3_exec(db, "PRAGMA query_only=ON", nullptr, nullptr, nullptr) != SQLITE_OK ||
      sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) {
    return std::unexpected(source.error("open read-only"));
  }
  if (auto r = source.check_version(); !r) return std::unexpected(r.error());
  if (auto r = source.check_tables(); !r) return std::unexpected(r.error());
  return source;
}

Source::Source(Source&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      path_(std::move(other.path_)),
      version_(other.version_) {}

Source::~Source() {
  if (!db_) return;
  sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(db_);
}

Error Source::error(const std::string& op) const {
  return error(op, db_ ? sqlite3_errmsg(db_) : "out of memory");
}

Error Source::error(const std::string& op, const std::string& message) const {
  return Error{op + ": " + message, path_};
}

Result<std::int64_t> Source::integer(const std::string& sql, const std::string& op) const {
  const std::string& name = op.empty() ? sql : op;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    return std::unexpected(error(name));
  }
  const int rc = sqlite3_step(st);
  const std::int64_t value = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_finalize(st);
  if (rc != SQLITE_ROW) return std::unexpected(error(name));
  return value;
}

Result<std::int64_t> Source::rows(const TablePlan& plan) const {
  return integer("SELECT count(*) FROM " + std::string(plan.table),
                 "count " + std::string(plan.table));
}

Result<std::int64_t> Source::raw_pages() const {
  return integer(
      "SELECT count(*) FROM snapshots t LEFT JOIN snapshot_pages p ON p.snapshot_id = t.id "
      "WHERE length(CASE WHEN p.snapshot_id IS NULL THEN t.raw_page ELSE p.raw_page END) > 0",
      "count raw pages");
}

Result<sqlite3_stmt*> Source::select(const TablePlan& plan) const {
  const std::string sql =
      "SELECT " + select_list(plan) + " FROM " + plan.from + " ORDER BY " + plan.order;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    return std::unexpected(error(std::string("read ") + plan.table));
  }
  return st;
}

Result<void> Source::check_version() {
  auto version = integer("PRAGMA user_version", "read schema version");
  if (!version) return std::unexpected(version.error());
  version_ = static_cast<int>(*version);
  const int latest = latest_schema_version();
  if (version_ == 0) {
    return std::unexpected(error("open", "not a headlined database (it has no schema version)"));
  }
  if (version_ < latest) {
    return std::unexpected(error(
        "open", "its schema version " + std::to_string(version_) + " is older than this build's (" +
                    std::to_string(latest) +
                    "): bring it up to date first by starting this build's daemon on it once, "
                    "or with `headlined status --db FILE` (which migrates it), then run "
                    "migrate-db again"));
  }
  if (version_ > latest) {
    return std::unexpected(error("open", "its schema version " + std::to_string(version_) +
                                             " is newer than this build understands (" +
                                             std::to_string(latest) +
                                             "): run migrate-db of the build that wrote it"));
  }
  return {};
}

// Nothing may be lost without saying so: a table this build neither copies nor leaves out
// on purpose, or a column of a copied table it does not copy, stops the migration before it
// writes anything (a schema change whose author forgot migrate_plan.cpp, or a table of the
// admin's own).
Result<void> Source::check_tables() const {
  std::set<std::string, std::less<>> copied;
  for (const TablePlan& plan : copied_tables()) copied.insert(plan.table);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, "SELECT name FROM sqlite_master WHERE type = 'table'", -1, &st,
                         nullptr) != SQLITE_OK) {
    return std::unexpected(error("list tables"));
  }
  std::string unknown;
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const auto* name = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    const std::string table = name ? name : "";
    if (copied.contains(table) || left_out_reason(table)) continue;
    unknown += (unknown.empty() ? "" : ", ") + table;
  }
  sqlite3_finalize(st);
  if (rc != SQLITE_DONE) return std::unexpected(error("list tables"));
  if (!unknown.empty()) {
    return std::unexpected(error("check tables", "table(s) " + unknown +
                                                     " unknown to this build's migrate-db: "
                                                     "nothing would copy them"));
  }
  for (const TablePlan& plan : copied_tables()) {
    std::set<std::string, std::less<>> known;
    for (const Column& c : plan.columns) known.insert(c.name);
    const std::string sql = "SELECT name FROM pragma_table_info('" + std::string(plan.table) + "')";
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
      return std::unexpected(error("list columns of " + std::string(plan.table)));
    }
    int columns = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      ++columns;
      const auto* name = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      const std::string column = name ? name : "";
      if (!known.contains(column)) unknown += (unknown.empty() ? "" : ", ") + column;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
      return std::unexpected(error("list columns of " + std::string(plan.table)));
    if (columns == 0) {
      return std::unexpected(error("check tables", std::string("no table ") + plan.table));
    }
    if (!unknown.empty()) {
      return std::unexpected(error("check tables", std::string("column(s) ") + unknown + " of " +
                                                       plan.table +
                                                       " unknown to this build's migrate-db: "
                                                       "nothing would copy them"));
    }
  }
  return {};
}

}  // namespace headlined::store::migration
