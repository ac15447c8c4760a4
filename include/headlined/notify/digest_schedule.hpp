#pragma once
// When digest windows close, on the wall clock of the subscription's `time_zone` (UTC by
// default), DST-correct: daily at a minute of the day ("digest_at"), or every N
// ("digest_every") counted from local midnight, so "every 6h" in Asia/Shanghai closes at
// 00:00, 06:00, 12:00 and 18:00 there (a period that does not divide the day restarts at
// midnight; one longer than a day counts whole periods on the local clock since 1970).

#include <string>

#include "headlined/core/error.hpp"
#include "headlined/core/time_zone.hpp"  // utc_offset, which the schedule is built on
#include "headlined/core/types.hpp"

namespace headlined::notify {

// The first boundary of the subscription's digest schedule strictly after `t`.
Result<UnixTime> next_digest_boundary(const Subscription& subscription, UnixTime t);

}  // namespace headlined::notify
