// Digest windows follow the subscription's time zone: periodic windows start at local
// midnight and stay on local hours across DST changes; daily ones close at a local time.

#include "headlined/notify/digest_schedule.hpp"

#include <gtest/gtest.h>

namespace headlined::notify {
namespace {

using namespace std::chrono_literals;

Subscription every(std::chrono::seconds period, const std::string& zone) {
  Subscription s;
  s.delivery = DeliveryMode::Digest;
  s.digest_every = period;
  s.digest_time_zone = zone;
  return s;
}

TEST(DigestWindows, EveryNHoursIsAlignedToLocalMidnight) {
  const Subscription s = every(6h, "Asia/Shanghai");
  // 2024-04-14 07:30 in Shanghai: the window closes at 12:00 there (04:00Z), not 06:00Z.
  EXPECT_EQ(next_digest_boundary(s, 1713051000), 1713067200);
  // 22:30 there: the next is local midnight.
  EXPECT_EQ(next_digest_boundary(s, 1713105000), 1713110400);
  // A boundary itself belongs to the window it opens.
  EXPECT_EQ(next_digest_boundary(s, 1713067200), 1713067200 + 6 * 3600);
}

TEST(DigestWindows, APeriodThatDoesNotDivideTheDayRestartsAtMidnight) {
  // Every 7 hours: 00:00, 07:00, 14:00, 21:00, then midnight again (a 3-hour window).
  const Subscription s = every(7h, "Asia/Shanghai");
  EXPECT_EQ(next_digest_boundary(s, 1713101400), 1713110400);  // 21:30 -> 00:00
}

TEST(DigestWindows, HoursStayOnTheLocalClockAcrossDst) {
  // New York springs forward at 02:00 on 2024-03-10. Hourly: from 01:30 EST the next
  // boundary is 03:00 EDT, one real hour later.
  EXPECT_EQ(next_digest_boundary(every(1h, "America/New_York"), 1710052200), 1710054000);
  // Six-hourly: from 01:00 EST the next is 06:00 EDT (five real hours).
  EXPECT_EQ(next_digest_boundary(every(6h, "America/New_York"), 1710050400), 1710064800);
  // Falling back on 2024-11-03: from 00:30 EDT the next is 06:00 EST (six and a half hours).
  EXPECT_EQ(next_digest_boundary(every(6h, "America/New_York"), 1730608200), 1730631600);
}

TEST(DigestWindows, InUtcPeriodsDividingTheDayStayOnTheEpochGrid) {
  const Subscription s = every(30min, "UTC");
  EXPECT_EQ(next_digest_boundary(s, 1699999200), 1699999200 + 1800);
  EXPECT_EQ(next_digest_boundary(s, 1699999199), 1699999200);
}

TEST(DigestWindows, AnUnknownZoneIsAnError) {
  EXPECT_FALSE(next_digest_boundary(every(1h, "No/Such_Zone"), 0));
}

}  // namespace
}  // namespace headlined::notify
