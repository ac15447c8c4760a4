#pragma once
// In-process metrics in the Prometheus text format: counters and histograms with labels,
// updated from the daemon's events, plus gauges computed when scraped.

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace headlined::daemon {

using Labels = std::map<std::string, std::string>;

class Metrics {
 public:
  Metrics();

  void add(const std::string& counter, double value = 1, const Labels& labels = {});
  void observe(const std::string& histogram, double value, const Labels& labels = {});
  void set(const std::string& gauge, double value, const Labels& labels = {});

  // Gauges computed at scrape time (from the database, queue sizes); called with no lock held.
  void on_scrape(std::function<void(Metrics&)> refresh);

  // The exposition text (version 0.0.4): HELP and TYPE for every family, then samples.
  std::string render();

 private:
  struct Family {
    std::string help;
    std::string type;  // counter, gauge or histogram
    std::vector<double> buckets;
    std::map<Labels, double> values;                             // counter and gauge
    std::map<Labels, std::vector<std::uint64_t>> bucket_counts;  // histogram, per bucket
    std::map<Labels, double> sums;
    std::map<Labels, std::uint64_t> counts;
  };
  Family& family(const std::string& name);

  std::mutex mutex_;
  std::map<std::string, Family> families_;
  std::vector<std::function<void(Metrics&)>> refreshers_;
};

}  // namespace headlined::daemon
