#pragma once
// IANA time zones from the system's tzdata (/usr/share/zoneinfo, RFC 8536 TZif files).
// libstdc++ 12 has no std::chrono::tzdb (it came with GCC 14), so the files are read here.
// Used for digest windows (notify) and for reading a page's offset-less times (parse).

#include <string>

#include "headlined/core/error.hpp"
#include "headlined/core/types.hpp"

namespace headlined {

// The UTC offset in seconds of `zone` ("UTC", or a name under /usr/share/zoneinfo such as
// "Asia/Shanghai") at `t`. The TZif files list transitions up to 2037; later times keep the
// last offset listed.
Result<int> utc_offset(const std::string& zone, UnixTime t);

// The instant at which the wall clock in `zone` reads `local` (seconds since 1970-01-01T00:00
// on that clock). A wall time skipped by a DST change lands just after the gap; one that
// happens twice gives the earlier instant.
Result<UnixTime> local_to_utc(const std::string& zone, std::int64_t local);

}  // namespace headlined
