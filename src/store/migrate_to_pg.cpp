// `headlined migrate-db`: a SQLite database copied into PostgreSQL table by table
// (migrate_plan.cpp says which), ids kept, rows streamed from SQLite in batches of
// multi-row INSERTs, each batch its own transaction; then the identity sequences advanced
// past the copied ids and the rows of every table counted on both sides.
#include "headlined/store/migrate_to_pg.hpp"

#include <libpq-fe.h>

#include <algorithm>
#include <chrono>
#include <memory>

#include "headlined/store/store.hpp"
#include "migrate_source.hpp"
#include "pg_connection.hpp"
#include "pg_schema.hpp"
#include "pg_search_tokens.hpp"

namespace headlined::store {

namespace {

using migration::Column;
using migration::Kind;
using migration::Source;
using migration::TablePlan;

// libpq takes at most 65535 parameters a statement; a batch stops well before.
constexpr std::size_t kMaxParams = 30000;
// A batch of large raw pages is cut by its size: memory stays bounded whatever the pages.
constexpr std::size_t kMaxBatchBytes = std::size_t{8} << 20;

// Tables of the target that are not copied but make it "not empty" (a node ran on it) and
// that --force empties with the rest.
constexpr const char* kRuntimeTables[] = {"nodes", "leases", "write_probe"};

std::string column_list(const TablePlan& plan) {
  std::string out;
  for (const Column& c : plan.columns) out += (out.empty() ? "" : ", ") + std::string(c.name);
  if (plan.search_tokens) out += ", search_tokens";
  return out;
}

std::size_t index_of(const TablePlan& plan, std::string_view name) {
  for (std::size_t i = 0; i < plan.columns.size(); ++i) {
    if (plan.columns[i].name == name) return i;
  }
  return plan.columns.size();
}

std::string column_text(sqlite3_stmt* st, int i) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, i));
  return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(st, i)))
              : std::string();
}

pg::Param column_param(sqlite3_stmt* st, int i, Kind kind) {
  if (sqlite3_column_type(st, i) == SQLITE_NULL) return pg::Param{};
  if (kind == Kind::Bytes) {
    const auto* blob = static_cast<const char*>(sqlite3_column_blob(st, i));
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(st, i));
    return pg::bytes(blob ? std::string_view(blob, size) : std::string_view());
  }
  return pg::text(column_text(st, i));
}

// The search tokens PgStore writes with a snapshot, from the row's text columns.
pg::Param search_tokens(sqlite3_stmt* st, const TablePlan& plan) {
  Article a;
  a.title = column_text(st, static_cast<int>(index_of(plan, "title")));
  a.subtitle = column_text(st, static_cast<int>(index_of(plan, "subtitle")));
  a.byline = column_text(st, static_cast<int>(index_of(plan, "byline")));
  a.attribution = column_text(st, static_cast<int>(index_of(plan, "attribution")));
  a.body = column_text(st, static_cast<int>(index_of(plan, "body")));
  return pg::text_array(pg_search_tokens(a));
}

// Rows of one table read from SQLite and written to PostgreSQL in multi-row INSERTs.
class TableCopy {
 public:
  TableCopy(pg::Connection& db, const TablePlan& plan, const MigrationOptions& options,
            std::int64_t total)
      : db_(db), plan_(plan), options_(options), total_(total) {
    width_ = plan.columns.size() + (plan.search_tokens ? 1 : 0);
    rows_per_batch_ = std::max<std::size_t>(
        1, std::min(static_cast<std::size_t>(std::max<std::int64_t>(options.batch_rows, 1)),
                    kMaxParams / width_));
    head_ = "INSERT INTO " + std::string(plan.table) + " (" + column_list(plan) + ") VALUES ";
  }

  Result<void> run(Source& source) {
    auto selected = source.select(plan_);
    if (!selected) return std::unexpected(selected.error());
    std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> st(*selected, &sqlite3_finalize);
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
      for (std::size_t i = 0; i < plan_.columns.size(); ++i) {
        params_.push_back(column_param(st.get(), static_cast<int>(i), plan_.columns[i].kind));
        if (params_.back().value) bytes_ += params_.back().value->size();
      }
      if (plan_.search_tokens) params_.push_back(search_tokens(st.get(), plan_));
      ++rows_;
      if (rows_ >= rows_per_batch_ || bytes_ >= kMaxBatchBytes) {
        if (auto r = flush(); !r) return r;
      }
    }
    if (rc != SQLITE_DONE) {
      return std::unexpected(source.error(std::string("read ") + plan_.table));
    }
    if (auto r = flush(); !r) return r;
    report(true);
    return {};
  }

 private:
  Result<void> flush() {
    if (rows_ == 0) return {};
    std::string sql = head_;
    std::size_t n = 0;
    for (std::size_t r = 0; r < rows_; ++r) {
      sql += r == 0 ? "(" : ", (";
      for (std::size_t c = 0; c < width_; ++c) sql += (c == 0 ? "$" : ", $") + std::to_string(++n);
      sql += ')';
    }
    const std::string op = std::string("copy ") + plan_.table;
    auto written = db_.write(op, [&]() -> Result<void> {
      auto r = db_.run(op, sql, params_);
      if (!r) return std::unexpected(r.error());
      return {};
    });
    if (!written) {
      // Which rows: the batch's first key, so the admin can look at it in the source.
      Error e = written.error();
      const pg::Param& first = params_.front();
      e.what += " (in the batch from " + std::string(plan_.columns.front().name) + " " +
                (first.value && !first.binary ? *first.value : std::string("NULL")) + ")";
      return std::unexpected(e);
    }
    copied_ += static_cast<std::int64_t>(rows_);
    params_.clear();
    rows_ = 0;
    bytes_ = 0;
    report(false);
    return {};
  }

  void report(bool done) const {
    if (options_.progress) options_.progress({plan_.table, copied_, total_, done});
  }

  pg::Connection& db_;
  const TablePlan& plan_;
  const MigrationOptions& options_;
  std::int64_t total_ = 0;
  std::size_t width_ = 0;
  std::size_t rows_per_batch_ = 1;
  std::string head_;
  std::vector<pg::Param> params_;
  std::size_t rows_ = 0;
  std::size_t bytes_ = 0;
  std::int64_t copied_ = 0;
};

// Every table of the target a copy writes or that a running node writes, with its rows.
Result<std::vector<std::pair<std::string, std::int64_t>>> target_rows(pg::Connection& db) {
  std::vector<std::string> tables;
  for (const TablePlan& plan : migration::copied_tables()) tables.emplace_back(plan.table);
  for (const char* table : kRuntimeTables) tables.emplace_back(table);
  std::string sql = "SELECT ";
  for (std::size_t i = 0; i < tables.size(); ++i)
    sql += (i == 0 ? "" : ", ") + std::string("(SELECT count(*) FROM ") + tables[i] + ")";
  auto rows = db.read("count the target's rows", sql);
  if (!rows) return std::unexpected(rows.error());
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (std::size_t i = 0; i < tables.size(); ++i)
    out.emplace_back(tables[i], rows->integer(0, static_cast<int>(i)));
  return out;
}

// "snapshots 12, sources 3": the non-empty ones.
std::string describe(const std::vector<std::pair<std::string, std::int64_t>>& rows) {
  std::string out;
  for (const auto& [table, count] : rows) {
    if (count > 0) out += (out.empty() ? "" : ", ") + table + " " + std::to_string(count);
  }
  return out;
}

// --force empties the target, which must not pull the tables from under a node still
// running on it: one whose last heartbeat is within its lease period (a minute at least).
Result<void> refuse_live_nodes(pg::Connection& db) {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  auto rows = db.read("check for running nodes",
                      "SELECT name, $1::bigint - heartbeat_at FROM nodes WHERE heartbeat_at * "
                      "1000 + greatest(lease_period_ms, 60000) >= $1::bigint * 1000 ORDER BY name",
                      {pg::integer(now)});
  if (!rows) return std::unexpected(rows.error());
  if (rows->size() == 0) return {};
  return std::unexpected(db.error(
      "--force", "node '" + rows->text(0, 0) + "' beat " + rows->text(0, 1) +
                     " s ago: stop every node that uses this database before emptying it"));
}

Result<void> empty_target(pg::Connection& db) {
  std::string tables;
  for (const TablePlan& plan : migration::copied_tables())
    tables += (tables.empty() ? "" : ", ") + std::string(plan.table);
  for (const char* table : kRuntimeTables) tables += ", " + std::string(table);
  return db.write("--force: empty the target", [&]() -> Result<void> {
    return db.exec("--force: empty the target", "TRUNCATE " + tables + " RESTART IDENTITY");
  });
}

// Advances an identity past the copied ids, so the next row gets a new one; for snapshots
// also past ids a takedown removed (their old links answer 410 Gone: an id must not come
// back). Returns the next value.
Result<std::int64_t> advance_identity(pg::Connection& db, const TablePlan& plan) {
  const std::string table = plan.table;
  const std::string column = plan.identity;
  std::string floor = "(SELECT coalesce(max(" + column + "), 0) FROM " + table + ")";
  if (table == "snapshots") {
    floor = "greatest(" + floor + ", (SELECT coalesce(max(snapshot_id), 0) FROM tombstones))";
  }
  auto rows = db.write("advance the ids of " + table, [&]() {
    return db.run("advance the ids of " + table, "SELECT setval(pg_get_serial_sequence('" + table +
                                                     "', '" + column + "'), " + floor +
                                                     " + 1, false)");
  });
  if (!rows) return std::unexpected(rows.error());
  return rows->integer(0, 0);
}

Result<MigrationReport> migrate(const MigrationOptions& options) {
  if (auto r = check_postgresql_url(options.to); !r) return std::unexpected(r.error());
  auto source = Source::open(options.from);
  if (!source) return std::unexpected(source.error());
  MigrationReport report;
  report.source_version = source->version();

  auto connected = pg::Connection::connect(options.to, options.password);
  if (!connected) return std::unexpected(connected.error());
  pg::Connection& db = **connected;
  auto version = pg::migrate(db);
  if (!version) return std::unexpected(version.error());
  report.target_version = *version;

  auto present = target_rows(db);
  if (!present) return std::unexpected(present.error());
  const std::string contents = describe(*present);
  if (!contents.empty()) {
    if (!options.force) {
      return std::unexpected(
          db.error("refused", "the target is not empty (" + contents +
                                  "); --force empties it first, losing what is there"));
    }
    if (auto r = refuse_live_nodes(db); !r) return std::unexpected(r.error());
    if (auto r = empty_target(db); !r) return std::unexpected(r.error());
    report.emptied = contents;
  }

  // Each batch is its own transaction, none of which must survive a crash of the server on
  // its own: the final transaction below is committed synchronously, which flushes every
  // earlier one with it.
  if (auto r = db.exec("copy", "SET synchronous_commit = off"); !r)
    return std::unexpected(r.error());
  std::vector<std::int64_t> totals;
  for (const TablePlan& plan : migration::copied_tables()) {
    auto total = source->rows(plan);
    if (!total) return std::unexpected(total.error());
    totals.push_back(*total);
    TableCopy copy(db, plan, options, *total);
    if (auto r = copy.run(*source); !r) return std::unexpected(r.error());
  }
  if (auto r = db.exec("copy", "SET synchronous_commit = on"); !r)
    return std::unexpected(r.error());
  for (const TablePlan& plan : migration::copied_tables()) {
    if (!plan.identity) continue;
    auto next = advance_identity(db, plan);
    if (!next) return std::unexpected(next.error());
    if (std::string_view(plan.table) == "snapshots") report.next_snapshot_id = *next;
  }

  auto copied = target_rows(db);
  if (!copied) return std::unexpected(copied.error());
  for (std::size_t i = 0; i < totals.size(); ++i) {
    report.counts.push_back({(*copied)[i].first, totals[i], (*copied)[i].second});
  }
  auto source_pages = source->raw_pages();
  if (!source_pages) return std::unexpected(source_pages.error());
  auto target_pages =
      db.read("count raw pages", "SELECT count(*) FROM snapshots WHERE length(raw_page) > 0");
  if (!target_pages) return std::unexpected(target_pages.error());
  report.counts.push_back({"raw pages", *source_pages, target_pages->integer(0, 0)});
  return report;
}

}  // namespace

std::vector<std::string> mismatched_tables(const MigrationReport& report) {
  std::vector<std::string> out;
  for (const TableCount& c : report.counts) {
    if (c.source != c.target) out.push_back(c.table);
  }
  return out;
}

Result<void> check_postgresql_url(const std::string& url) {
  const std::string shown = pg::mask_password(url);
  if (!is_postgresql_location(url)) {
    return fail("not a PostgreSQL URL (postgresql://user@host:port/database?...)", shown);
  }
  char* message = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &message);
  if (!parsed) {
    std::string what = message ? message : "out of memory";
    PQfreemem(message);
    while (!what.empty() && (what.back() == '\n' || what.back() == ' ')) what.pop_back();
    return fail("not a valid PostgreSQL URL: " + pg::without_url_passwords(what, url), shown);
  }
  PQconninfoFree(parsed);
  return {};
}

// Every error of the target names it by pg::Connection's masked URL, and libpq's messages
// about a connection never quote the password.
Result<MigrationReport> migrate_sqlite_to_postgresql(const MigrationOptions& options) {
  return migrate(options);
}

}  // namespace headlined::store
