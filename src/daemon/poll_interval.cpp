#include "headlined/daemon/poll_interval.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <regex>

namespace headlined::daemon {

namespace {

constexpr UnixTime kDay = 86400;
constexpr UnixTime kWeek = 7 * kDay;
// Failures double the interval per consecutive failure up to this (a broken site is not
// hammered, and is seen again within hours once it is back).
constexpr UnixTime kMaxBackoff = 6 * 3600;
// A Retry-After is honoured up to a day: beyond that it is more likely a mistake.
constexpr UnixTime kMaxRetryAfter = kDay;
// Polls per expected arrival: an item then waits a sixth of the gap on average. Three
// rather than two keeps busy sources' p95 under fixed 5-minute polling (docs/benchmarks.md).
constexpr UnixTime kPollsPerArrival = 3;

std::string seconds_text(UnixTime s) {
  return std::to_string(s) + " s";
}

std::string rate_text(double per_hour) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f", per_hour);
  return buffer;
}

std::optional<UnixTime> max_age(const std::string& cache_control) {
  static const std::regex kMaxAge(R"((?:^|[,\s])max-age\s*=\s*"?(\d{1,9}))", std::regex::icase);
  std::smatch m;
  if (!std::regex_search(cache_control, m, kMaxAge)) return std::nullopt;
  return std::stoll(m[1].str());
}

// Seconds of the day's circular distance between two times of day.
UnixTime time_of_day_distance(UnixTime a, UnixTime b) {
  const UnixTime d = std::llabs((a % kDay + kDay) % kDay - (b % kDay + kDay) % kDay);
  return std::min(d, kDay - d);
}

bool skipped(UnixTime t, const FeedSchedule& schedule) {
  const int hour = static_cast<int>((t % kDay) / 3600);
  // 1970-01-01 was a Thursday (4).
  const int day = static_cast<int>(((t / kDay) + 4) % 7);
  return std::find(schedule.skip_hours.begin(), schedule.skip_hours.end(), hour) !=
             schedule.skip_hours.end() ||
         std::find(schedule.skip_days.begin(), schedule.skip_days.end(), day) !=
             schedule.skip_days.end();
}

// The interval the observed arrivals suggest (before the bounds), and why.
std::pair<UnixTime, std::string> from_arrivals(const config::SourcePolling& source,
                                               const std::vector<UnixTime>& all, UnixTime now) {
  std::vector<UnixTime> events;
  for (UnixTime t : all)
    if (t > now - kWeek) events.push_back(t);  // a poll's own items may be a second later
  if (events.empty()) return {source.max_interval.count(), "no new items seen in the last week"};
  // One arrival of late (a new source's first poll stores its backlog) says nothing of the
  // rate yet: the source's default interval until there is more to go by.
  if (events.size() < 2 && now - events.back() < kDay)
    return {source.interval.count(), "little history yet: the default interval"};
  const UnixTime span = std::clamp<UnixTime>(now - events.front(), 3600, kWeek);
  UnixTime gap = span / static_cast<UnixTime>(events.size());
  std::string why =
      rate_text(3600.0 * static_cast<double>(events.size()) / static_cast<double>(span)) +
      " polls with new items/h observed";
  if (span >= 2 * kDay) {
    // By time of day: the same three hours around now on each day seen.
    constexpr UnixTime kHalfWindow = 5400;
    const auto at_this_hour = std::count_if(events.begin(), events.end(), [&](UnixTime t) {
      return time_of_day_distance(t, now) <= kHalfWindow;
    });
    const UnixTime window = (span / kDay) * 2 * kHalfWindow;
    if (at_this_hour == 0) {
      gap = kPollsPerArrival * source.max_interval.count();
      why = "quiet at this hour of day";
    } else {
      gap = window / at_this_hour;
      why = rate_text(3600.0 * static_cast<double>(at_this_hour) / static_cast<double>(window)) +
            " polls with new items/h at this hour of day";
    }
  }
  const auto last_hour =
      std::count_if(events.begin(), events.end(), [&](UnixTime t) { return t > now - 3600; });
  if (last_hour >= 2 && 3600 / last_hour <= gap) {
    gap = 3600 / last_hour;
    why = "busy: " + std::to_string(last_hour) + " polls with new items in the last hour";
  }
  return {gap / kPollsPerArrival, why};
}

}  // namespace

FeedSchedule read_feed_schedule(std::string_view feed_body) {
  FeedSchedule schedule;
  const std::string head(feed_body.substr(0, 64 * 1024));
  std::smatch m;
  static const std::regex kTtl(R"(<ttl>\s*(\d{1,7})\s*</ttl>)", std::regex::icase);
  if (std::regex_search(head, m, kTtl)) schedule.ttl = std::chrono::minutes(std::stoll(m[1]));
  static const std::regex kPeriod(R"(<sy:updatePeriod>\s*(\w+)\s*</sy:updatePeriod>)",
                                  std::regex::icase);
  static const std::regex kFrequency(R"(<sy:updateFrequency>\s*(\d{1,6})\s*</sy:updateFrequency>)",
                                     std::regex::icase);
  std::optional<UnixTime> period;
  if (std::regex_search(head, m, kPeriod)) {
    std::string p = m[1];
    std::transform(p.begin(), p.end(), p.begin(), [](unsigned char c) { return std::tolower(c); });
    if (p == "hourly") period = 3600;
    if (p == "daily") period = kDay;
    if (p == "weekly") period = kWeek;
    if (p == "monthly") period = 30 * kDay;
    if (p == "yearly") period = 365 * kDay;
  }
  if (period) {
    UnixTime frequency = 1;
    if (std::regex_search(head, m, kFrequency)) frequency = std::max<UnixTime>(1, std::stoll(m[1]));
    schedule.update_gap = std::chrono::seconds(*period / frequency);
  }
  static const std::regex kSkipHours(R"(<skipHours>([\s\S]*?)</skipHours>)", std::regex::icase);
  static const std::regex kHour(R"(<hour>\s*(\d{1,2})\s*</hour>)", std::regex::icase);
  if (std::regex_search(head, m, kSkipHours)) {
    const std::string inner = m[1];
    for (std::sregex_iterator it(inner.begin(), inner.end(), kHour), end; it != end; ++it) {
      const int h = std::stoi((*it)[1]);
      if (h >= 0 && h <= 24) schedule.skip_hours.push_back(h % 24);  // some write 24 for 0
    }
  }
  static const std::regex kSkipDays(R"(<skipDays>([\s\S]*?)</skipDays>)", std::regex::icase);
  static const std::regex kDayTag(R"(<day>\s*(\w+)\s*</day>)", std::regex::icase);
  if (std::regex_search(head, m, kSkipDays)) {
    static const char* kNames[] = {"sunday",   "monday", "tuesday", "wednesday",
                                   "thursday", "friday", "saturday"};
    const std::string inner = m[1];
    for (std::sregex_iterator it(inner.begin(), inner.end(), kDayTag), end; it != end; ++it) {
      std::string d = (*it)[1];
      std::transform(d.begin(), d.end(), d.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      for (int i = 0; i < 7; ++i)
        if (d == kNames[i]) schedule.skip_days.push_back(i);
    }
  }
  // A feed skipping every hour or every day would never be polled: such a list is ignored.
  if (schedule.skip_hours.size() >= 24) schedule.skip_hours.clear();
  if (schedule.skip_days.size() >= 7) schedule.skip_days.clear();
  return schedule;
}

std::vector<UnixTime> arrival_events(const std::vector<UnixTime>& fetched_at, UnixTime gap) {
  std::vector<UnixTime> sorted = fetched_at;
  std::sort(sorted.begin(), sorted.end());
  std::vector<UnixTime> events;
  for (UnixTime t : sorted)
    if (events.empty() || t - events.back() >= gap) events.push_back(t);
  return events;
}

PollPlan plan_next_poll(const config::SourcePolling& source, const PollSignals& signals,
                        UnixTime now, double jitter) {
  PollPlan plan;
  UnixTime interval = 0;
  const UnixTime lowest = std::max<UnixTime>(1, source.min_interval.count());
  const UnixTime highest = std::max<UnixTime>(lowest, source.max_interval.count());
  if (source.fixed) {
    interval = std::max<UnixTime>(1, source.interval.count());
    plan.reason = "fixed interval";
    jitter = 0;  // fixed means fixed
  } else {
    auto [observed, why] = from_arrivals(source, signals.arrivals, now);
    interval = std::clamp(observed, lowest, highest);
    plan.reason = why;
    // The publisher's word on when the feed can have changed: floors, within the maximum.
    auto floor_at = [&](UnixTime seconds, const std::string& what) {
      if (seconds <= interval) return;
      interval = std::min(seconds, highest);
      plan.reason += "; " + what;
    };
    if (auto age = max_age(signals.cache_control))
      floor_at(*age, "Cache-Control max-age " + seconds_text(*age));
    if (!signals.expires.empty()) {
      const time_t expires = curl_getdate(signals.expires.c_str(), nullptr);
      if (expires > now) floor_at(expires - now, "Expires in " + seconds_text(expires - now));
    }
    if (signals.schedule.ttl)
      floor_at(signals.schedule.ttl->count(),
               "<ttl> " + std::to_string(signals.schedule.ttl->count() / 60) + " min");
    if (signals.schedule.update_gap)
      floor_at(signals.schedule.update_gap->count(),
               "sy:updatePeriod every " + seconds_text(signals.schedule.update_gap->count()));
  }
  if (signals.pushed && signals.safety_poll.count() > interval) {
    interval = signals.safety_poll.count();
    plan.reason = "push active: safety-net poll";
  }
  if (signals.consecutive_failures > 0) {
    UnixTime delay = interval;
    for (int i = 1; i < signals.consecutive_failures && delay < kMaxBackoff; ++i) delay *= 2;
    interval = std::min(delay, std::max(kMaxBackoff, interval));
    plan.reason = std::to_string(signals.consecutive_failures) +
                  " failure(s) in a row: backing off (" + plan.reason + ")";
  }
  plan.interval = std::chrono::seconds(interval);
  UnixTime wait =
      interval + static_cast<UnixTime>(std::llround(static_cast<double>(interval) * 0.1 *
                                                    std::clamp(jitter, -1.0, 1.0)));
  wait = std::max<UnixTime>(1, wait);
  if (signals.retry_after && signals.retry_after->count() > wait) {
    wait = std::min<UnixTime>(signals.retry_after->count(), kMaxRetryAfter);
    plan.interval = std::chrono::seconds(wait);
    plan.reason = "Retry-After " + seconds_text(wait) + " (HTTP 429/503)";
  }
  plan.next = now + wait;
  // skipHours / skipDays (GMT): the next poll moves to the first hour not skipped.
  if (!source.fixed && skipped(plan.next, signals.schedule)) {
    UnixTime t = plan.next;
    for (int i = 0; i < 8 * 24 && skipped(t, signals.schedule); ++i) t = (t / 3600 + 1) * 3600;
    plan.next = t;
    plan.reason += "; skipHours/skipDays";
  }
  return plan;
}

}  // namespace headlined::daemon
