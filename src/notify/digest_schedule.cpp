#include "headlined/notify/digest_schedule.hpp"

#include <algorithm>

#include "headlined/core/time_zone.hpp"

namespace headlined::notify {

namespace {

constexpr std::int64_t kDay = 24 * 3600;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// The schedule's boundaries as wall-clock times in the subscription's zone (seconds since
// 1970-01-01T00:00 on that clock): the one at or before `wall`, and the one after a boundary.
// Wall-clock arithmetic keeps windows on local hours across DST changes.
struct WallSchedule {
  const Subscription& s;

  std::int64_t every() const { return std::max<std::int64_t>(60, s.digest_every.count()); }

  std::int64_t at_or_before(std::int64_t wall) const {
    const std::int64_t day = floor_div(wall, kDay) * kDay;
    if (s.digest_daily_minute >= 0) {
      const std::int64_t today = day + s.digest_daily_minute * 60LL;
      return today <= wall ? today : today - kDay;
    }
    // Longer than a day: whole multiples since 1970 on the local clock.
    if (every() >= kDay) return floor_div(wall, every()) * every();
    // Within a day: from local midnight, every `every`; the day's last window ends at the
    // next midnight even when `every` does not divide the day.
    return day + (wall - day) / every() * every();
  }

  std::int64_t after(std::int64_t boundary) const {
    if (s.digest_daily_minute >= 0) return boundary + kDay;
    if (every() >= kDay) return boundary + every();
    const std::int64_t next_midnight = (floor_div(boundary, kDay) + 1) * kDay;
    return std::min(boundary + every(), next_midnight);
  }
};

}  // namespace

Result<UnixTime> next_digest_boundary(const Subscription& subscription, UnixTime t) {
  const std::string& zone = subscription.digest_time_zone;
  auto offset = utc_offset(zone, t);
  if (!offset) return std::unexpected(offset.error());
  const WallSchedule schedule{subscription};
  // Start a boundary early: around a DST change the wall clock repeats or skips, and the
  // boundary at or before this reading of it may still lie after `t`.
  std::int64_t wall = schedule.at_or_before(schedule.at_or_before(t + *offset) - 1);
  for (int i = 0; i < 8; ++i, wall = schedule.after(wall)) {
    auto instant = local_to_utc(zone, wall);
    if (!instant) return std::unexpected(instant.error());
    if (*instant > t) return *instant;
  }
  return t + schedule.every();  // not reached: boundaries are at most a day apart on the clock
}

}  // namespace headlined::notify
