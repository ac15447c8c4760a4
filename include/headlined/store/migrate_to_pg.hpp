#pragma once
// Copying a SQLite database into PostgreSQL (`headlined migrate-db`, docs/postgresql.md
// "Moving from SQLite"): every table whose rows matter, ids kept, in batches, then the row
// counts of both sides table by table. Store-level knowledge of both schemas, so it lives
// here and the command only prints what it reports.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "headlined/core/error.hpp"

namespace headlined::store {

// How far the copy of one table is: called after each batch, and once more with `done`.
struct MigrationProgress {
  std::string table;
  std::int64_t copied = 0;
  std::int64_t total = 0;  // the table's rows in the source
  bool done = false;
};

struct MigrationOptions {
  std::string from;      // the SQLite file, opened read-only
  std::string to;        // a postgresql:// (or postgres://) URL
  std::string password;  // as for Store::open; empty: libpq's own (PGPASSWORD, ~/.pgpass)
  // Empty the target's headlined tables first (refused while a node still beats on it).
  // Without it a target holding any row is refused.
  bool force = false;
  std::int64_t batch_rows = 500;  // rows per INSERT and transaction (fewer for large pages)
  std::function<void(const MigrationProgress&)> progress;
};

// One line of the verification: the rows of `table` on both sides after the copy ("raw
// pages" counts the snapshots with a non-empty raw page, wherever SQLite kept it).
struct TableCount {
  std::string table;
  std::int64_t source = 0;
  std::int64_t target = 0;
};

struct MigrationReport {
  int source_version = 0;  // SQLite's schema version (the build's latest)
  int target_version = 0;  // PostgreSQL's, after migrating it
  // What --force removed from the target ("snapshots 12, sources 3"); empty when nothing.
  std::string emptied;
  std::vector<TableCount> counts;
  std::int64_t next_snapshot_id = 0;  // the id PostgreSQL gives the next snapshot
};

// The tables whose counts differ, in copy order: a failed verification when not empty.
std::vector<std::string> mismatched_tables(const MigrationReport& report);

// Checks that `url` is a PostgreSQL URL libpq can parse, without connecting: an error here
// is a usage error (the message names the URL with its password masked).
Result<void> check_postgresql_url(const std::string& url);

// Copies, then counts. An error names what failed and where (the file, or the URL with its
// password masked); a refused non-empty target names what is in it.
Result<MigrationReport> migrate_sqlite_to_postgresql(const MigrationOptions& options);

}  // namespace headlined::store
