#pragma once
// When a source is polled next (docs/sources.md, "How often a source is polled"). A source
// with a fixed "interval" keeps it. Otherwise the interval adapts between the source's
// min_interval and max_interval from what the source showed: how often polls found new
// items (by time of day too), the response's Cache-Control max-age and Expires, a 429/503's
// Retry-After, the feed's <ttl>, <skipHours>, <skipDays> and sy:updatePeriod /
// sy:updateFrequency; a source whose hub pushes is polled only as a slow safety net. A
// jitter of up to ±10 % keeps the sources of one host from polling in lockstep.
//
// Everything here is a pure function of its arguments (the time included), so it is tested
// with made-up histories instead of waiting hours.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "headlined/config/config.hpp"
#include "headlined/core/types.hpp"

namespace headlined::daemon {

// What a feed says about its own schedule (RSS 2.0 and the RSS 1.0 syndication module).
struct FeedSchedule {
  std::optional<std::chrono::seconds> ttl;         // <ttl> minutes
  std::optional<std::chrono::seconds> update_gap;  // sy:updatePeriod / sy:updateFrequency
  std::vector<int> skip_hours;                     // <skipHours><hour>, 0-23 GMT
  std::vector<int> skip_days;                      // <skipDays><day>, 0 = Sunday
};

FeedSchedule read_feed_schedule(std::string_view feed_body);

struct PollSignals {
  // When the polls that found new items ran (one entry per such poll, oldest first), over
  // the last week or so.
  std::vector<UnixTime> arrivals;
  // The response's headers (empty when not sent / the poll failed).
  std::string cache_control;
  std::string expires;
  // A 429 or 503 asked to wait this long.
  std::optional<std::chrono::seconds> retry_after;
  FeedSchedule schedule;
  // A WebSub hub pushes this source: poll only every `safety_poll`.
  bool pushed = false;
  std::chrono::seconds safety_poll{3600};
  int consecutive_failures = 0;
};

struct PollPlan {
  std::chrono::seconds interval{0};  // before jitter and skip hours
  UnixTime next = 0;
  std::string reason;  // for `headlined sources`: "3.0 new/h at this hour", "Retry-After 600 s"
};

// `jitter` in [-1, 1] (the caller draws it; tests pass 0) scales ±10 %.
PollPlan plan_next_poll(const config::SourcePolling& rule, const PollSignals& signals, UnixTime now,
                        double jitter = 0);

// Collapses arrival times less than `gap` apart into one (a poll stores its items over a few
// seconds).
std::vector<UnixTime> arrival_events(const std::vector<UnixTime>& fetched_at, UnixTime gap = 60);

}  // namespace headlined::daemon
