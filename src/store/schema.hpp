#pragma once

#include "headlined/core/error.hpp"
#include "store_impl.hpp"

namespace headlined::store {

// The number of migrations this build knows; a database at this version is current.
int latest_schema_version();

// The SQL of migration `version` (1-based), for tests that build an older database.
const char* migration_sql(int version);

// Applies the migrations the database has not seen yet, each in its own transaction that
// also bumps PRAGMA user_version, and sets impl.version.
Result<void> migrate(Connection& impl);

}  // namespace headlined::store
