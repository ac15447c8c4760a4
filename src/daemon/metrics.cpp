#include "headlined/daemon/metrics.hpp"

#include <cmath>
#include <cstdio>

namespace headlined::daemon {

namespace {

struct FamilySpec {
  const char* name;
  const char* type;
  const char* help;
};

// Every family the daemon exports, declared up front so that /metrics lists them all from
// the first scrape (a family appearing only after its first event confuses alerting).
constexpr FamilySpec kFamilies[] = {
    {"headlined_fetches_total", "counter", "HTTP fetches by kind (source, article) and outcome"},
    {"headlined_fetch_bytes_total", "counter", "Bytes received (decompressed)"},
    {"headlined_fetch_duration_seconds", "histogram", "Time to fetch one URL"},
    {"headlined_polls_total", "counter", "Source polls by outcome"},
    {"headlined_articles_stored_total", "counter", "New snapshots committed"},
    {"headlined_articles_failed_total", "counter", "Article pages that could not be stored"},
    {"headlined_matches_total", "counter", "Subscription matches committed"},
    {"headlined_delivery_attempts_total", "counter",
     "Delivery attempts by channel and outcome (sent, retry, dead)"},
    {"headlined_delivery_latency_seconds", "histogram",
     "Time from a delivery being committed to its channel accepting it"},
    {"headlined_deliveries", "gauge", "Deliveries in the outbox by state"},
    {"headlined_oldest_pending_delivery_age_seconds", "gauge",
     "Age of the oldest pending delivery (0 when none)"},
    {"headlined_sources_due", "gauge", "Sources due and waiting for a worker"},
    {"headlined_polls_in_flight", "gauge", "Source polls being worked on"},
    {"headlined_commit_groups", "gauge",
     "Article transactions (group commits) since start; articles over groups = group size"},
    {"headlined_committed_articles", "gauge", "Articles handed through group commits since start"},
    {"headlined_articles_awaiting_commit", "gauge",
     "Articles extracted and matched, waiting for their group to commit"},
    {"headlined_search_index_lag_seconds", "gauge",
     "How long the oldest snapshot not yet in the search index has waited (0 when none)"},
    {"headlined_search_index_backlog", "gauge",
     "Snapshots stored but not yet in the search index (search reads them directly)"},
    {"headlined_search_indexed_snapshots", "gauge",
     "Snapshots the background step put in the search index since start"},
    {"headlined_search_index_batches", "gauge",
     "Search index transactions since start; snapshots over batches = batch size"},
    {"headlined_sources_failing", "gauge", "Sources whose last poll failed"},
    {"headlined_database_writable", "gauge",
     "1 while the database takes writes; 0 while it is full or read-only (collecting paused)"},
    {"headlined_snapshots_purged_total", "counter", "Snapshots deleted by the retention"},
    {"headlined_channel_paused", "gauge",
     "1 while the channel's receiver refuses it (bad token, keyword or IP rule, ...)"},
};

const std::vector<double>& default_buckets() {
  static const std::vector<double> buckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
                                              1,     2.5,  5,     10,   30,  60,   300};
  return buckets;
}

std::string escape_label(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string format_labels(const Labels& labels, const std::string& extra_name = {},
                          const std::string& extra_value = {}) {
  if (labels.empty() && extra_name.empty()) return "";
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : labels) {
    out += (first ? "" : ",") + k + "=\"" + escape_label(v) + "\"";
    first = false;
  }
  if (!extra_name.empty()) out += (first ? "" : ",") + extra_name + "=\"" + extra_value + "\"";
  return out + "}";
}

std::string format_number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

}  // namespace

Metrics::Metrics() {
  for (const FamilySpec& spec : kFamilies) {
    Family& f = families_[spec.name];
    f.help = spec.help;
    f.type = spec.type;
    if (f.type == "histogram") f.buckets = default_buckets();
  }
}

Metrics::Family& Metrics::family(const std::string& name) {
  Family& f = families_[name];
  if (f.type.empty()) {
    f.type = "gauge";
    f.help = name;
  }
  return f;
}

void Metrics::add(const std::string& counter, double value, const Labels& labels) {
  std::lock_guard lock(mutex_);
  family(counter).values[labels] += value;
}

void Metrics::set(const std::string& gauge, double value, const Labels& labels) {
  std::lock_guard lock(mutex_);
  family(gauge).values[labels] = value;
}

void Metrics::observe(const std::string& histogram, double value, const Labels& labels) {
  std::lock_guard lock(mutex_);
  Family& f = family(histogram);
  auto& counts = f.bucket_counts[labels];
  counts.resize(f.buckets.size(), 0);
  for (std::size_t i = 0; i < f.buckets.size(); ++i)
    if (value <= f.buckets[i]) ++counts[i];
  f.sums[labels] += value;
  ++f.counts[labels];
}

void Metrics::on_scrape(std::function<void(Metrics&)> refresh) {
  std::lock_guard lock(mutex_);
  refreshers_.push_back(std::move(refresh));
}

std::string Metrics::render() {
  std::vector<std::function<void(Metrics&)>> refreshers;
  {
    std::lock_guard lock(mutex_);
    refreshers = refreshers_;
  }
  for (auto& refresh : refreshers) refresh(*this);

  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, f] : families_) {
    out += "# HELP " + name + " " + f.help + "\n# TYPE " + name + " " + f.type + "\n";
    if (f.type != "histogram") {
      // An unlabelled counter or gauge with no sample yet still reports 0.
      if (f.values.empty() && f.type != "counter") continue;
      if (f.values.empty()) out += name + " 0\n";
      for (const auto& [labels, v] : f.values)
        out += name + format_labels(labels) + " " + format_number(v) + "\n";
      continue;
    }
    for (const auto& [labels, counts] : f.bucket_counts) {
      for (std::size_t i = 0; i < f.buckets.size(); ++i)
        out += name + "_bucket" + format_labels(labels, "le", format_number(f.buckets[i])) + " " +
               std::to_string(counts[i]) + "\n";
      out += name + "_bucket" + format_labels(labels, "le", "+Inf") + " " +
             std::to_string(f.counts.at(labels)) + "\n";
      out += name + "_sum" + format_labels(labels) + " " + format_number(f.sums.at(labels)) + "\n";
      out += name + "_count" + format_labels(labels) + " " + std::to_string(f.counts.at(labels)) +
             "\n";
    }
  }
  return out;
}

}  // namespace headlined::daemon
