// `headlined migrate-db`: prints the copy's progress table by table, then the rows of every
// table on both sides; any difference fails it, naming the table.
#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/admin_support.hpp"
#include "cli/migrate_db.hpp"
#include "headlined/store/migrate_to_pg.hpp"

namespace headlined::cli {

namespace {

constexpr std::string_view kMigrateDbCommand = "migrate-db";

// Progress lines: one a table when it is done, and one every few seconds within a long one.
class ProgressPrinter {
 public:
  void operator()(const store::MigrationProgress& p) {
    const auto now = std::chrono::steady_clock::now();
    if (p.table != table_) {
      table_ = p.table;
      table_start_ = now;
      last_line_ = now;
    }
    if (p.done) {
      const double seconds = std::chrono::duration<double>(now - table_start_).count();
      char line[160];
      std::snprintf(line, sizeof line, "%-22s %10lld rows copied (%.1f s)\n", p.table.c_str(),
                    static_cast<long long>(p.copied), seconds);
      std::cout << line << std::flush;
      return;
    }
    if (now - last_line_ < std::chrono::seconds(5)) return;
    last_line_ = now;
    std::cout << p.table << ": " << p.copied << " of " << p.total << " rows\n" << std::flush;
  }

 private:
  std::string table_;
  std::chrono::steady_clock::time_point table_start_;
  std::chrono::steady_clock::time_point last_line_;
};

}  // namespace

void add_migrate_db_command(CLI::App& app, MigrateDbOptions& options) {
  options.command = app.add_subcommand(
      "migrate-db",
      "copy a SQLite database into PostgreSQL (stop the daemon first): every table, ids "
      "kept, then the rows of each table counted on both sides");
  options.command->add_option("--from", options.from, "the SQLite database file (read only)")
      ->required();
  options.command
      ->add_option("--to", options.to,
                   "postgresql://user@host:port/database?... (the password from PGPASSWORD or "
                   "~/.pgpass, better than in the URL)")
      ->required();
  options.command->add_flag(
      "--force", options.force,
      "copy into a target that holds data: empty its headlined tables first (everything in "
      "them is lost; refused while a node still runs on it)");
  options.command->footer(
      "Without --force a target holding any row is refused. Exit status: 0 copied and "
      "verified, 1 failed (unreadable source, unreachable server, non-empty target, a count "
      "that differs), 2 bad usage (docs/postgresql.md, \"Moving from SQLite\").");
}

int command_migrate_db(const MigrateDbOptions& options) {
  if (auto checked = store::check_postgresql_url(options.to); !checked) {
    return report(kMigrateDbCommand, "--to: " + checked.error().to_string(), kExitUsage);
  }
  const auto start = std::chrono::steady_clock::now();
  store::MigrationOptions migration;
  migration.from = options.from;
  migration.to = options.to;
  migration.force = options.force;
  migration.progress = ProgressPrinter();
  auto done = store::migrate_sqlite_to_postgresql(migration);
  if (!done) return report(kMigrateDbCommand, done.error().to_string(), kExitFailed);
  const store::MigrationReport& r = *done;
  if (!r.emptied.empty()) std::cout << "emptied the target first (it held " << r.emptied << ")\n";
  char header[160];
  std::snprintf(header, sizeof header, "\n%-22s %10s %10s\n", "rows", "sqlite", "postgresql");
  std::cout << header;
  for (const store::TableCount& c : r.counts) {
    char line[160];
    std::snprintf(line, sizeof line, "%-22s %10lld %10lld%s\n", c.table.c_str(),
                  static_cast<long long>(c.source), static_cast<long long>(c.target),
                  c.source == c.target ? "" : "  DIFFERS");
    std::cout << line;
  }
  const std::vector<std::string> differ = store::mismatched_tables(r);
  if (!differ.empty()) {
    std::string names;
    for (const std::string& t : differ) names += (names.empty() ? "" : ", ") + t;
    return report(kMigrateDbCommand, "verification failed: the row counts of " + names + " differ",
                  kExitFailed);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  char line[200];
  std::snprintf(line, sizeof line,
                "verified: every table has the same rows on both sides (%.1f s); new snapshots "
                "get ids from %lld on\n",
                seconds, static_cast<long long>(r.next_snapshot_id));
  std::cout << line;
  return kExitDone;
}

}  // namespace headlined::cli
