// A feed URL that serves something else: the error names what arrived.

#include <gtest/gtest.h>

#include "headlined/parse/feed.hpp"

namespace headlined::parse {
namespace {

TEST(FeedArrival, HtmlLoginWallIsNamedByTypeAndFirstBytes) {
  std::string page =
      "<!DOCTYPE html>\n<html>\n  <head><title>Sign in</title></head><body>"
      "<form action=/login></form></body></html>";
  auto feed = parse_feed_response(page, "https://wall.example/feed", "text/html; charset=utf-8");
  ASSERT_FALSE(feed);
  EXPECT_EQ(feed.error().where, "https://wall.example/feed");
  const std::string& what = feed.error().what;
  EXPECT_NE(what.find("not a feed"), std::string::npos) << what;
  EXPECT_NE(what.find("content type text/html; charset=utf-8"), std::string::npos) << what;
  EXPECT_NE(what.find("starts \"<!DOCTYPE html> <html> <head><title>Sign in"), std::string::npos)
      << what;
}

TEST(FeedArrival, JsonThatIsNotJsonFeed) {
  auto feed = parse_feed_response("{\"error\": \"rate limited\"}", "https://api.example/feed",
                                  "application/json");
  ASSERT_FALSE(feed);
  EXPECT_NE(feed.error().what.find("not a JSON Feed"), std::string::npos) << feed.error().what;
  EXPECT_NE(feed.error().what.find("application/json, starts \"{\"error\""), std::string::npos)
      << feed.error().what;
}

TEST(FeedArrival, EmptyBodyAndLongPreviewStayShort) {
  auto empty = parse_feed_response("", "https://e.example/feed", "");
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().what.find("no content type, empty body"), std::string::npos);

  std::string chinese = "<html><body>";
  for (int i = 0; i < 100; ++i) chinese += "新闻";
  std::string described = describe_arrival(chinese, "text/html");
  // 60 characters at most, never cut inside one.
  EXPECT_EQ(
      described, "content type text/html, starts \"<html><body>" + [] {
        std::string s;
        for (int i = 0; i < 24; ++i) s += "新闻";
        return s;
      }() + "\"");
}

}  // namespace
}  // namespace headlined::parse
