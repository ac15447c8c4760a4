// poll_schedule_bench [--seed N]: 200 simulated sources with realistic publishing rates (a few
// busy, most quiet, many silent at night), polled for eight simulated days by the daemon's
// own planner (plan_next_poll, adaptive between 2 min and 1 h) and by a fixed 5-minute
// interval. The first seven days give the planner its history; the eighth is measured:
// requests per hour, and p50 / p95 appearance -> poll delay for the busy sources and for all.
// A simulation of the policy in simulated time: no network, no daemon (bench/soak runs that).

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "headlined/daemon/poll_interval.hpp"

namespace {

using headlined::UnixTime;
using namespace headlined::daemon;

constexpr UnixTime kHour = 3600;
constexpr UnixTime kDay = 86400;
constexpr UnixTime kStart = 1704067200;  // 2024-01-01 00:00 UTC
constexpr UnixTime kMeasureFrom = kStart + 7 * kDay;
constexpr UnixTime kEnd = kStart + 8 * kDay;

struct Profile {
  const char* name;
  int count;
  double day_per_hour;    // items per hour 07:00-23:00
  double night_per_hour;  // items per hour otherwise
};

// A few busy outlets, a body of regular ones silent at night, and many quiet ones.
const Profile kProfiles[] = {
    {"busy", 10, 8.0, 1.0},
    {"regular", 70, 0.5, 0.0},
    {"quiet", 120, 0.05, 0.02},
};

struct SimSource {
  const Profile* profile;
  std::vector<UnixTime> published;  // sorted
};

std::vector<UnixTime> publish_times(const Profile& p, std::mt19937_64& random) {
  std::vector<UnixTime> out;
  std::exponential_distribution<double> gap(1.0);
  for (UnixTime hour = kStart; hour < kEnd; hour += kHour) {
    const int h = static_cast<int>((hour % kDay) / kHour);
    const double rate = (h >= 7 && h < 23) ? p.day_per_hour : p.night_per_hour;
    if (rate <= 0) continue;
    double t = gap(random) / rate;
    while (t < 1.0) {
      out.push_back(hour + static_cast<UnixTime>(t * kHour));
      t += gap(random) / rate;
    }
  }
  return out;
}

struct Outcome {
  long requests = 0;                  // polls in the measured day
  std::vector<UnixTime> delays;       // appearance -> poll, measured day, all sources
  std::vector<UnixTime> busy_delays;  // the same, busy sources only
};

Outcome simulate(const std::vector<SimSource>& sources, bool adaptive, std::mt19937_64& random) {
  Outcome out;
  std::uniform_real_distribution<double> jitter(-1.0, 1.0);
  headlined::config::SourcePolling rule;
  rule.fixed = !adaptive;
  rule.interval = std::chrono::seconds(300);
  for (const SimSource& s : sources) {
    std::vector<UnixTime> events;  // polls that found new items
    std::size_t next_item = 0;
    // Sources start at random offsets, as a daemon's do after a while.
    UnixTime t = kStart + static_cast<UnixTime>(random() % 300);
    while (t < kEnd) {
      bool found = false;
      while (next_item < s.published.size() && s.published[next_item] <= t) {
        if (t >= kMeasureFrom) {
          out.delays.push_back(t - s.published[next_item]);
          if (std::strcmp(s.profile->name, "busy") == 0)
            out.busy_delays.push_back(t - s.published[next_item]);
        }
        ++next_item;
        found = true;
      }
      if (found) events.push_back(t);
      if (t >= kMeasureFrom) ++out.requests;
      PollSignals signals;
      // The week the daemon reads back from its database.
      auto from = std::lower_bound(events.begin(), events.end(), t - 7 * kDay);
      signals.arrivals.assign(from, events.end());
      t = plan_next_poll(rule, signals, t, adaptive ? jitter(random) : 0).next;
    }
  }
  return out;
}

UnixTime percentile(std::vector<UnixTime> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  unsigned long seed = 17;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--seed") seed = std::strtoul(argv[i + 1], nullptr, 10);
  std::mt19937_64 random(seed);
  std::vector<SimSource> sources;
  for (const Profile& p : kProfiles)
    for (int i = 0; i < p.count; ++i) sources.push_back({&p, publish_times(p, random)});
  std::mt19937_64 random_fixed(seed + 1), random_adaptive(seed + 2);
  const Outcome fixed = simulate(sources, false, random_fixed);
  const Outcome adaptive = simulate(sources, true, random_adaptive);
  std::printf("200 simulated sources (seed %lu), measured over day 8 after 7 days of history\n",
              seed);
  std::printf("%-34s %14s %14s\n", "", "fixed 5 min", "adaptive");
  std::printf("%-34s %14.0f %14.0f\n", "requests per hour",
              static_cast<double>(fixed.requests) / 24.0,
              static_cast<double>(adaptive.requests) / 24.0);
  std::printf("%-34s %14ld %14ld\n", "busy sources p50 appearance->poll s",
              static_cast<long>(percentile(fixed.busy_delays, 0.50)),
              static_cast<long>(percentile(adaptive.busy_delays, 0.50)));
  std::printf("%-34s %14ld %14ld\n", "busy sources p95 appearance->poll s",
              static_cast<long>(percentile(fixed.busy_delays, 0.95)),
              static_cast<long>(percentile(adaptive.busy_delays, 0.95)));
  std::printf("%-34s %14ld %14ld\n", "all sources p95 appearance->poll s",
              static_cast<long>(percentile(fixed.delays, 0.95)),
              static_cast<long>(percentile(adaptive.delays, 0.95)));
  std::printf(
      "%-34s %14.1f %%\n", "requests saved",
      100.0 * (1.0 - static_cast<double>(adaptive.requests) / static_cast<double>(fixed.requests)));
  return 0;
}
