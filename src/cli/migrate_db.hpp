#pragma once
// `headlined migrate-db --from FILE.db --to postgresql://...` (src/cli/command_migrate_db.cpp):
// an installation's SQLite database copied into PostgreSQL (docs/postgresql.md, "Moving
// from SQLite").

#include <CLI/CLI.hpp>

#include <string>

namespace headlined::cli {

struct MigrateDbOptions {
  std::string from;
  std::string to;
  bool force = false;
  CLI::App* command = nullptr;  // set by add_migrate_db_command
};

void add_migrate_db_command(CLI::App& app, MigrateDbOptions& options);
int command_migrate_db(const MigrateDbOptions& options);

}  // namespace headlined::cli
