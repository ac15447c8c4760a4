#include "headlined/config/duration.hpp"

#include <gtest/gtest.h>

namespace headlined::config {
namespace {

TEST(Duration, ParsesUnitsAndCombinations) {
  EXPECT_EQ(parse_duration("90s"), std::chrono::seconds(90));
  EXPECT_EQ(parse_duration("5m"), std::chrono::seconds(300));
  EXPECT_EQ(parse_duration("2h"), std::chrono::seconds(7200));
  EXPECT_EQ(parse_duration("1d"), std::chrono::seconds(86400));
  EXPECT_EQ(parse_duration("1h30m"), std::chrono::seconds(5400));
}

TEST(Duration, RejectsMalformedZeroAndHugeValues) {
  EXPECT_FALSE(parse_duration(""));
  EXPECT_NE(parse_duration("5").error().find("unit"), std::string::npos);
  EXPECT_NE(parse_duration("5x").error().find("unknown duration unit 'x'"), std::string::npos);
  EXPECT_FALSE(parse_duration("m"));
  EXPECT_FALSE(parse_duration("5 m"));
  EXPECT_FALSE(parse_duration("-5m"));
  EXPECT_NE(parse_duration("0s").error().find("longer than zero"), std::string::npos);
  EXPECT_NE(parse_duration("366d").error().find("365 days"), std::string::npos);
  EXPECT_FALSE(parse_duration("99999999999999999999999s"));
}

}  // namespace
}  // namespace headlined::config
