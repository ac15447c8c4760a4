// Time zones from the system's tzdata: offsets at an instant, and wall-clock times back to
// instants across DST changes (the skipped and the repeated hour).

#include "headlined/core/time_zone.hpp"

#include <gtest/gtest.h>

namespace headlined {
namespace {

TEST(TimeZone, OffsetsComeFromTheZoneFiles) {
  EXPECT_EQ(utc_offset("Asia/Shanghai", 1713055507), 8 * 3600);
  EXPECT_EQ(utc_offset("UTC", 1713055507), 0);
  EXPECT_EQ(utc_offset("America/New_York", 1719849600), -4 * 3600);  // 2024-07-01, EDT
  EXPECT_EQ(utc_offset("America/New_York", 1704110400), -5 * 3600);  // 2024-01-01, EST
  EXPECT_FALSE(utc_offset("No/Such_Zone", 0));
  EXPECT_FALSE(utc_offset("../../etc/passwd", 0));
}

TEST(TimeZone, AWallClockTimeIsTheInstantItReadsSo) {
  // 2024-07-01 12:00 on New York's clock is 16:00Z; in Shanghai 04:00Z.
  EXPECT_EQ(local_to_utc("America/New_York", 1719835200), 1719849600);
  EXPECT_EQ(local_to_utc("Asia/Shanghai", 1719835200), 1719835200 - 8 * 3600);
  EXPECT_EQ(local_to_utc("UTC", 1719835200), 1719835200);
  EXPECT_FALSE(local_to_utc("No/Such_Zone", 0));
}

TEST(TimeZone, TheSkippedAndTheRepeatedHour) {
  // 2024-03-10 02:30 never happens in New York (02:00 EST -> 03:00 EDT): it lands as far past
  // the gap's start, 03:30 EDT = 07:30Z.
  EXPECT_EQ(local_to_utc("America/New_York", 1710037800), 1710055800);
  // 2024-11-03 01:30 happens twice (EDT, then EST): the earlier, 05:30Z.
  EXPECT_EQ(local_to_utc("America/New_York", 1730597400), 1730611800);
}

}  // namespace
}  // namespace headlined
