#include <gtest/gtest.h>

#include "headlined/parse/date.hpp"

namespace headlined::parse {
namespace {

TEST(ParseDate, Rfc822WithNumericZone) {
  EXPECT_EQ(parse_date("Sun, 14 Apr 2024 08:45:07 +0800"), "2024-04-14T08:45:07+08:00");
}

TEST(ParseDate, Rfc822WithNamedZones) {
  EXPECT_EQ(parse_date("Thu, 11 Apr 2024 16:00:00 GMT"), "2024-04-11T16:00:00Z");
  EXPECT_EQ(parse_date("Fri, 12 Apr 2024 10:00:00 EST"), "2024-04-12T10:00:00-05:00");
  EXPECT_EQ(parse_date("12 Apr 2024 10:00 PDT"), "2024-04-12T10:00:00-07:00");
  EXPECT_EQ(parse_date("Mon, 1 Jan 24 00:00:00 UT"), "2024-01-01T00:00:00Z");
}

TEST(ParseDate, Rfc3339) {
  EXPECT_EQ(parse_date("2024-04-14T08:45:07+08:00"), "2024-04-14T08:45:07+08:00");
  EXPECT_EQ(parse_date("2024-04-14T00:45:07.123Z"), "2024-04-14T00:45:07Z");
  EXPECT_EQ(parse_date("2024-04-12T09:15:00-04:00"), "2024-04-12T09:15:00-04:00");
}

TEST(ParseDate, LocalTimesKeepNoZone) {
  EXPECT_EQ(parse_date("2024-04-14 08:45:07"), "2024-04-14T08:45:07");
  EXPECT_EQ(parse_date("2024年04月14日 08:45"), "2024-04-14T08:45:00");
  EXPECT_EQ(parse_date("2024年4月14日08时45分"), "2024-04-14T08:45:00");
  EXPECT_EQ(parse_date("2024/4/14"), "2024-04-14T00:00:00");
  EXPECT_EQ(parse_date("2024.04.14 8:05"), "2024-04-14T08:05:00");
}

TEST(ParseDate, LeadingTextIsSkipped) {
  EXPECT_EQ(parse_date("发布时间：2024-04-14 08:45:07"), "2024-04-14T08:45:07");
  EXPECT_EQ(parse_date("快照生成时间:2024-04-14 08:45:07"), "2024-04-14T08:45:07");
  EXPECT_EQ(parse_date("来源：淄博日报 发布日期：2024年04月14日"), "2024-04-14T00:00:00");
  EXPECT_EQ(parse_date("Published April 12, 2024"), "2024-04-12T00:00:00");
  EXPECT_EQ(parse_date("时间：2024-04-14 08:30：15"), "2024-04-14T08:30:15");  // full-width colon
}

TEST(ParseDate, NumbersThatAreNotDatesAreSkipped) {
  // Part of a longer number, an impossible month, then the real date.
  EXPECT_EQ(parse_date("id 120240414 2024-13-01 then 2024-02-29"), "2024-02-29T00:00:00");
  EXPECT_EQ(parse_date("2023-02-29"), "");                           // not a leap year
  EXPECT_EQ(parse_date("2024-04-14 25:00"), "2024-04-14T00:00:00");  // the bad time is dropped
}

TEST(ParseDate, NothingDateLike) {
  EXPECT_EQ(parse_date(""), "");
  EXPECT_EQ(parse_date("高青县一季度招商49次"), "");
  EXPECT_EQ(parse_date("Mayor said 12 things"), "");
}

TEST(ParseDateUtc, FeedDatesAreInstantsInUtc) {
  EXPECT_EQ(parse_date_utc("Mon, 01 Jan 2024 03:00:00 +0800"), "2023-12-31T19:00:00Z");
  EXPECT_EQ(parse_date_utc("Thu, 09 Feb 2006 16:59:45 pDt"), "2006-02-09T23:59:45Z");
  EXPECT_EQ(parse_date_utc("2024-02-29 23:59:59"), "2024-02-29T23:59:59Z");  // no zone: UTC
  EXPECT_EQ(parse_date_utc("2003-07-01 T 01:55:07-05:00"), "2003-07-01T06:55:07Z");
  EXPECT_EQ(parse_date_utc("20021231T19:20:30.45+01:00"), "2002-12-31T18:20:30Z");
  EXPECT_EQ(parse_date_utc("2003"), "2003-01-01T00:00:00Z");
  EXPECT_EQ(parse_date_utc("2002-12"), "2002-12-01T00:00:00Z");
  EXPECT_EQ(parse_date_utc("Sun, 09 Feb 1806 23:59:45 +0000"), "1806-02-09T23:59:45Z");
}

TEST(ParseDateUtc, W3cFieldsPastTheirRangeCarryOver) {
  EXPECT_EQ(parse_date_utc("2003-07-01T25:51:30-0500"), "2003-07-02T06:51:30Z");
  EXPECT_EQ(parse_date_utc("2003-07-32T15:51:30-0500"), "2003-08-01T20:51:30Z");
  EXPECT_EQ(parse_date_utc("2003-13-01T15:51:30-0500"), "2004-01-01T20:51:30Z");
  // Outside feeds such text is no date-time.
  EXPECT_EQ(parse_date("2003-07-01T25:51:30-0500"), "2003-07-01T00:00:00");
}

}  // namespace
}  // namespace headlined::parse
