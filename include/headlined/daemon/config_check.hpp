#pragma once
// The full check of a config: what the config module validates, plus the subscription
// queries, which only the match module can parse (config may not depend on match).

#include <string>

#include "headlined/config/config.hpp"

namespace headlined::daemon {

// Loads `path` and appends one error per malformed query, at the query's line and column, and
// one for a PostgreSQL URL libpq could not use (check_database_url).
// `secrets` says how {"env": …} and {"file": …} values are read (config.hpp).
config::LoadResult load_and_check_config(const std::string& path,
                                         config::Secrets secrets = config::Secrets::Read);

// The same over an already loaded result (used by the demo, which builds its config in memory).
void check_queries(config::LoadResult& result);
// A PostgreSQL "database" URL that libpq could not use is a config error (exit 2), unlike a
// server that is down, which the daemon waits for.
void check_database_url(config::LoadResult& result);

}  // namespace headlined::daemon
