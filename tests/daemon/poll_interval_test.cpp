// The adaptive interval (daemon/poll_interval.hpp): made-up publishing histories at a time
// the test chooses (bursty, quiet, by time of day), the publisher's headers and feed
// elements, and a fixed interval staying fixed. Then the daemon against a local server
// whose answers the test controls (429 with Retry-After, max-age).

#include <gtest/gtest.h>

#include <atomic>

#include "headlined/daemon/poll_interval.hpp"
#include "recording_sink.hpp"
#include "support/local_server.hpp"
#include "support/temp_dir.hpp"

namespace headlined::daemon {
namespace {

using headlined::testing::LocalServer;
using headlined::testing::TempDir;

// Monday 2024-01-01 12:00:00 UTC.
constexpr UnixTime kNoon = 1704110400;
constexpr UnixTime kHour = 3600;
constexpr UnixTime kDay = 86400;

config::SourcePolling adaptive(UnixTime min = 60, UnixTime max = 3600) {
  config::SourcePolling rule;
  rule.fixed = false;
  rule.min_interval = std::chrono::seconds(min);
  rule.max_interval = std::chrono::seconds(max);
  return rule;
}

TEST(PollInterval, FixedIntervalStaysFixedWhateverTheSourceSays) {
  config::SourcePolling rule;
  rule.fixed = true;
  rule.interval = std::chrono::seconds(300);
  PollSignals signals;
  signals.cache_control = "max-age=3000";
  signals.schedule.ttl = std::chrono::seconds(7200);
  for (UnixTime t = kNoon - kHour; t < kNoon; t += 60) signals.arrivals.push_back(t);
  PollPlan plan = plan_next_poll(rule, signals, kNoon, 1.0);  // jitter ignored too
  EXPECT_EQ(plan.next, kNoon + 300);
  EXPECT_EQ(plan.reason, "fixed interval");
}

TEST(PollInterval, BurstyShrinksToTheMinimumQuietGrowsToTheMaximum) {
  PollSignals bursty;
  for (int i = 5; i >= 1; --i) bursty.arrivals.push_back(kNoon - i * 600);  // every 10 min
  PollPlan plan = plan_next_poll(adaptive(), bursty, kNoon);
  EXPECT_EQ(plan.interval.count(), 240);  // three times per expected item (one per 12 min)
  EXPECT_NE(plan.reason.find("busy"), std::string::npos) << plan.reason;

  PollSignals flood;
  for (int i = 30; i >= 1; --i) flood.arrivals.push_back(kNoon - i * 100);
  EXPECT_EQ(plan_next_poll(adaptive(), flood, kNoon).interval.count(), 60);  // the minimum

  PollSignals quiet;
  quiet.arrivals = {kNoon - 6 * kDay};
  plan = plan_next_poll(adaptive(), quiet, kNoon);
  EXPECT_EQ(plan.interval.count(), 3600);

  PollSignals silent;
  plan = plan_next_poll(adaptive(), silent, kNoon);
  EXPECT_EQ(plan.interval.count(), 3600);
  EXPECT_NE(plan.reason.find("no new items"), std::string::npos) << plan.reason;
}

TEST(PollInterval, RateByTimeOfDay) {
  // A week of a source publishing hourly from 08:00 to 20:00 UTC and never at night.
  PollSignals signals;
  for (UnixTime day = kNoon - 7 * kDay + kHour; day < kNoon - kDay; day += kDay)
    for (int h = -4; h <= 8; ++h) signals.arrivals.push_back(day + h * kHour);
  const PollPlan noon = plan_next_poll(adaptive(), signals, kNoon);
  const PollPlan night = plan_next_poll(adaptive(), signals, kNoon + 12 * kHour);
  EXPECT_LT(noon.interval.count(), 3600) << noon.reason;
  EXPECT_NE(noon.reason.find("at this hour of day"), std::string::npos) << noon.reason;
  EXPECT_EQ(night.interval.count(), 3600) << night.reason;
  EXPECT_NE(night.reason.find("quiet at this hour"), std::string::npos) << night.reason;
}

TEST(PollInterval, PublisherHintsAreFloorsWithinTheMaximum) {
  PollSignals signals;
  for (int i = 5; i >= 1; --i) signals.arrivals.push_back(kNoon - i * 600);
  signals.cache_control = "public, max-age=900";
  PollPlan plan = plan_next_poll(adaptive(), signals, kNoon);
  EXPECT_EQ(plan.interval.count(), 900);
  EXPECT_NE(plan.reason.find("max-age 900"), std::string::npos) << plan.reason;

  signals.cache_control = "max-age=86400";  // beyond the maximum: the maximum
  EXPECT_EQ(plan_next_poll(adaptive(), signals, kNoon).interval.count(), 3600);

  signals.cache_control.clear();
  signals.expires = "Mon, 01 Jan 2024 12:20:00 GMT";  // 20 minutes after kNoon
  plan = plan_next_poll(adaptive(), signals, kNoon);
  EXPECT_EQ(plan.interval.count(), 1200);
  EXPECT_NE(plan.reason.find("Expires"), std::string::npos) << plan.reason;

  signals.expires.clear();
  signals.schedule = read_feed_schedule("<rss><channel><ttl>30</ttl></channel></rss>");
  EXPECT_EQ(plan_next_poll(adaptive(), signals, kNoon).interval.count(), 1800);

  signals.schedule = read_feed_schedule(
      "<rdf:RDF><channel><sy:updatePeriod>hourly</sy:updatePeriod>"
      "<sy:updateFrequency>2</sy:updateFrequency></channel></rdf:RDF>");
  ASSERT_TRUE(signals.schedule.update_gap);
  EXPECT_EQ(signals.schedule.update_gap->count(), 1800);
  EXPECT_EQ(plan_next_poll(adaptive(), signals, kNoon).interval.count(), 1800);
}

TEST(PollInterval, SkipHoursAndSkipDaysMoveThePoll) {
  PollSignals signals;
  signals.schedule = read_feed_schedule(
      "<rss><channel><skipHours><hour>12</hour><hour>13</hour></skipHours>"
      "<skipDays><day>Tuesday</day></skipDays></channel></rss>");
  EXPECT_EQ(signals.schedule.skip_hours, (std::vector<int>{12, 13}));
  EXPECT_EQ(signals.schedule.skip_days, (std::vector<int>{2}));
  signals.arrivals = {kNoon - 600};
  PollPlan plan = plan_next_poll(adaptive(60, 600), signals, kNoon);
  EXPECT_EQ(plan.next, kNoon + 2 * kHour);  // 14:00, the first hour not skipped
  // Monday 23:55 + 10 min falls on Tuesday: moved to Wednesday 00:00.
  const UnixTime late = kNoon + 11 * kHour + 55 * 60;
  plan = plan_next_poll(adaptive(600, 600), signals, late);
  EXPECT_EQ(plan.next, kNoon + 12 * kHour + kDay);
}

TEST(PollInterval, RetryAfterAndFailuresBackOff) {
  PollSignals signals;
  signals.arrivals = {kNoon - 600, kNoon - 300};
  signals.retry_after = std::chrono::seconds(7200);
  PollPlan plan = plan_next_poll(adaptive(), signals, kNoon);
  EXPECT_EQ(plan.next, kNoon + 7200);  // beyond the maximum: the server asked for it
  EXPECT_NE(plan.reason.find("Retry-After 7200"), std::string::npos) << plan.reason;
  signals.retry_after.reset();
  signals.consecutive_failures = 3;
  plan = plan_next_poll(adaptive(60, 3600), signals, kNoon);
  EXPECT_EQ(plan.interval.count(), 4 * 600);  // doubled per failure after the first
  EXPECT_NE(plan.reason.find("3 failure(s)"), std::string::npos) << plan.reason;
}

TEST(PollInterval, PushedSourceIsPolledOnlyAsASafetyNet) {
  PollSignals signals;
  for (int i = 5; i >= 1; --i) signals.arrivals.push_back(kNoon - i * 600);
  signals.pushed = true;
  signals.safety_poll = std::chrono::seconds(7200);
  PollPlan plan = plan_next_poll(adaptive(), signals, kNoon);
  EXPECT_EQ(plan.next, kNoon + 7200);
  EXPECT_NE(plan.reason.find("push active"), std::string::npos) << plan.reason;
}

TEST(PollInterval, JitterStaysWithinTenPercent) {
  PollSignals signals;
  signals.arrivals = {kNoon - 6 * kDay};
  EXPECT_EQ(plan_next_poll(adaptive(), signals, kNoon, 1.0).next, kNoon + 3960);
  EXPECT_EQ(plan_next_poll(adaptive(), signals, kNoon, -1.0).next, kNoon + 3240);
}

TEST(PollInterval, ArrivalEventsCollapseOnePollsItems) {
  EXPECT_EQ(arrival_events({100, 101, 103, 500, 530, 1000}),
            (std::vector<UnixTime>{100, 500, 1000}));
}

// The daemon polling a server the test controls: its answers decide the next poll.
class AdaptiveDaemon : public ::testing::Test {
 protected:
  std::unique_ptr<Daemon> daemon_for(const std::string& path, const std::string& max = "2h") {
    const std::string config = R"({"database": ")" + dir.file("h.db") +
                               R"(", "polling": {"min_interval": "1m", "max_interval": ")" + max +
                               R"("},
      "sources": [{"name": "s", "type": "feed", "url": ")" +
                               site.url(path) + R"(", "allow_private_addresses": true}]})";
    return daemon_from_text(config, dir.file("config.json"), sink);
  }

  TempDir dir;
  LocalServer site;
  RecordingSink sink;
};

TEST_F(AdaptiveDaemon, TooManyRequestsWithRetryAfterIsHonoured) {
  site.server().Get("/feed.xml", [](const httplib::Request&, httplib::Response& res) {
    res.status = 429;
    res.set_header("Retry-After", "5400");
  });
  site.start();
  auto daemon = daemon_for("/feed.xml", "10m");
  ASSERT_TRUE(daemon);
  const UnixTime before = now_unix();
  std::atomic<bool> stop{false};
  daemon->run_once(stop);
  auto state = daemon->store().source_state("s");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->consecutive_failures, 1);
  EXPECT_GE(state->next_attempt_at, before + 5400);
  EXPECT_LE(state->next_attempt_at, now_unix() + 5400);
  EXPECT_NE(state->poll_reason.find("Retry-After 5400"), std::string::npos) << state->poll_reason;
}

TEST_F(AdaptiveDaemon, MaxAgeAndTtlKeepAQuietFeedFromBeingPolledEarly) {
  site.server().Get("/feed.xml", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Cache-Control", "max-age=1800");
    res.set_content(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><ttl>45</ttl>"
        "</channel></rss>",
        "application/rss+xml");
  });
  site.start();
  auto daemon = daemon_for("/feed.xml");
  ASSERT_TRUE(daemon);
  const UnixTime before = now_unix();
  std::atomic<bool> stop{false};
  daemon->run_once(stop);
  auto state = daemon->store().source_state("s");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->consecutive_failures, 0) << state->last_error;
  // Nothing published yet: the maximum (2 h) with ±10 % jitter.
  EXPECT_EQ(state->poll_interval, 7200) << state->poll_reason;
  EXPECT_GE(state->next_attempt_at, before + 6480);
  EXPECT_LE(state->next_attempt_at, now_unix() + 7920);
}

TEST_F(AdaptiveDaemon, BusyFeedIsPolledAtItsPace) {
  // Every poll finds a new item; the stored arrivals then say "busy".
  std::atomic<int> served{0};
  site.server().Get("/feed.xml", [&](const httplib::Request&, httplib::Response& res) {
    const int n = served++;
    res.set_header("Cache-Control", "max-age=120");
    res.set_content(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>"
        "<item><title>Story " +
            std::to_string(n) + "</title><link>" + site.url("/a/") + std::to_string(n) +
            "</link></item></channel></rss>",
        "application/rss+xml");
  });
  site.server().Get(R"(/a/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content("<html><head><title>Story " + req.matches[1].str() +
                        "</title></head><body><article><p>Text of a story long enough to be an "
                        "article body, with a sentence or two.</p></article></body></html>",
                    "text/html");
  });
  site.start();
  auto daemon = daemon_for("/feed.xml");
  ASSERT_TRUE(daemon);
  std::atomic<bool> stop{false};
  daemon->run_once(stop);
  auto state = daemon->store().source_state("s");
  ASSERT_TRUE(state);
  ASSERT_EQ(state->consecutive_failures, 0) << state->last_error;
  // One arrival in the last hour: the rate over the hour it spans, floored by max-age.
  EXPECT_LT(state->poll_interval, 7200) << state->poll_reason;
  EXPECT_GE(state->poll_interval, 120) << state->poll_reason;
}

}  // namespace
}  // namespace headlined::daemon
