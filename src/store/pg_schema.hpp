#pragma once
// The PostgreSQL schema: its own list of migrations (the same tables and meaning as the
// SQLite schema at its latest version), applied once whichever node starts first.

#include "headlined/core/error.hpp"
#include "pg_connection.hpp"

namespace headlined::store::pg {

int latest_pg_schema_version();

// Brings the database to the latest version under a session advisory lock, so two nodes
// starting together do not both migrate; refuses a database newer than this build. Returns
// the version the database is at.
Result<int> migrate(Connection& connection);

// The version without migrating (a read-only open); 0 for an empty database.
Result<int> read_version(Connection& connection);

}  // namespace headlined::store::pg
