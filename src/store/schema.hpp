#pragma once

#include "headlined/core/error.hpp"
#include "store_impl.hpp"

namespace headlined::store {

// The number of migrations this build knows; a database at this version is current.
int latest_schema_version();

// Applies the migrations the database has not seen yet, each in its own transaction that
// also bumps PRAGMA user_version, and sets impl.version.
Result<void> migrate(Connection& impl);

}  // namespace headlined::store
