#pragma once
// When digest windows close: every N seconds (aligned to the Unix epoch, so "every 30m"
// closes at :00 and :30 UTC), or daily at a minute of the day in an IANA time zone.

#include <string>

#include "headlined/core/error.hpp"
#include "headlined/core/types.hpp"

namespace headlined::notify {

// The UTC offset in seconds of `zone` ("UTC", or a name under /usr/share/zoneinfo such as
// "Asia/Shanghai") at `t`. Read from the system's TZif files, which list transitions up to
// 2037; later times keep the last offset listed.
Result<int> utc_offset(const std::string& zone, UnixTime t);

// The first boundary of the subscription's digest schedule strictly after `t`.
Result<UnixTime> next_digest_boundary(const Subscription& subscription, UnixTime t);

}  // namespace headlined::notify
