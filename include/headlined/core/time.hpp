#pragma once

#include <string>

#include "headlined/core/types.hpp"

namespace headlined {

UnixTime now_unix();

// "2024-04-14 08:45:07" in the machine's local time zone (what a snapshot page shows).
std::string format_local_time(UnixTime t);

// "2024-04-14T00:45:07Z".
std::string format_utc_iso(UnixTime t);

}  // namespace headlined
