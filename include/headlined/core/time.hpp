#pragma once

#include <cstdint>
#include <string>

#include "headlined/core/types.hpp"

namespace headlined {

UnixTime now_unix();
// Unix time in milliseconds: the clock of leases and claims shared by several nodes.
std::int64_t now_unix_ms();

// "2024-04-14 08:45:07" in the machine's local time zone (what a snapshot page shows).
std::string format_local_time(UnixTime t);

// "2024-04-14T00:45:07Z".
std::string format_utc_iso(UnixTime t);

}  // namespace headlined
