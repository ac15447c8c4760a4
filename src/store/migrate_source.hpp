#pragma once
// The SQLite side of `migrate-db`: the file opened read-only (it may be a stopped daemon's
// live database), its schema checked against this build, and each table read in one read
// transaction, so every table and every count comes from the same moment.

#include <sqlite3.h>

#include <cstdint>
#include <string>

#include "headlined/core/error.hpp"
#include "migrate_plan.hpp"

namespace headlined::store::migration {

class Source {
 public:
  // Opens `path` read-only and checks it: a headlined database at this build's schema
  // version, every table copied or left out on purpose, every column of a copied table
  // known. Starts the read transaction.
  static Result<Source> open(const std::string& path);
  Source(Source&& other) noexcept;
  Source& operator=(Source&&) = delete;
  Source(const Source&) = delete;
  ~Source();

  int version() const { return version_; }

  // One value of a query (a count); an error names `op`, else the query.
  Result<std::int64_t> integer(const std::string& sql, const std::string& op = "") const;
  Result<std::int64_t> rows(const TablePlan& plan) const;
  // Snapshots with a non-empty raw page, wherever it is kept.
  Result<std::int64_t> raw_pages() const;

  // The plan's query, columns in plan order; the caller steps it (finalised by the caller).
  Result<sqlite3_stmt*> select(const TablePlan& plan) const;

  Error error(const std::string& op) const;
  Error error(const std::string& op, const std::string& message) const;

 private:
  Source(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  Result<void> check_version();
  Result<void> check_tables() const;

  sqlite3* db_ = nullptr;
  std::string path_;
  int version_ = 0;
};

}  // namespace headlined::store::migration
