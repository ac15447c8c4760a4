#pragma once
// A PostgreSQL URL checked before it is used: what libpq could not make sense of is a
// mistake in the config (`check-config` and `run` exit 2 naming it), not a server that is
// down (which the daemon waits for).

#include <optional>
#include <string>
#include <string_view>

namespace headlined::store {

// Nothing when libpq can use `url` (a postgresql:// or postgres:// URI), else what is wrong:
// the URI does not parse (a bad percent escape, an unknown query parameter), a value libpq
// would refuse at connect (a port that is not a number, an unknown sslmode), or a user or
// port with no host after them. An empty host alone ("postgresql:///db") is libpq's local
// Unix socket and fine. Any password in the URL is masked in the answer.
std::optional<std::string> postgresql_url_problem(std::string_view url);

// The URL as errors and logs show it: any password replaced by "***".
std::string masked_postgresql_url(std::string_view url);

}  // namespace headlined::store
